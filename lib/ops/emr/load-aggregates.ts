/**
 * Loads the re-analysis job's output (one AggregateJSON line per candidate and bucket) into the
 * aggregates table through the same store the stream processor writes with, so the query API
 * reads it like any other aggregate.
 *
 * The run writes as its own shard, `batch-<runId>`, chunk k (in the merged lines' order, the same
 * on every load) at sequence k: an item a chunk touches then has a watermark at or past that
 * chunk's sequence (items hold several buckets, so later chunks may touch it again). Loading the
 * same run again skips every item, so a load is idempotent and a load interrupted half-way is
 * finished by running it again.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createInterface } from 'readline';
import { Readable } from 'stream';
import { createGunzip } from 'zlib';
import { fromJSON, type CompactLimits } from '../../../lambda/core/aggregate';
import type { DebateConfig } from '../../../lambda/core/debate-config';
import { debateMetaOf } from '../../../lambda/core/debate-meta';
import type { AggregateStore, ApplyReport, BucketDelta } from '../../../lambda/core/ports';
import { PartialMerger } from './partials';

/** Buckets written per `applyBatch` call. */
export const LOAD_CHUNK = 500;
const RUN_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export interface LoadOptions {
  readonly store: AggregateStore;
  readonly config: DebateConfig;
  /** Id of the re-analysis run; its shard is `batch-<runId>`. */
  readonly runId: string;
  readonly bucketMs: number;
  readonly scorer: string;
  /** Load under this debate id instead of the config's (so a re-run sits beside the live data). */
  readonly asDebateId?: string;
  /** The store's own compaction applies too; this only bounds memory while lines are merged. */
  readonly compactLimits?: CompactLimits;
}

export interface LoadReport extends ApplyReport {
  readonly debateId: string;
  readonly shardId: string;
  readonly buckets: number;
}

/** Shard id a run's aggregates are stored under. */
export function batchShardId(runId: string): string {
  if (!RUN_ID.test(runId))
    throw new RangeError(`run id must be 1 to 64 of A-Z a-z 0-9 _ . -, got "${runId}"`);
  return `batch-${runId}`;
}

/**
 * Merges the lines (any order; repeated keys add up) and applies them as the run's shard.
 * Lines of other debates are an error: they would land under the wrong debate.
 * @throws PartialLineError / Error on a bad line, naming its number.
 */
export async function loadAggregates(lines: AsyncIterable<string>, o: LoadOptions): Promise<LoadReport> {
  const shardId = batchShardId(o.runId);
  const debateId = o.asDebateId ?? o.config.id;
  const merger = new PartialMerger(o.compactLimits ?? { hashtags: 1000, words: 1000 });
  let no = 0;
  for await (const line of lines) {
    no++;
    try {
      merger.add(line);
    } catch (err) {
      throw new Error(`line ${no}: ${(err as Error).message}`, { cause: err });
    }
  }
  const buckets: BucketDelta[] = [];
  let oldest: number | null = null;
  let newest: number | null = null;
  for (const l of merger.lines()) {
    if (l.debateId !== o.config.id)
      throw new Error(`the output holds debate "${l.debateId}", not "${o.config.id}"`);
    const agg = fromJSON(l.agg);
    if (!agg.ok) throw new Error(`${l.candidate} @ ${l.bucketStart}: ${agg.error.message}`);
    buckets.push({ candidate: l.candidate, bucketStart: l.bucketStart, aggregate: agg.aggregate });
    oldest = oldest === null ? l.bucketStart : Math.min(oldest, l.bucketStart);
    newest =
      newest === null ? l.bucketStart + o.bucketMs - 1 : Math.max(newest, l.bucketStart + o.bucketMs - 1);
  }
  await o.store.putDebate({ ...debateMetaOf(o.config, o.bucketMs, o.scorer), id: debateId });
  let itemsWritten = 0;
  let itemsSkipped = 0;
  for (let i = 0; i < buckets.length; i += LOAD_CHUNK) {
    const sequence = String(i / LOAD_CHUNK + 1);
    const r = await o.store.applyBatch({
      debateId,
      shardId,
      bucketMs: o.bucketMs,
      firstSequence: sequence,
      lastSequence: sequence,
      buckets: buckets.slice(i, i + LOAD_CHUNK),
      geo: [],
      oldestPostAt: oldest,
      newestPostAt: newest,
      newestArrivalAt: 0,
    });
    itemsWritten += r.itemsWritten;
    itemsSkipped += r.itemsSkipped;
  }
  return { debateId, shardId, buckets: buckets.length, itemsWritten, itemsSkipped };
}

/** Lines of a stream, gunzipped when it starts with the gzip magic bytes. */
export async function* textLines(stream: Readable): AsyncGenerator<string> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const head = first.value;
  const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  let source: Readable = Readable.from(rest());
  if (gz) source = source.pipe(createGunzip());
  yield* createInterface({ input: source, crlfDelay: Infinity });
}

/** Every line of every object under s3://bucket/prefix (Spark's part files, gzip or not), in key order. */
export async function* s3Lines(s3: S3Client, bucket: string, prefix: string): AsyncGenerator<string> {
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const obj of page.Contents ?? []) {
      const key = obj.Key ?? '';
      const name = key.slice(key.lastIndexOf('/') + 1);
      // Spark's _SUCCESS marker and hidden files hold no data.
      if (name.startsWith('_') || name.startsWith('.') || key.endsWith('/')) continue;
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      yield* textLines(got.Body as Readable);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}
