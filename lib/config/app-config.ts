/**
 * The cloud app's configuration: every CDK context key is read and validated here, once, and
 * handed to the stacks as typed values. Problems are collected rather than thrown one by one, so
 * a bad `cdk deploy -c …` line is fixed in a single round trip.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatProblems, parseDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';

/** The debate config used when no `debate` context is given (relative to the app's directory). */
export const DEFAULT_DEBATE_PATH = 'examples/gop-2015-09-16.json';

/**
 * Upper bound on `shards`: a guard against typos, not a service limit (the account's shard quota,
 * 200-500 by default, is enforced by AWS at deploy time).
 */
export const MAX_SHARDS = 10_000;

/** Where posts come from in the cloud: the X filtered stream, or a replay of an archive in S3. */
export type SourceKind = 'x' | 'replay';

/** Validated configuration of the cloud app. */
export interface AppConfig {
  /** The debate config file, as given (relative to the app's directory unless absolute). */
  readonly debatePath: string;
  readonly debate: DebateConfig;
  /** The stream between producer and processor; Kafka (MSK) is planned. */
  readonly stream: 'kinesis';
  /** Provisioned shard count; absent means on-demand capacity. */
  readonly shards?: number;
  /** Where operational alarms are e-mailed; absent means alarms without a subscription. */
  readonly alarmEmail?: string;
  readonly source: SourceKind;
  /** `s3://bucket/prefix` of archived posts to replay; present exactly when `source` is `replay`. */
  readonly replayUri?: string;
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
export const CONTEXT_KEYS = ['debate', 'stream', 'shards', 'alarmEmail', 'source', 'replayUri'] as const;

const STREAM_KINDS = ['kinesis', 'msk'] as const;
const SOURCE_KINDS: readonly SourceKind[] = ['x', 'replay'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// S3 bucket naming rules (3-63 characters, lower-case letters, digits, dots and hyphens).
const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/;
// Context keys shaped like ours (plain camelCase); CDK's own keys all contain ':' or '-'.
const PLAIN_KEY = /^[a-zA-Z][a-zA-Z0-9]*$/;
const SECRET_LIKE = /token|secret|password|bearer|credential/i;

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
  if (streamValue === 'msk') add('stream', '"msk" (Kafka) is not available yet; use "kinesis"');
  else if (streamValue !== 'kinesis')
    add('stream', `${show(streamValue)} is not a stream kind (expected one of ${STREAM_KINDS.join(', ')})`);

  const shards = readShards(context, add);

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
        `${show(replayUri)} is not an S3 URI like s3://my-archive-bucket/raw/debate=my-debate/`,
      );
    if (source === 'x')
      add('replayUri', `${show(replayUri)} is only used with source=replay (source is "x")`);
  } else if (source === 'replay') {
    add('replayUri', 'required with source=replay: the s3://bucket/prefix of the archived posts to replay');
  }

  if (problems.length > 0 || debate === undefined || source === undefined) throw new ContextError(problems);
  return {
    debatePath: debatePathValue,
    debate,
    stream: 'kinesis',
    source,
    ...(shards !== undefined ? { shards } : {}),
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    ...(replayUri !== undefined ? { replayUri } : {}),
  };
}

/** A one-line explanation of the context keys, for error output. */
export function contextUsage(): string {
  return (
    'context keys (-c key=value): debate=<debate config path> stream=kinesis shards=<1..' +
    `${MAX_SHARDS}, omit for on-demand> alarmEmail=<address> source=x|replay replayUri=s3://bucket/prefix`
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

function readShards(context: ContextSource, add: (key: string, message: string) => void): number | undefined {
  const value = context.tryGetContext('shards');
  if (value === undefined || value === null || value === '') return undefined;
  // The CLI passes `-c shards=4` as the string "4"; cdk.json may hold a number.
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? +value : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS) {
    add(
      'shards',
      `${show(value)} is not a whole number from 1 to ${MAX_SHARDS} (omit it for on-demand capacity)`,
    );
    return undefined;
  }
  return n;
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
