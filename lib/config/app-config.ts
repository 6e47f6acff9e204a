/**
 * The cloud app's configuration: every CDK context key is read and validated here, once, and
 * handed to the stacks as typed values. Problems are collected rather than thrown one by one, so
 * a bad `cdk deploy -c …` line is fixed in a single round trip.
 */
import * as fs from 'fs';
import * as path from 'path';
import { POST_FORMAT_CHOICES, type PostFormatChoice } from '../../lambda/io/post-format';
import { formatProblems, parseDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { DYNAMODB_TABLE_NAME } from '../../lambda/adapters/table-keys';
import { MAX_BACKFILL_MINUTES } from '../../lambda/x/x-settings';
import { FleetError, readRecommendation, type FleetRecommendation } from '../ops/emr/fleet';

/** The debate config used when no `debate` context is given (relative to the app's directory). */
export const DEFAULT_DEBATE_PATH = 'examples/gop-2015-09-16.json';

/**
 * Upper bound on `shards`: a guard against typos, not a service limit (the account's shard quota,
 * 200-500 by default, is enforced by AWS at deploy time).
 */
export const MAX_SHARDS = 10_000;

/** Where posts come from in the cloud: the X filtered stream, or a replay of an archive in S3. */
export type SourceKind = 'x' | 'replay';

/** Kinesis event source mappings accept 1 to 10 concurrent batches per shard. */
export const MAX_PARALLELIZATION_FACTOR = 10;

/** The stream between producer and processor. */
export const STREAM_KINDS = ['kinesis', 'msk'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];
/** MSK Serverless (default: ready in minutes, billed by the hour and partition) or provisioned brokers. */
export const MSK_CLUSTER_KINDS = ['serverless', 'provisioned'] as const;
export type MskClusterKind = (typeof MSK_CLUSTER_KINDS)[number];
/** Where the processor runs: a Lambda behind the stream's event source mapping, or ECS workers. */
export const PROCESSING_KINDS = ['lambda', 'ecs'] as const;
export type ProcessingKind = (typeof PROCESSING_KINDS)[number];
/** Capacity of the ECS workers: Fargate Spot (with a small on-demand base) or EC2 spot instances. */
export const ECS_CAPACITY_KINDS = ['fargate-spot', 'ec2'] as const;
export type EcsCapacityKind = (typeof ECS_CAPACITY_KINDS)[number];
/** Partitions of the posts topic when `shards` is not given: what a new on-demand Kinesis stream starts with. */
export const DEFAULT_MSK_PARTITIONS = 4;
/**
 * Upper bound on partitions (`shards` with stream=msk): MSK Serverless allows 2,400 partitions per
 * cluster (the provisioned limit depends on the brokers' size).
 */
export const MAX_MSK_PARTITIONS = 2400;
/** ECS workers when `workers` is not given (never more than the partitions). */
export const DEFAULT_WORKERS = 2;
/** Broker type of a provisioned cluster when `mskBrokerType` is not given (Graviton, the smallest m7g). */
export const DEFAULT_MSK_BROKER_TYPE = 'kafka.m7g.large';
const MSK_BROKER_TYPE = /^kafka\.[a-z0-9]+\.[a-z0-9]+$/;

/** The Kafka path's settings (`stream=msk`). */
export interface KafkaConfig {
  readonly cluster: MskClusterKind;
  /** Partitions of the posts topic (the `shards` setting). */
  readonly partitions: number;
  /** Broker instance type; provisioned clusters only. */
  readonly brokerType?: string;
}

/** The ECS workers' settings (`processing=ecs`). */
export interface WorkersConfig {
  /** Workers running at least (scaling on consumer lag adds up to one per partition). */
  readonly count: number;
  readonly capacity: EcsCapacityKind;
  /** The spot recommendation the EC2 capacity is built from (`ecsCapacity=ec2` only). */
  readonly recommendation?: FleetRecommendation;
  /** The recommendation file, as given. */
  readonly recommendationPath?: string;
}

/** Validated configuration of the cloud app. */
export interface AppConfig {
  /** The debate config file, as given (relative to the app's directory unless absolute). */
  readonly debatePath: string;
  readonly debate: DebateConfig;
  /** The stream between producer and processor: Kinesis, or Kafka on Amazon MSK. */
  readonly stream: StreamKind;
  /** Provisioned shard count (Kinesis); absent means on-demand capacity. With msk: see `kafka`. */
  readonly shards?: number;
  /** The Kafka path's settings; present exactly when `stream` is `msk`. */
  readonly kafka?: KafkaConfig;
  /** Where the processor runs. */
  readonly processing: ProcessingKind;
  /** The ECS workers; present exactly when `processing` is `ecs`. */
  readonly workers?: WorkersConfig;
  /** Where operational alarms are e-mailed; absent means alarms without a subscription. */
  readonly alarmEmail?: string;
  readonly source: SourceKind;
  /** `s3://bucket/key` of the recorded posts to replay; present exactly when `source` is `replay`. */
  readonly replayUri?: string;
  /** Replay pace: a multiple of real time, or `Infinity` for as fast as the stream takes it. */
  readonly replaySpeed: number;
  /** Format of the recording; `auto`: by the key's extension, else by most of the first lines. */
  readonly replayFormat: PostFormatChoice;
  /** When the scheduled replay starts (epoch ms); absent means it is started by hand. */
  readonly replayStart?: number;
  /** Concurrent processor batches per shard (1-10). */
  readonly parallelizationFactor: number;
  /**
   * The dashboard's own host name and its ACM certificate (us-east-1); absent means the
   * distribution's `*.cloudfront.net` name, on which CloudFront cannot refuse TLSv1.
   */
  readonly dashboardDomain?: { readonly name: string; readonly certificateArn: string };
  /** An aggregates table kept from an earlier deploy, to attach; absent means a new table. */
  readonly aggregatesTable?: string;
  /** Live source: most minutes a reconnect asks X to backfill (X Enterprise only); 0 = off. */
  readonly backfillMinutes: number;
}

/** What the config needs from a construct node (`app.node` satisfies it). */
export interface ContextSource {
  tryGetContext(key: string): unknown;
  /** When available, used to reject misspelt keys, which CDK would otherwise silently ignore. */
  getAllContext?(): Record<string, unknown>;
}

/** Thrown when the context is invalid; `problems` holds one `key: message` line per problem. */
export class ContextError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid context:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ContextError';
  }
}

