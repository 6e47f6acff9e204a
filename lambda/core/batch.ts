/**
 * What one stream batch adds to the stored state, computed purely from its records: per-candidate
 * base-bucket aggregates, geotagged posts, and the span of post times. Stores apply it exactly once
 * in effect (see `AggregateStore.applyBatch` in lambda/adapters/ports.ts).
 */
import type { BucketAggregate } from './aggregate';

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
