/**
 * AggregateStore on one DynamoDB table (layout in `table-keys.ts`), exactly-once in effect without
 * transactions (dynalite has none, and one transaction could not hold a large batch anyway).
 *
 * Each item of a batch is applied on its own: a consistent read; if the item's watermark for the
 * batch's shard is at or past the batch's last sequence number the item already holds this batch
 * and is skipped; otherwise the stored aggregate and the delta are merged, compacted, and written
 * back with a condition on the version read (`ver`), together with the new watermark. A concurrent
 * writer (another shard) makes the condition fail; the item is then read again and retried.
 *
 * So a redelivered batch, a bisected part of one (same shard, last sequence ≤ the applied one), or
 * a full retry after a crash between two item writes leaves every item as one clean apply would.
 * A redelivery that starts inside an applied batch and ends past it (a retry that gathered more
 * records) is absorbed too: for an item whose watermark falls inside the batch, only the bucket's
 * posts past the watermark are added, from the delta's `records`.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  aggregateTweets,
  compact,
  emptyAggregate,
  merge,
  mergeInto,
  cloneAggregate,
  type BucketAggregate,
  type CompactLimits,
} from '../core/aggregate';
import type { ScoredTweet } from '../core/scored-tweet';
import { forEachBounded } from './bounded-concurrency';
import {
  addGeoPosts,
  aggregateAttribute,
  compareGeo,
  debateMetaAttributes,
  geoAttributes,
  readAggregate,
  readDebate,
  readGeoMinute,
  readVersion,
  readWatermarks,
  watermarksAttribute,
  type GeoMinute,
  type Item,
} from './dynamo-items';
import type {
  AggregateStore,
  ApplyReport,
  BatchDelta,
  DebateMeta,
  DebateState,
  GeoPostRecord,
} from '../core/ports';
import {
  aggregatePk,
  aggregateSk,
  bucketOfSk,
  DEBATE_PK,
  geoPk,
  sequenceKey,
  timeKey,
  timeKeyRange,
  withAllShards,
} from './table-keys';

/** How many hashtags and words a stored bucket keeps. */
export const DEFAULT_COMPACT_LIMITS: CompactLimits = { hashtags: 50, words: 100 };
/** Geo posts kept per minute item (a map shows pings, not every post; ~150 bytes each). */
export const DEFAULT_GEO_POSTS_PER_MINUTE = 500;
/** Item writes of one batch in flight at once. */
export const DEFAULT_CONCURRENCY = 16;
/** Reads and conditional writes of one item before a write conflict is reported as an error. */
export const DEFAULT_MAX_WRITE_ATTEMPTS = 25;

const MINUTE_MS = 60_000;

export interface DynamoAggregateStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Top-K kept per stored bucket (see `compact`). @default DEFAULT_COMPACT_LIMITS (50 hashtags, 100 words) */
  readonly compactLimits?: CompactLimits;
  /** Geo posts kept per minute; the earliest in (t, id) order stay. @default 500 */
  readonly geoPostsPerMinute?: number;
  /** Item writes in flight per `applyBatch`. @default 16 */
  readonly concurrency?: number;
  /** Read-and-write rounds per item under write conflicts. @default 25 */
  readonly maxWriteAttempts?: number;
  /** Clock for `processedAt` and `lagMs`. @default Date.now */
  readonly now?: () => number;
  /**
   * Told about stored items that do not parse: reads skip them, and a batch applied to a bucket
   * whose stored aggregate is unreadable replaces it (the archive can rebuild it). @default ignore
   */
  readonly onWarning?: (message: string) => void;
  /**
   * Test hook (fault injection): called after each item write of an `applyBatch` with the number
   * of items written so far in that call. Throwing from it simulates a crash between item writes:
   * `applyBatch` starts no further item and rejects with the thrown error once writes in flight end.
   */
  readonly afterItemWrite?: (n: number) => void;
}

/** One item a batch touches, with everything the batch adds to it. */
type ItemTask =
  | {
      readonly kind: 'agg';
      readonly pk: string;
      readonly sk: string;
      readonly delta: BucketAggregate;
      /** The posts behind `delta` with padded sequence keys, when the batch sent them. */
      records: { key: string; post: ScoredTweet }[] | undefined;
    }
  | { readonly kind: 'geo'; readonly pk: string; readonly sk: string; readonly posts: GeoPostRecord[] };

