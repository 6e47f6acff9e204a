/**
 * Ports: what the handlers need from the outside world, as interfaces. The adapters in
 * lambda/adapters/ implement them with the AWS SDK (Kinesis, DynamoDB, S3); the handlers never see an
 * SDK type, so the same handler runs against the cloud or the local emulators, and another stream
 * (Kafka) needs only another adapter.
 */
import type { BucketAggregate, CountMap, Extreme, SeriesSums } from './aggregate';
import type { CandidateInfo } from './api/contract';
import type { BatchDelta, GeoPostRecord } from './batch';
import type { DebateMoment } from './debate-config';

export type { BatchDelta, BucketDelta, GeoDelta, GeoPostRecord } from './batch';

/**
 * One record for the stream: a post as one JSON line. A post's partition key is its id, so every
 * copy of one post lands on one shard (and one processor's de-duplication window); nothing
 * downstream relies on order between posts (aggregates merge in any order).
 */
export interface StreamRecord {
  readonly partitionKey: string;
  readonly data: string;
  /** The post's id when the producer could read it: what producer-side de-duplication keys on. */
  readonly id?: string;
}

export interface WriteReport {
  readonly written: number;
  /** Records sent again after a throttle or partial failure. */
  readonly retried: number;
}

/** Producer side of the stream (Kinesis PutRecords, Kafka produce). */
export interface StreamWriter {
  /**
   * Largest record the stream takes, data and partition key together, in UTF-8 bytes (Kinesis:
   * 1 MiB). Producers turn a bigger one into a quarantine record instead of failing the batch.
   */
  readonly maxRecordBytes: number;
  /**
   * Writes every record, in batches the service accepts, retrying throttled or failed records with
   * backoff until all are in; resolves only then (that is the producer's back-pressure).
   */
  write(records: readonly StreamRecord[]): Promise<WriteReport>;
}

/**
 * Where the single leased producer keeps its recent-id window between runs (DynamoDB, beside the
 * lease), so a run drops what the previous run already sent.
 */
export interface RecentIdsStore {
  /** The ids saved by the last holder, oldest first ([] when none). Makes this run the writer. */
  claim(): Promise<string[]>;
  /** Replaces the saved ids; false when another run has claimed the window since (stop saving). */
  save(ids: readonly string[]): Promise<boolean>;
}

/** What the dashboard and API need to know about a debate, stored when processing starts. */
export interface DebateMeta {
  readonly id: string;
  readonly title: string;
  /** Epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly candidates: readonly CandidateInfo[];
  readonly bucketMs: number;
  readonly scorer: string;
  /** Moments of the debate to mark on its charts, in time order (absent: none). */
  readonly moments?: readonly DebateMoment[];
}

/** A debate as stored, with what processing has learnt. */
export interface DebateState extends DebateMeta {
  /** Epoch ms of the oldest and newest post processed; null before the first. */
  readonly firstPostAt: number | null;
  readonly lastPostAt: number | null;
  /** Epoch ms of the last successful batch write. */
  readonly processedAt: number | null;
  /** Processing lag (see HealthResponse): arrival in the stream of the newest record of that batch → processedAt. */
  readonly lagMs: number | null;
}

export interface ApplyReport {
  readonly itemsWritten: number;
  /** Items whose watermark showed the batch was already applied to them. */
  readonly itemsSkipped: number;
}

/** A window of one debate, [from, to) in epoch ms, both multiples of its base bucket. */
export interface WindowQuery {
  readonly debateId: string;
  readonly bucketMs: number;
  readonly from: number;
  readonly to: number;
}

export interface SeriesQuery extends WindowQuery {
  readonly candidates: readonly string[];
  /** A multiple of `bucketMs`; `from` and `to` are multiples of it too. */
  readonly stepMs: number;
}

export interface CandidateExtremes {
  readonly mostPositive: Extreme | null;
  readonly mostNegative: Extreme | null;
}

/**
 * Aggregates, geo posts and debate state (DynamoDB). The window reads (`readSeries`,
 * `readExtremes`, `readHashtags`) return exactly what merging the base buckets of the window would,
 * but may read coarser rollups kept as data arrives, so their cost does not grow with the window.
 */
export interface AggregateStore {
  /** Creates or refreshes a debate's metadata; keeps what processing learnt. Idempotent. */
  putDebate(meta: DebateMeta): Promise<void>;
  applyBatch(delta: BatchDelta): Promise<ApplyReport>;
  listDebates(): Promise<DebateState[]>;
  getDebate(id: string): Promise<DebateState | undefined>;
  /** Base buckets of one candidate with from ≤ bucketStart < to. */
  readBuckets(
    debateId: string,
    candidate: string,
    from: number,
    to: number,
  ): Promise<Map<number, BucketAggregate>>;
  /**
   * Per candidate asked for, step start → the counters of its base buckets in that step, for the
   * steps of [from, to) holding posts (steps without posts may be absent).
   */
  readSeries(q: SeriesQuery): Promise<Map<string, Map<number, SeriesSums>>>;
  /** Per candidate asked for, its most positive and most negative post of the window. */
  readExtremes(
    q: WindowQuery & { readonly candidates: readonly string[] },
  ): Promise<Map<string, CandidateExtremes>>;
  /**
   * Hashtag counts of the window summed over candidates (a post about two candidates counts for
   * each). Stores keep the top hashtags per slot, so counts are lower bounds past that top.
   */
  readHashtags(q: WindowQuery): Promise<CountMap>;
  /** Geo posts with from ≤ t < to, in time order. */
  readGeo(debateId: string, from: number, to: number): Promise<GeoPostRecord[]>;
}

/** The raw archive (S3): gzip JSON Lines objects under keys from `lambda/core/archive-keys.ts`. */
export interface ArchiveStore {
  put(key: string, body: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Every key under the prefix, in key order. */
  list(prefix: string): AsyncIterable<string>;
}
