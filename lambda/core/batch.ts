/**
 * What one stream batch adds to the stored state, computed purely from its records: per-candidate
 * base-bucket aggregates, geotagged posts, and the span of post times. Stores apply it exactly once
 * in effect (see `AggregateStore.applyBatch` in lambda/core/ports.ts).
 */
import { addToBuckets, bucketStart, type BucketAggregate, type CandidateBuckets } from './aggregate';
import { countOutcome, emptyOutcomeCounts, type OutcomeCounts, type TweetPipeline } from './pipeline';
import type { ScoredTweet } from './scored-tweet';

export interface GeoPostRecord {
  readonly id: string;
  /** Epoch ms. */
  readonly t: number;
  readonly lon: number;
  readonly lat: number;
  readonly score: number;
  readonly candidates: readonly string[];
}

export interface BucketDelta {
  readonly candidate: string;
  /** Epoch ms, a multiple of the debate's bucketMs. */
  readonly bucketStart: number;
  readonly aggregate: BucketAggregate;
  /**
   * The posts behind `aggregate` with their sequence numbers, in stream order. A store needs them
   * when a redelivered batch overlaps one it applied with other boundaries (a retry that gathered
   * more records): it then adds only the posts past the item's watermark.
   */
  readonly records?: readonly SequencedPost[];
}

export interface SequencedPost {
  readonly sequence: string;
  readonly post: ScoredTweet;
}

export interface GeoDelta {
  /** Epoch ms, a multiple of one minute. */
  readonly minuteStart: number;
  readonly posts: readonly GeoPostRecord[];
}

/**
 * Everything one batch of one shard adds. Applying it is exactly-once in effect: each stored item
 * remembers, per shard, the last sequence number applied to it, and an item whose mark is at or
 * past `lastSequence` is left alone — so a redelivered batch, a bisected part of one, or a retry
 * after a crash between two item writes changes nothing that was already written.
 */
export interface BatchDelta {
  readonly debateId: string;
  /** Shard (Kinesis) or topic-partition (Kafka) the batch came from. */
  readonly shardId: string;
  /** Base bucket length (ms) the buckets were cut with: stores derive their rollup levels from it. */
  readonly bucketMs: number;
  /** Sequence number (Kinesis) or offset (Kafka) of the batch's first record, as a decimal string. */
  readonly firstSequence: string;
  /** Sequence number (Kinesis) or offset (Kafka) of the batch's last record, as a decimal string. */
  readonly lastSequence: string;
  readonly buckets: readonly BucketDelta[];
  readonly geo: readonly GeoDelta[];
  /** Creation time of the newest post in the batch (epoch ms), null if none was aggregated. */
  readonly newestPostAt: number | null;
  readonly oldestPostAt: number | null;
  /** Arrival time in the stream of the batch's newest record (epoch ms). */
  readonly newestArrivalAt: number;
}

/** One decoded stream record. */
export interface StreamLine {
  /** Kinesis sequence number or Kafka offset, decimal. */
  readonly sequenceNumber: string;
  /** When the record reached the stream (epoch ms). */
  readonly arrivalMs: number;
  /** The record's data: one JSON line (X API v2 / v1.1 payload or a trendoff record). */
  readonly line: string;
}

export interface RejectedLine {
  readonly sequenceNumber: string;
  readonly arrivalMs: number;
  readonly reason: string;
  readonly sample: string;
}

export interface BatchCounts extends OutcomeCounts {
  records: number;
}

export interface BatchResult {
  readonly delta: BatchDelta;
  readonly counts: BatchCounts;
  /** Records that could not be read, for the quarantine. */
  readonly rejected: readonly RejectedLine[];
}

export interface BatchOptions {
  readonly pipeline: TweetPipeline;
  readonly debateId: string;
  readonly shardId: string;
  readonly bucketMs: number;
}

const MINUTE = 60_000;

/**
 * Runs a batch's records (in stream order, at least one) through the core pipeline and sums what
 * they add per candidate and base bucket. Pure: the caller stores the delta and quarantines the rest.
 */
export function buildBatch(lines: readonly StreamLine[], o: BatchOptions): BatchResult {
  if (lines.length === 0) throw new RangeError('buildBatch needs at least one record');
  const buckets: CandidateBuckets = new Map();
  const posts = new Map<string, SequencedPost[]>();
  const geo = new Map<number, GeoPostRecord[]>();
  const rejected: RejectedLine[] = [];
  const counts: BatchCounts = { records: lines.length, ...emptyOutcomeCounts() };
  let newest: number | null = null;
  let oldest: number | null = null;
  let newestArrivalAt = 0;
  for (const rec of lines) {
    newestArrivalAt = Math.max(newestArrivalAt, rec.arrivalMs);
    // A retried batch brings the same records again: not duplicates (the watermarks absorb them).
    const outcome = o.pipeline.fromJsonLine(rec.line, `${o.shardId}/${rec.sequenceNumber}`);
    countOutcome(counts, outcome);
    switch (outcome.kind) {
      case 'scored': {
        const s = outcome.scored;
        addToBuckets(buckets, s, o.bucketMs);
        const start = bucketStart(s.createdAt, o.bucketMs);
        for (const c of s.candidates) {
          const key = `${c}\u0000${start}`;
          const list = posts.get(key);
          if (list === undefined) posts.set(key, [{ sequence: rec.sequenceNumber, post: s }]);
          else list.push({ sequence: rec.sequenceNumber, post: s });
        }
        newest = newest === null ? s.createdAt : Math.max(newest, s.createdAt);
        oldest = oldest === null ? s.createdAt : Math.min(oldest, s.createdAt);
        const point = outcome.tweet.coordinates;
        if (point !== undefined) {
          const minute = bucketStart(s.createdAt, MINUTE);
          const list = geo.get(minute) ?? [];
          list.push({
            id: s.id,
            t: s.createdAt,
            lon: point.lon,
            lat: point.lat,
            score: s.score,
            candidates: s.candidates,
          });
          geo.set(minute, list);
        }
        break;
      }
      case 'rejected':
        rejected.push({
          sequenceNumber: rec.sequenceNumber,
          arrivalMs: rec.arrivalMs,
          reason: outcome.rejection.reason,
          sample: outcome.rejection.sample,
        });
        break;
    }
  }
  const bucketDeltas: BucketDelta[] = [];
  for (const [candidate, series] of buckets) {
    for (const [start, aggregate] of series) {
      bucketDeltas.push({
        candidate,
        bucketStart: start,
        aggregate,
        records: posts.get(`${candidate}\u0000${start}`) ?? [],
      });
    }
  }
  return {
    delta: {
      debateId: o.debateId,
      shardId: o.shardId,
      bucketMs: o.bucketMs,
      firstSequence: (lines[0] as StreamLine).sequenceNumber,
      lastSequence: (lines[lines.length - 1] as StreamLine).sequenceNumber,
      buckets: bucketDeltas,
      geo: [...geo].map(([minuteStart, posts]) => ({ minuteStart, posts })),
      newestPostAt: newest,
      oldestPostAt: oldest,
      newestArrivalAt,
    },
    counts,
    rejected,
  };
}