export class DynamoAggregateStore implements AggregateStore {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly limits: CompactLimits;
  private readonly geoCap: number;
  private readonly concurrency: number;
  private readonly maxWriteAttempts: number;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly afterItemWrite?: (n: number) => void;

  constructor(options: DynamoAggregateStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.limits = options.compactLimits ?? DEFAULT_COMPACT_LIMITS;
    this.geoCap = options.geoPostsPerMinute ?? DEFAULT_GEO_POSTS_PER_MINUTE;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxWriteAttempts = options.maxWriteAttempts ?? DEFAULT_MAX_WRITE_ATTEMPTS;
    this.now = options.now ?? Date.now;
    this.warn = options.onWarning ?? (() => undefined);
    this.afterItemWrite = options.afterItemWrite;
    if (this.table === '') throw new TypeError('tableName must not be empty');
    requirePositive('geoPostsPerMinute', this.geoCap);
    requirePositive('concurrency', this.concurrency);
    requirePositive('maxWriteAttempts', this.maxWriteAttempts);
    // compact checks its limits itself; check once here so a bad option fails at start-up.
    compact(emptyAggregate(), this.limits);
  }

  async putDebate(meta: DebateMeta): Promise<void> {
    checkMeta(meta);
    // UpdateItem sets only the metadata attributes: processing state already stored stays.
    const attrs = debateMetaAttributes(meta);
    const names: Record<string, string> = {};
    const values: Record<string, AttributeValue> = {};
    const sets = Object.entries(attrs).map(([name, value]) => {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      return `#${name} = :${name}`;
    });
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { pk: { S: DEBATE_PK }, sk: { S: meta.id } },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async applyBatch(delta: BatchDelta): Promise<ApplyReport> {
    if (delta.debateId === '') throw new TypeError('debateId must not be empty');
    if (delta.shardId === '') throw new TypeError('shardId must not be empty');
    const seq = sequenceKey(delta.lastSequence);
    const first = sequenceKey(delta.firstSequence);
    if (first > seq)
      throw new RangeError(
        `firstSequence ${delta.firstSequence} is after lastSequence ${delta.lastSequence}`,
      );
    const tasks = itemTasks(delta);
    let written = 0;
    let skipped = 0;
    await forEachBounded(tasks, this.concurrency, async (task) => {
      if (await this.applyItem(task, delta.shardId, first, seq)) {
        written += 1;
        this.afterItemWrite?.(written);
      } else {
        skipped += 1;
      }
    });
    await this.updateDebateState(delta);
    return { itemsWritten: written, itemsSkipped: skipped };
  }

  async listDebates(): Promise<DebateState[]> {
    const out: DebateState[] = [];
    for await (const item of this.query({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': { S: DEBATE_PK } },
    })) {
      const d = this.debateOf(item);
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  async getDebate(id: string): Promise<DebateState | undefined> {
    if (id === '') return undefined;
    const got = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: { pk: { S: DEBATE_PK }, sk: { S: id } } }),
    );
    return got.Item === undefined ? undefined : this.debateOf(got.Item);
  }

  async readBuckets(
    debateId: string,
    candidate: string,
    from: number,
    to: number,
  ): Promise<Map<number, BucketAggregate>> {
    const out = new Map<number, BucketAggregate>();
    const range = timeKeyRange(from, to);
    if (range === undefined) return out;
    const pk = aggregatePk(debateId, candidate);
    const shards = { low: range.low, high: withAllShards(range.high) };
    for await (const item of this.queryRange(pk, shards, '#sk, #agg', { '#agg': 'agg' })) {
      const sk = item.sk?.S ?? '';
      const r = readAggregate(item);
      if (!r.ok) {
        this.warn(`skipped unreadable aggregate ${pk} / ${sk}: ${r.error}`);
        continue;
      }
      // One item per shard and bucket: the bucket is their merge.
      const t = bucketOfSk(sk);
      const seen = out.get(t);
      if (seen === undefined) out.set(t, r.value);
      else mergeInto(seen, r.value);
    }
    return out;
  }

  async readGeo(debateId: string, from: number, to: number): Promise<GeoPostRecord[]> {
    // Minute items that can hold a post with from ≤ t < to start at most a minute before `from`.
    const range = timeKeyRange(Math.floor(from / MINUTE_MS) * MINUTE_MS, to);
    if (range === undefined) return [];
    const pk = geoPk(debateId);
    const out: GeoPostRecord[] = [];
    for await (const item of this.queryRange(pk, range, '#sk, #posts', { '#posts': 'posts' })) {
      const r = readGeoMinute(item);
      if (!r.ok) {
        this.warn(`skipped unreadable geo posts ${pk} / ${item.sk?.S ?? ''}: ${r.error}`);
        continue;
      }
      for (const p of r.value.posts) if (p.t >= from && p.t < to) out.push(p);
    }
    return out.sort(compareGeo);
  }

