/** `trendoff cost`: an itemised estimate of a debate night's AWS bill for the cloud app's configuration. */
import * as fs from 'fs';
import type { Writable } from 'stream';
import { estimateCost, MissingPriceError, type CostInputs } from '../ops/cost/model';
import { defaultPriceTable, parsePriceTable, type PriceTable } from '../ops/cost/prices';
import { formatCostReport } from '../ops/cost/report';
import { BackpressureWriter } from '../io/backpressure-writer';
import { loadDebateConfig } from './debate-file';
import { InputError, numberOption, parseCommandArgs, requireString, UsageError } from './command-args';
import {
  DEFAULT_MSK_PARTITIONS,
  DEFAULT_WORKERS,
  MAX_MSK_PARTITIONS,
  MAX_SHARDS,
  MSK_CLUSTER_KINDS,
  PROCESSING_KINDS,
  STREAM_KINDS,
} from '../config/app-config';

/** Mean size of a `trendoff generate` v2 line (29,989 posts, seed 1, 2026-11-22): 877 bytes. */
export const DEFAULT_POST_BYTES = 877;
/** Mean of each post's size rounded up to 1 KB on the same sample (38% of posts exceed 1 KB). */
export const DEFAULT_STREAM_KB_PER_POST = 1.38;

export const COST_HELP = `Usage: trendoff cost --debate F --hours H --rate R [--peak R] [--shards N] [--viewers N]
                    [--keep-months M] [--memory MB] [--batch-size N] [--post-bytes B]
                    [--dynamic-partitioning] [--stream kinesis|msk] [--msk-cluster serverless|provisioned]
                    [--processing lambda|ecs] [--workers N] [--source x|replay] [--prices FILE] [--json]

Estimates the AWS bill of one debate night for the cloud app (stream, Lambda, DynamoDB, Firehose,
S3, API Gateway, CloudFront, CloudWatch, Secrets Manager): every line is quantity × unit price =
cost, followed by the assumptions behind each quantity. Prices come from a dated table in the
repository (lib/ops/cost/prices-us-east-1.json); prices marked * could not be confirmed when read.
Free tiers are listed but not subtracted.

Options:
  --debate F             the debate config (JSON): its candidates drive the DynamoDB writes
  --hours H              hours of the live night (the app is counted as deployed one hour more)
  --rate R               average posts per second, e.g. 3000 for a big televised debate
  --peak R               highest posts per second, for the stream capacity check (default: --rate)
  --shards N             provisioned Kinesis shards, as the cdk context key shards (default: on-demand)
  --viewers N            dashboards open during the night, each polling 3 requests / 2 s through
                         CloudFront, which passes about one per second and edge cache to the API (default 10)
  --keep-months M        months the raw archive and the aggregates table are kept after the
                         night (default 1)
  --memory MB            processor Lambda memory, arm64 (default 1024)
  --batch-size N         processor records per invocation at most (default 1000)
  --post-bytes B         average post size in bytes (default ${DEFAULT_POST_BYTES}, measured on X API v2 lines
                         from trendoff generate)
  --dynamic-partitioning the archive's Firehose uses dynamic partitioning
  --stream S             kinesis (default) or msk, as the cdk context key stream: with msk the
                         MSK cluster, its partitions (--shards, default ${DEFAULT_MSK_PARTITIONS}), data in and out, the NAT
                         gateway, and the archive's consumer group instead of Firehose
  --msk-cluster K        serverless (default) or provisioned, as the context key mskCluster
  --processing P         lambda (default) or ecs: the processor as ECS workers on Fargate Spot (one on
                         demand), as the context key processing (needs --stream msk)
  --workers N            ECS workers (default ${DEFAULT_WORKERS}, at most the partitions), as the context key workers
  --source S             x (default: the live producer reads X through the NAT gateway) or replay
  --prices FILE          another price table with the same keys (e.g. for another region)
  --json                 print the estimate as JSON
  -h, --help             show this help`;