/** The context keys the app reads, in the order they are documented. */
export const CONTEXT_KEYS = [
  'debate',
  'stream',
  'shards',
  'mskCluster',
  'mskBrokerType',
  'processing',
  'workers',
  'ecsCapacity',
  'ecsRecommendation',
  'alarmEmail',
  'source',
  'replayUri',
  'replaySpeed',
  'replayFormat',
  'replayStart',
  'parallelizationFactor',
  'dashboardDomain',
  'dashboardCertificateArn',
  'aggregatesTable',
  'backfillMinutes',
] as const;

const SOURCE_KINDS: readonly SourceKind[] = ['x', 'replay'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// S3 bucket naming rules (3-63 characters, lower-case letters, digits, dots and hyphens), then the
// key of one object: the replay producer reads a single recording.
const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(\S*[^\s/])$/;
// Context keys shaped like ours (plain camelCase); CDK's own keys all contain ':' or '-'.
const PLAIN_KEY = /^[a-zA-Z][a-zA-Z0-9]*$/;
const SECRET_LIKE = /token|secret|password|bearer|credential/i;
/** A DNS host name of two or more labels (what CloudFront accepts as an alternate domain name). */
export const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// CloudFront takes certificates from ACM in us-east-1 only.
const CLOUDFRONT_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/**
 * Reads and validates every context key; `baseDir` resolves a relative `debate` path.
 * @throws ContextError listing every problem, each naming the key and the offending value.
 */
export function readAppConfig(context: ContextSource, baseDir: string): AppConfig {
  const problems: string[] = [];
  const add = (key: string, message: string): void => {
    problems.push(`${key}: ${message}`);
  };

  checkUnknownKeys(context, add);

  const debatePathValue = optionalString(context, 'debate', add) ?? DEFAULT_DEBATE_PATH;
  const debate = loadDebate(debatePathValue, baseDir, add);

  const streamValue = optionalString(context, 'stream', add) ?? 'kinesis';
  const stream = STREAM_KINDS.find((k) => k === streamValue);
  if (stream === undefined)
    add('stream', `${show(streamValue)} is not a stream kind (expected one of ${STREAM_KINDS.join(', ')})`);

  const shards = readShards(context, add, stream === 'msk' ? MAX_MSK_PARTITIONS : MAX_SHARDS);
  const kafka = readKafka(context, add, stream, shards);
  const processingValue = optionalString(context, 'processing', add) ?? 'lambda';
  const processing = PROCESSING_KINDS.find((k) => k === processingValue);
  if (processing === undefined)
    add(
      'processing',
      `${show(processingValue)} is not a processing kind (expected one of ${PROCESSING_KINDS.join(', ')})`,
    );
  else if (processing === 'ecs' && stream === 'kinesis')
    add(
      'processing',
      '"ecs" runs the processor as Kafka consumer-group workers: it needs stream=msk (stream is "kinesis")',
    );
  const workers = readWorkers(context, add, processing, kafka, baseDir);

  const alarmEmail = optionalString(context, 'alarmEmail', add);
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail))
    add('alarmEmail', `${show(alarmEmail)} is not an e-mail address`);

  const sourceValue = optionalString(context, 'source', add) ?? 'x';
  const source = SOURCE_KINDS.find((s) => s === sourceValue);
  if (source === undefined)
    add('source', `${show(sourceValue)} is not a source (expected one of ${SOURCE_KINDS.join(', ')})`);

  const replayUri = optionalString(context, 'replayUri', add);
  if (replayUri !== undefined) {
    if (!S3_URI.test(replayUri))
      add(
        'replayUri',
        `${show(replayUri)} is not an S3 object URI like s3://my-bucket/debates/gop-2015-09-16.jsonl.gz`,
      );
    if (source === 'x')
      add('replayUri', `${show(replayUri)} is only used with source=replay (source is "x")`);
  } else if (source === 'replay') {
    add('replayUri', 'required with source=replay: the s3://bucket/key of the recorded posts to replay');
  }

  const replaySpeed = readReplaySpeed(context, add);
  const replayFormatValue = optionalString(context, 'replayFormat', add) ?? 'auto';
  const replayFormat = POST_FORMAT_CHOICES.find((f) => f === replayFormatValue);
  if (replayFormat === undefined)
    add(
      'replayFormat',
      `${show(replayFormatValue)} is not a format (expected one of ${POST_FORMAT_CHOICES.join(', ')})`,
    );
  const replayStart = readReplayStart(context, add);
  if (source !== 'replay') {
    for (const key of ['replaySpeed', 'replayFormat', 'replayStart'] as const)
      if (!isUnset(context.tryGetContext(key)))
        add(key, `only used with source=replay (source is "${sourceValue}")`);
  }
  const parallelizationFactor = readParallelization(context, add);
  if (parallelizationFactor !== undefined && stream === 'msk')
    add(
      'parallelizationFactor',
      'only used with stream=kinesis; with msk, Lambda reads each partition in order (more partitions: shards=N)',
    );
  const dashboardDomain = readDashboardDomain(context, add);

  const aggregatesTable = optionalString(context, 'aggregatesTable', add);
  if (aggregatesTable !== undefined && !DYNAMODB_TABLE_NAME.test(aggregatesTable))
    add(
      'aggregatesTable',
      `${show(aggregatesTable)} is not a DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .); use the TableName output of the earlier deploy`,
    );

  const backfillMinutes = readBackfillMinutes(context, add);
  if (backfillMinutes !== undefined && source === 'replay')
    add('backfillMinutes', 'only used with source=x (source is "replay")');

  if (
    problems.length > 0 ||
    debate === undefined ||
    source === undefined ||
    stream === undefined ||
    processing === undefined
  )
    throw new ContextError(problems);
  return {
    debatePath: debatePathValue,
    debate,
    stream,
    processing,
    source,
    replaySpeed: replaySpeed ?? 1,
    replayFormat: replayFormat ?? 'auto',
    parallelizationFactor: parallelizationFactor ?? 1,
    backfillMinutes: backfillMinutes ?? 0,
    ...(shards !== undefined && stream === 'kinesis' ? { shards } : {}),
    ...(kafka !== undefined ? { kafka } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(replayStart !== undefined ? { replayStart } : {}),
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    ...(replayUri !== undefined ? { replayUri } : {}),
    ...(dashboardDomain !== undefined ? { dashboardDomain } : {}),
    ...(aggregatesTable !== undefined ? { aggregatesTable } : {}),
  };
}

