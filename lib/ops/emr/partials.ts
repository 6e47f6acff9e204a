/**
 * The batch re-analysis's per-partition work, the program Spark pipes archive partitions through
 * (`trendoff cluster aggregate`). Every post goes through the same core pipeline as in the stream
 * processor (normalise → de-duplicate → language → match → score), so a re-analysis and the live
 * run agree by construction; Spark only moves lines around.
 *
 * Two passes: posts → partial aggregates per (candidate, bucket) of one partition; then, after
 * Spark has brought every partial of a key to one partition, partials → one aggregate per key,
 * compacted as the store compacts stored buckets.
 */
import {
  addToBuckets,
  compact,
  fromJSON,
  mergeInto,
  toJSON,
  type AggregateJSON,
  type BucketAggregate,
  type CandidateBuckets,
  type CompactLimits,
} from '../../../lambda/core/aggregate';
import type { DebateConfig } from '../../../lambda/core/debate-config';
import {
  countOutcome,
  createTweetPipeline,
  emptyOutcomeCounts,
  type OutcomeCounts,
  type TweetPipeline,
} from '../../../lambda/core/pipeline';
import type { Scorer } from '../../../lambda/core/sentiment';

/** One line of the job's output (and of its intermediate partials). */
export interface AggregateLine {
  readonly debateId: string;
  readonly candidate: string;
  /** Epoch ms, a multiple of the bucket length. */
  readonly bucketStart: number;
  readonly agg: AggregateJSON;
}

/** What happened to a partition's lines, reported on stderr for the step's logs. */
export interface PartitionCounts extends OutcomeCounts {
  read: number;
}

/** Pass 1: posts (JSON lines) of one partition → partial aggregates. */
export class PostAggregator {
  private readonly pipeline: TweetPipeline;
  private readonly buckets: CandidateBuckets = new Map();
  readonly counts: PartitionCounts = { read: 0, ...emptyOutcomeCounts() };

  constructor(
    private readonly config: DebateConfig,
    scorer: Scorer,
    private readonly bucketMs: number,
  ) {
    this.pipeline = createTweetPipeline({ config, scorer });
  }

  /** Adds one archive line (X API v2 / v1.1 payload or trendoff record). */
  add(line: string): void {
    if (line.trim() === '') return;
    this.counts.read++;
    const o = this.pipeline.fromJsonLine(line);
    countOutcome(this.counts, o);
    if (o.kind === 'scored') addToBuckets(this.buckets, o.scored, this.bucketMs);
  }

  /** The partials, uncompacted (compaction belongs to the final merge), in key order. */
  lines(): AggregateLine[] {
    return sortedLines(this.config.id, this.buckets);
  }
}

/** Why a partial line was not accepted. */
export class PartialLineError extends Error {
  override name = 'PartialLineError';
}

/** Pass 2: partial aggregates (any order) → one aggregate per (debate, candidate, bucket). */
export class PartialMerger {
  private readonly byDebate = new Map<string, CandidateBuckets>();

  constructor(private readonly limits: CompactLimits) {}

  /** @throws PartialLineError when the line is not an {@link AggregateLine}. */
  add(line: string): void {
    if (line.trim() === '') return;
    const p = parseAggregateLine(line);
    const agg = fromJSON(p.agg);
    if (!agg.ok) throw new PartialLineError(`agg${agg.error.path.slice(1)}: ${agg.error.message}`);
    let buckets = this.byDebate.get(p.debateId);
    if (buckets === undefined) this.byDebate.set(p.debateId, (buckets = new Map()));
    let series = buckets.get(p.candidate);
    if (series === undefined) buckets.set(p.candidate, (series = new Map()));
    const seen = series.get(p.bucketStart);
    if (seen === undefined) series.set(p.bucketStart, agg.aggregate);
    else mergeInto(seen, agg.aggregate);
  }

  lines(): AggregateLine[] {
    return [...this.byDebate]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .flatMap(([debateId, buckets]) => sortedLines(debateId, buckets, this.limits));
  }
}

/**
 * Reads one line of the job's output.
 * @throws PartialLineError naming what is missing (the aggregate itself is checked by `fromJSON`).
 */
export function parseAggregateLine(line: string): AggregateLine {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    throw new PartialLineError(`not JSON: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new PartialLineError('expected a JSON object');
  const o = v as Record<string, unknown>;
  if (typeof o.debateId !== 'string' || o.debateId === '') throw new PartialLineError('no "debateId" string');
  if (typeof o.candidate !== 'string' || o.candidate === '')
    throw new PartialLineError('no "candidate" string');
  if (!Number.isSafeInteger(o.bucketStart) || (o.bucketStart as number) < 0)
    throw new PartialLineError('"bucketStart" must be a non-negative integer (epoch ms)');
  return {
    debateId: o.debateId,
    candidate: o.candidate,
    bucketStart: o.bucketStart as number,
    agg: o.agg as AggregateJSON,
  };
}

function sortedLines(debateId: string, buckets: CandidateBuckets, limits?: CompactLimits): AggregateLine[] {
  const out: AggregateLine[] = [];
  for (const candidate of [...buckets.keys()].sort()) {
    const series = buckets.get(candidate) as Map<number, BucketAggregate>;
    for (const bucketStart of [...series.keys()].sort((a, b) => a - b)) {
      const agg = series.get(bucketStart) as BucketAggregate;
      out.push({ debateId, candidate, bucketStart, agg: toJSON(limits ? compact(agg, limits) : agg) });
    }
  }
  return out;
}