export async function runCost(argv: string[], io: { stdout: Writable }): Promise<number> {
  const { values } = parseCommandArgs('cost', argv, {
    debate: { type: 'string' },
    hours: { type: 'string' },
    rate: { type: 'string' },
    peak: { type: 'string' },
    shards: { type: 'string' },
    viewers: { type: 'string' },
    'keep-months': { type: 'string' },
    memory: { type: 'string' },
    'batch-size': { type: 'string' },
    'post-bytes': { type: 'string' },
    'dynamic-partitioning': { type: 'boolean' },
    stream: { type: 'string' },
    'msk-cluster': { type: 'string' },
    processing: { type: 'string' },
    workers: { type: 'string' },
    source: { type: 'string' },
    prices: { type: 'string' },
    json: { type: 'boolean' },
  });
  const out = new BackpressureWriter(io.stdout);
  if (values.help) {
    await out.write(COST_HELP + '\n');
    return 0;
  }
  const file = requireString('cost', values, 'debate');
  if (values.hours === undefined) throw new UsageError('cost', '--hours is required');
  if (values.rate === undefined) throw new UsageError('cost', '--rate is required');
  const hours = numberOption('cost', values, 'hours', 0, { min: 0 });
  if (hours <= 0) throw new UsageError('cost', `--hours must be > 0, got "${values.hours}"`);
  const rate = numberOption('cost', values, 'rate', 0, { min: 0 });
  const peak = values.peak === undefined ? undefined : numberOption('cost', values, 'peak', rate, { min: 0 });
  if (peak !== undefined && peak < rate)
    throw new UsageError('cost', `--peak must be at least --rate (${rate}), got "${values.peak}"`);
  const shards =
    values.shards === undefined
      ? undefined
      : numberOption('cost', values, 'shards', 1, { min: 1, integer: true });
  if (shards !== undefined && shards > MAX_SHARDS)
    throw new UsageError('cost', `--shards must be at most ${MAX_SHARDS}, got "${values.shards}"`);
  const postBytesGiven = values['post-bytes'] !== undefined;
  const postBytes = numberOption('cost', values, 'post-bytes', DEFAULT_POST_BYTES, { min: 1 });
  const memoryMb = numberOption('cost', values, 'memory', 1024, { min: 128, integer: true });
  if (memoryMb > 10_240)
    throw new UsageError('cost', `--memory must be at most 10240, got "${values.memory}"`);
  const batchSize = numberOption('cost', values, 'batch-size', 1000, { min: 1, integer: true });
  if (batchSize > 10_000)
    throw new UsageError('cost', `--batch-size must be at most 10000, got "${values['batch-size']}"`);
  const kafka = kafkaPath(values, shards);
  const prices = values.prices === undefined ? defaultPriceTable() : loadPriceTable(values.prices);
  const config = loadDebateConfig(file);

  const inputs: CostInputs = {
    debateId: config.id,
    candidates: Object.keys(config.candidates).length,
    hours,
    rate,
    ...(peak !== undefined ? { peakRate: peak } : {}),
    postBytes,
    // A given size is taken as every post's size; the default uses the measured spread of sizes.
    streamKbPerPost: postBytesGiven ? Math.ceil(postBytes / 1024) : DEFAULT_STREAM_KB_PER_POST,
    ...(shards !== undefined && kafka.kafka === undefined ? { shards } : {}),
    ...kafka,
    memoryMb,
    batchSize,
    viewers: numberOption('cost', values, 'viewers', 10, { min: 0, integer: true }),
    keepMonths: numberOption('cost', values, 'keep-months', 1, { min: 0 }),
    dynamicPartitioning: values['dynamic-partitioning'] === true,
  };
  let estimate;
  try {
    estimate = estimateCost(inputs, prices);
  } catch (err) {
    if (err instanceof MissingPriceError) throw new InputError(`${values.prices}: ${err.message}`);
    throw err;
  }
  await out.write(values.json ? JSON.stringify(estimate, null, 2) + '\n' : formatCostReport(estimate));
  return 0;
}

type Values = Record<string, string | boolean | undefined>;

function oneOf<T extends string>(values: Values, name: string, choices: readonly T[], fallback: T): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const found = choices.find((c) => c === raw);
  if (found === undefined)
    throw new UsageError('cost', `--${name} must be ${choices.join(' or ')}, got "${String(raw)}"`);
  return found;
}

/** The Kafka path's and the workers' inputs, checked together (as the cdk context keys are). */
function kafkaPath(values: Values, shards: number | undefined): Pick<CostInputs, 'kafka' | 'workers'> {
  const stream = oneOf(values, 'stream', STREAM_KINDS, 'kinesis');
  const processing = oneOf(values, 'processing', PROCESSING_KINDS, 'lambda');
  if (stream === 'kinesis') {
    for (const name of ['msk-cluster', 'processing', 'workers'] as const)
      if (values[name] !== undefined && !(name === 'processing' && processing === 'lambda'))
        throw new UsageError('cost', `--${name} is only used with --stream msk`);
    return {};
  }
  const cluster = oneOf(values, 'msk-cluster', MSK_CLUSTER_KINDS, 'serverless');
  const partitions = shards ?? DEFAULT_MSK_PARTITIONS;
  if (partitions > MAX_MSK_PARTITIONS)
    throw new UsageError(
      'cost',
      `--shards (partitions with --stream msk) must be at most ${MAX_MSK_PARTITIONS}, got ${partitions}`,
    );
  const source = oneOf(values, 'source', ['x', 'replay'] as const, 'x');
  const kafka = { cluster, partitions, liveSource: source === 'x' };
  if (processing === 'lambda') {
    if (values.workers !== undefined)
      throw new UsageError('cost', '--workers is only used with --processing ecs');
    return { kafka };
  }
  const workers =
    values.workers === undefined
      ? Math.min(DEFAULT_WORKERS, partitions)
      : numberOption('cost', values, 'workers', DEFAULT_WORKERS, { min: 1, integer: true });
  if (workers > partitions)
    throw new UsageError(
      'cost',
      `--workers ${workers} is more than the ${partitions} partitions: a consumer group gives each partition to one worker (use --shards ${workers} or fewer workers)`,
    );
  return { kafka, workers };
}

function loadPriceTable(file: string): PriceTable {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new InputError(`cannot read price table ${file}: ${reason}`);
  }
  const r = parsePriceTable(value);
  if (!r.ok) throw new InputError(`${file} is not a valid price table:\n${r.problems.join('\n')}`);
  return r.table;
}