/** A one-line explanation of the context keys, for error output. */
export function contextUsage(): string {
  return (
    'context keys (-c key=value): debate=<debate config path> stream=kinesis|msk shards=<1..' +
    `${MAX_SHARDS}, omit for on-demand; with msk: topic partitions, default ${DEFAULT_MSK_PARTITIONS}> ` +
    `mskCluster=${MSK_CLUSTER_KINDS.join('|')} mskBrokerType=<kafka.m7g.large…, provisioned only> ` +
    `processing=${PROCESSING_KINDS.join('|')} workers=<1..partitions, default ${DEFAULT_WORKERS}> ` +
    `ecsCapacity=${ECS_CAPACITY_KINDS.join('|')} ecsRecommendation=<trendoff spot --json output, with ec2> ` +
    'alarmEmail=<address> source=x|replay replayUri=s3://bucket/key ' +
    `replaySpeed=<number>|max replayFormat=${POST_FORMAT_CHOICES.join('|')} replayStart=<ISO 8601 instant> parallelizationFactor=<1..${MAX_PARALLELIZATION_FACTOR}> ` +
    'dashboardDomain=<host name> dashboardCertificateArn=<ACM certificate ARN in us-east-1> ' +
    'aggregatesTable=<table kept from an earlier deploy> ' +
    `backfillMinutes=<0..${MAX_BACKFILL_MINUTES}>`
  );
}

