/** `trendoff cost`: an itemised estimate of a debate night's AWS bill for the cloud app's configuration. */
import * as fs from 'fs';
import type { Writable } from 'stream';
import { estimateCost, type CostInputs } from '../ops/cost/model';
import { defaultPriceTable, parsePriceTable, type PriceTable } from '../ops/cost/prices';
import { formatCostReport } from '../ops/cost/report';
import { BackpressureWriter } from '../io/backpressure-writer';
import { loadDebateConfig } from './debate-file';
import { InputError, numberOption, parseCommandArgs, requireString, UsageError } from './command-args';
import { MAX_SHARDS } from '../config/app-config';

/** Mean size of a `trendoff generate` v2 line (29,989 posts, seed 1, 2026-11-22): 877 bytes. */
export const DEFAULT_POST_BYTES = 877;
/** Mean of each post's size rounded up to 1 KB on the same sample (38% of posts exceed 1 KB). */
export const DEFAULT_STREAM_KB_PER_POST = 1.38;

export const COST_HELP = `Usage: trendoff cost --debate F --hours H --rate R [--peak R] [--shards N] [--viewers N]
                    [--keep-months M] [--memory MB] [--batch-size N] [--post-bytes B]
                    [--dynamic-partitioning] [--prices FILE] [--json]

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
  --viewers N            dashboards open during the night, each polling 3 requests / 2 s (default 10)
  --keep-months M        months the raw archive and the aggregates table are kept after the
                         night (default 1)
  --memory MB            processor Lambda memory, arm64 (default 1024)
  --batch-size N         processor records per invocation at most (default 1000)
  --post-bytes B         average post size in bytes (default ${DEFAULT_POST_BYTES}, measured on X API v2 lines
                         from trendoff generate)
  --dynamic-partitioning the archive's Firehose uses dynamic partitioning
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
    ...(shards !== undefined ? { shards } : {}),
    memoryMb,
    batchSize,
    viewers: numberOption('cost', values, 'viewers', 10, { min: 0, integer: true }),
    keepMonths: numberOption('cost', values, 'keep-months', 1, { min: 0 }),
    dynamicPartitioning: values['dynamic-partitioning'] === true,
  };
  const estimate = estimateCost(inputs, prices);
  await out.write(values.json ? JSON.stringify(estimate, null, 2) + '\n' : formatCostReport(estimate));
  return 0;
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