  /** Applies one item's part of a batch; false if the item's watermark shows it already has it. */
  private async applyItem(task: ItemTask, shardId: string, first: string, seq: string): Promise<boolean> {
    const key = { pk: { S: task.pk }, sk: { S: task.sk } };
    for (let attempt = 1; ; attempt++) {
      const got = await this.client.send(
        new GetItemCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
      );
      const item = got.Item;
      const wm = readWatermarks(item);
      const mark = wm.get(shardId);
      if (mark !== undefined && mark >= seq) return false;
      wm.set(shardId, seq);
      const ver = readVersion(item);
      // Geo items are merged by post id, so any overlap is harmless; aggregates need the part past the mark.
      const body =
        task.kind === 'agg'
          ? this.mergedAggregate(task, item, mark !== undefined && mark >= first ? mark : undefined)
          : this.mergedGeo(task, item);
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.table,
            Item: { ...key, ...body, wm: watermarksAttribute(wm), ver: { N: String((ver ?? 0) + 1) } },
            ...(ver === undefined
              ? {
                  ConditionExpression: 'attribute_not_exists(#ver)',
                  ExpressionAttributeNames: { '#ver': 'ver' },
                }
              : {
                  ConditionExpression: '#ver = :ver',
                  ExpressionAttributeNames: { '#ver': 'ver' },
                  ExpressionAttributeValues: { ':ver': { N: String(ver) } },
                }),
          }),
        );
        return true;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        if (attempt >= this.maxWriteAttempts) {
          throw new Error(
            `${task.pk} / ${task.sk}: still conflicting with other writers after ${attempt} attempts`,
            { cause: err },
          );
        }
        // Another shard wrote the item since the read: back off a little (full jitter) and re-read.
        await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  /**
   * The stored aggregate plus the batch's part for this item. `overlapMark` is set when the item
   * already holds the batch's records up to it (a redelivery gathered with other boundaries): then
   * only the posts past the mark are added, which needs the batch's `records`.
   */
  private mergedAggregate(
    task: ItemTask & { kind: 'agg' },
    item: Item | undefined,
    overlapMark: string | undefined,
  ): Item {
    let delta = task.delta;
    if (overlapMark !== undefined) {
      if (task.records === undefined) {
        throw new Error(
          `${task.pk} / ${task.sk}: the batch overlaps one applied up to ${overlapMark}; ` +
            'applying it exactly once needs its bucket records',
        );
      }
      delta = aggregateTweets(task.records.filter((r) => r.key > overlapMark).map((r) => r.post));
    }
    let stored = emptyAggregate();
    if (item?.agg !== undefined) {
      const r = readAggregate(item);
      if (r.ok) stored = r.value;
      else this.warn(`replaced unreadable aggregate ${task.pk} / ${task.sk}: ${r.error}`);
    }
    return { agg: aggregateAttribute(compact(merge(stored, delta), this.limits)) };
  }

  private mergedGeo(task: ItemTask & { kind: 'geo' }, item: Item | undefined): Item {
    let stored: GeoMinute = { posts: [], dropped: 0 };
    if (item?.posts !== undefined) {
      const r = readGeoMinute(item);
      if (r.ok) stored = r.value;
      else this.warn(`replaced unreadable geo posts ${task.pk} / ${task.sk}: ${r.error}`);
    }
    return geoAttributes(addGeoPosts(stored, task.posts, this.geoCap));
  }

  /**
   * Monotonic, not exactly-once: each attribute moves only forward (first post earlier, last post
   * later, processedAt later), so replays and out-of-order batches never move it back.
   */
  private async updateDebateState(delta: BatchDelta): Promise<void> {
    const now = this.now();
    const updates: Promise<void>[] = [
      this.setIf(
        delta.debateId,
        { processedAt: now, lagMs: Math.max(0, now - delta.newestArrivalAt) },
        'processedAt',
        '<=',
      ),
    ];
    if (delta.oldestPostAt !== null) {
      updates.push(this.setIf(delta.debateId, { firstPostAt: delta.oldestPostAt }, 'firstPostAt', '>'));
    }
    if (delta.newestPostAt !== null) {
      updates.push(this.setIf(delta.debateId, { lastPostAt: delta.newestPostAt }, 'lastPostAt', '<'));
    }
    await Promise.all(updates);
  }

  /** Sets numeric attributes of a debate item if `guard` is absent or `guard op` its new value. */
  private async setIf(
    debateId: string,
    values: Record<string, number>,
    guard: string,
    op: '<' | '<=' | '>',
  ): Promise<void> {
    const names: Record<string, string> = {};
    const attrValues: Record<string, AttributeValue> = {};
    const sets = Object.entries(values).map(([name, v]) => {
      names[`#${name}`] = name;
      attrValues[`:${name}`] = { N: String(v) };
      return `#${name} = :${name}`;
    });
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: DEBATE_PK }, sk: { S: debateId } },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `attribute_not_exists(#${guard}) OR #${guard} ${op} :${guard}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: attrValues,
        }),
      );
    } catch (err) {
      // The stored value is already further along: nothing to do.
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  private debateOf(item: Item): DebateState | undefined {
    const r = readDebate(item);
    if (r.ok) return r.value;
    this.warn(`skipped unreadable debate ${item.sk?.S ?? ''}: ${r.error}`);
    return undefined;
  }

  private queryRange(
    pk: string,
    range: { low: string; high: string },
    projection: string,
    names: Record<string, string>,
  ): AsyncIterable<Item> {
    return this.query({
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
      ProjectionExpression: projection,
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', ...names },
      ExpressionAttributeValues: { ':pk': { S: pk }, ':low': { S: range.low }, ':high': { S: range.high } },
    });
  }

  /** Every item of a query, page by page, in sort-key order. */
  private async *query(input: Omit<QueryCommandInput, 'TableName'>): AsyncIterable<Item> {
    let start: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, TableName: this.table, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      yield* page.Items ?? [];
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
}

/**
 * The items a batch touches. Deltas for the same item (same candidate and bucket, or same minute)
 * are combined first: applied one after the other, the second would find the first's watermark
 * and be skipped. Validates every key before anything is written.
 */
function itemTasks(delta: BatchDelta): ItemTask[] {
  const aggs = new Map<string, ItemTask & { kind: 'agg' }>();
  for (const b of delta.buckets) {
    if (b.candidate === '') throw new TypeError('bucket delta with an empty candidate id');
    const pk = aggregatePk(delta.debateId, b.candidate);
    const sk = aggregateSk(b.bucketStart, delta.shardId);
    const id = `${pk}\u0000${sk}`;
    const seen = aggs.get(id);
    const records = b.records?.map((r) => ({ key: sequenceKey(r.sequence), post: r.post }));
    if (seen === undefined) {
      aggs.set(id, { kind: 'agg', pk, sk, delta: cloneAggregate(b.aggregate), records });
    } else {
      mergeInto(seen.delta, b.aggregate);
      if (seen.records !== undefined && records !== undefined) seen.records.push(...records);
      else seen.records = undefined;
    }
  }
  const geo = new Map<string, ItemTask & { kind: 'geo' }>();
  const pk = geoPk(delta.debateId);
  for (const g of delta.geo) {
    if (g.minuteStart % MINUTE_MS !== 0) {
      throw new RangeError(`geo minuteStart ${g.minuteStart} is not a multiple of one minute`);
    }
    for (const p of g.posts) {
      if (!(p.t >= g.minuteStart && p.t < g.minuteStart + MINUTE_MS)) {
        throw new RangeError(`geo post ${p.id} at ${p.t} is outside its minute ${g.minuteStart}`);
      }
    }
    const sk = timeKey(g.minuteStart);
    const seen = geo.get(sk);
    if (seen === undefined) geo.set(sk, { kind: 'geo', pk, sk, posts: [...g.posts] });
    else seen.posts.push(...g.posts);
  }
  return [...aggs.values(), ...geo.values()];
}

function checkMeta(meta: DebateMeta): void {
  if (meta.id === '') throw new TypeError('debate id must not be empty');
  if (!Number.isFinite(meta.start) || !Number.isFinite(meta.end) || meta.end <= meta.start) {
    throw new RangeError(`debate ${meta.id}: end (${meta.end}) must be a time after start (${meta.start})`);
  }
  requirePositive('bucketMs', meta.bucketMs);
}

function requirePositive(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