function checkUnknownKeys(context: ContextSource, add: (key: string, message: string) => void): void {
  const all = context.getAllContext?.() ?? {};
  const known: readonly string[] = CONTEXT_KEYS;
  for (const key of Object.keys(all)) {
    if (!PLAIN_KEY.test(key) || known.includes(key)) continue;
    // Never echo the value: it may be the very secret that must not be in context.
    if (SECRET_LIKE.test(key))
      add(
        key,
        'secrets never go in context; put the X bearer token in the Secrets Manager secret named by the stack output BearerTokenSecretArn',
      );
    else add(key, `unknown context key (known: ${CONTEXT_KEYS.join(', ')})`);
  }
}

/** Absent, null and '' (e.g. `-c alarmEmail=`) all mean "not set". */
function optionalString(
  context: ContextSource,
  key: string,
  add: (key: string, message: string) => void,
): string | undefined {
  const value = context.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    add(key, `expected a string, got ${show(value)}`);
    return undefined;
  }
  return value.trim();
}

function readShards(
  context: ContextSource,
  add: (key: string, message: string) => void,
  max: number,
): number | undefined {
  const value = context.tryGetContext('shards');
  if (value === undefined || value === null || value === '') return undefined;
  // The CLI passes `-c shards=4` as the string "4"; cdk.json may hold a number.
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? +value : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    add(
      'shards',
      max === MAX_SHARDS
        ? `${show(value)} is not a whole number from 1 to ${MAX_SHARDS} (omit it for on-demand capacity)`
        : `${show(value)} is not a whole number of topic partitions from 1 to ${max} (omit it for ${DEFAULT_MSK_PARTITIONS})`,
    );
    return undefined;
  }
  return n;
}

/** The MSK settings; keys of the Kafka path given with stream=kinesis are refused, not ignored. */
function readKafka(
  context: ContextSource,
  add: (key: string, message: string) => void,
  stream: StreamKind | undefined,
  shards: number | undefined,
): KafkaConfig | undefined {
  const clusterValue = optionalString(context, 'mskCluster', add);
  const brokerType = optionalString(context, 'mskBrokerType', add);
  if (stream !== 'msk') {
    if (clusterValue !== undefined)
      add('mskCluster', `only used with stream=msk (stream is "${stream ?? '?'}")`);
    if (brokerType !== undefined)
      add('mskBrokerType', `only used with stream=msk (stream is "${stream ?? '?'}")`);
    return undefined;
  }
  const cluster = MSK_CLUSTER_KINDS.find((k) => k === (clusterValue ?? 'serverless'));
  if (cluster === undefined) {
    add(
      'mskCluster',
      `${show(clusterValue)} is not an MSK cluster kind (expected one of ${MSK_CLUSTER_KINDS.join(', ')})`,
    );
    return undefined;
  }
  if (brokerType !== undefined && cluster !== 'provisioned')
    add('mskBrokerType', 'only used with mskCluster=provisioned (MSK Serverless has no brokers to choose)');
  if (brokerType !== undefined && !MSK_BROKER_TYPE.test(brokerType))
    add('mskBrokerType', `${show(brokerType)} is not an MSK broker type like ${DEFAULT_MSK_BROKER_TYPE}`);
  return {
    cluster,
    partitions: shards ?? DEFAULT_MSK_PARTITIONS,
    ...(cluster === 'provisioned' ? { brokerType: brokerType ?? DEFAULT_MSK_BROKER_TYPE } : {}),
  };
}

/** The ECS workers' settings; their keys given without processing=ecs are refused, not ignored. */
function readWorkers(
  context: ContextSource,
  add: (key: string, message: string) => void,
  processing: ProcessingKind | undefined,
  kafka: KafkaConfig | undefined,
  baseDir: string,
): WorkersConfig | undefined {
  const countValue = context.tryGetContext('workers');
  const capacityValue = optionalString(context, 'ecsCapacity', add);
  const recommendationPath = optionalString(context, 'ecsRecommendation', add);
  if (processing !== 'ecs') {
    const given: [string, boolean][] = [
      ['workers', !isUnset(countValue)],
      ['ecsCapacity', capacityValue !== undefined],
      ['ecsRecommendation', recommendationPath !== undefined],
    ];
    for (const [key, set] of given)
      if (set) add(key, `only used with processing=ecs (processing is "${processing ?? '?'}")`);
    return undefined;
  }
  let count = DEFAULT_WORKERS;
  if (!isUnset(countValue)) {
    const n = wholeNumber(countValue);
    if (n === undefined || n < 1) add('workers', `${show(countValue)} is not a whole number ≥ 1`);
    else count = n;
  }
  if (kafka !== undefined && count > kafka.partitions) {
    if (isUnset(countValue)) count = kafka.partitions;
    else
      add(
        'workers',
        `${count} workers for ${kafka.partitions} partitions: a consumer group gives each partition to one worker, so ${count - kafka.partitions} would sit idle; use workers=${kafka.partitions} or more partitions (shards=${count})`,
      );
  }
  const capacity = ECS_CAPACITY_KINDS.find((k) => k === (capacityValue ?? 'fargate-spot'));
  if (capacity === undefined) {
    add(
      'ecsCapacity',
      `${show(capacityValue)} is not an ECS capacity (expected one of ${ECS_CAPACITY_KINDS.join(', ')})`,
    );
    return undefined;
  }
  if (capacity !== 'ec2') {
    if (recommendationPath !== undefined)
      add('ecsRecommendation', 'only used with ecsCapacity=ec2 (Fargate Spot chooses its own instances)');
    return { count, capacity };
  }
  if (recommendationPath === undefined) {
    add(
      'ecsRecommendation',
      'required with ecsCapacity=ec2: the file written by `trendoff spot --json` (instance types, optional max price)',
    );
    return undefined;
  }
  const recommendation = loadRecommendation(recommendationPath, baseDir, add);
  return recommendation === undefined ? undefined : { count, capacity, recommendation, recommendationPath };
}

function loadRecommendation(
  file: string,
  baseDir: string,
  add: (key: string, message: string) => void,
): FleetRecommendation | undefined {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path.resolve(baseDir, file), 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    add('ecsRecommendation', `cannot read the spot recommendation ${show(file)} (${reason})`);
    return undefined;
  }
  try {
    const rec = readRecommendation(value).recommendation;
    if (rec.instanceTypes.length === 0) throw new FleetError('it lists no instance types');
    return rec;
  } catch (err) {
    if (!(err instanceof FleetError)) throw err;
    add('ecsRecommendation', `${show(file)} is not a spot recommendation: ${err.message}`);
    return undefined;
  }
}

/** Absent, null and '' (e.g. `-c alarmEmail=`) all mean "not set". */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function readParallelization(
  context: ContextSource,
  add: (key: string, message: string) => void,
): number | undefined {
  const value = context.tryGetContext('parallelizationFactor');
  if (isUnset(value)) return undefined;
  const n = wholeNumber(value);
  if (n === undefined || n < 1 || n > MAX_PARALLELIZATION_FACTOR) {
    add(
      'parallelizationFactor',
      `${show(value)} is not a whole number from 1 to ${MAX_PARALLELIZATION_FACTOR}`,
    );
    return undefined;
  }
  return n;
}

function readDashboardDomain(
  context: ContextSource,
  add: (key: string, message: string) => void,
): AppConfig['dashboardDomain'] {
  const name = optionalString(context, 'dashboardDomain', add);
  const certificateArn = optionalString(context, 'dashboardCertificateArn', add);
  let ok = true;
  if (name !== undefined && !HOST_NAME.test(name)) {
    add('dashboardDomain', `${show(name)} is not a host name like dashboard.example.org`);
    ok = false;
  }
  if (certificateArn !== undefined && !CLOUDFRONT_CERTIFICATE_ARN.test(certificateArn)) {
    add(
      'dashboardCertificateArn',
      `${show(certificateArn)} is not an ACM certificate ARN in us-east-1 (CloudFront uses only certificates from there)`,
    );
    ok = false;
  }
  if (name !== undefined && certificateArn === undefined)
    add(
      'dashboardCertificateArn',
      'required with dashboardDomain: the ARN of an ACM certificate for that name, in us-east-1',
    );
  if (certificateArn !== undefined && name === undefined)
    add('dashboardDomain', 'required with dashboardCertificateArn: the host name the certificate is for');
  return ok && name !== undefined && certificateArn !== undefined ? { name, certificateArn } : undefined;
}

function readBackfillMinutes(
  context: ContextSource,
  add: (key: string, message: string) => void,
): number | undefined {
  const value = context.tryGetContext('backfillMinutes');
  if (isUnset(value)) return undefined;
  const n = wholeNumber(value);
  if (n === undefined || n < 0 || n > MAX_BACKFILL_MINUTES) {
    add(
      'backfillMinutes',
      `${show(value)} is not a whole number of minutes from 0 (off) to ${MAX_BACKFILL_MINUTES}`,
    );
    return undefined;
  }
  return n;
}

function readReplaySpeed(
  context: ContextSource,
  add: (key: string, message: string) => void,
): number | undefined {
  const value = context.tryGetContext('replaySpeed');
  if (isUnset(value)) return undefined;
  if (value === 'max') return Infinity;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!(n > 0) || !Number.isFinite(n)) {
    add('replaySpeed', `${show(value)} is not a number > 0 or "max"`);
    return undefined;
  }
  return n;
}

// An explicit offset keeps the instant unambiguous whatever the machine's time zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function readReplayStart(
  context: ContextSource,
  add: (key: string, message: string) => void,
): number | undefined {
  const value = context.tryGetContext('replayStart');
  if (isUnset(value)) return undefined;
  const ms = typeof value === 'string' && ISO_INSTANT.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (!Number.isFinite(ms)) {
    add('replayStart', `${show(value)} is not an ISO 8601 instant with a zone, like 2026-10-01T01:00:00Z`);
    return undefined;
  }
  return ms;
}

function wholeNumber(value: unknown): number | undefined {
  // The CLI passes `-c key=4` as the string "4"; cdk.json may hold a number.
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? +value : NaN;
  return Number.isInteger(n) ? n : undefined;
}

function loadDebate(
  file: string,
  baseDir: string,
  add: (key: string, message: string) => void,
): DebateConfig | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(baseDir, file), 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    add('debate', `cannot read the debate config ${show(file)} (${reason})`);
    return undefined;
  }
  const result = parseDebateConfig(text);
  if (!result.ok) {
    const details = formatProblems(result.problems).replace(/^/gm, '    ');
    add('debate', `${show(file)} is not a valid debate config:\n${details}`);
    return undefined;
  }
  return result.config;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
