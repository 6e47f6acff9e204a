/**
 * AggregateStore on one DynamoDB table (layout in `table-keys.ts`), exactly-once in effect without
 * transactions (dynalite has none, and one transaction could not hold a large batch anyway).
 *
 * What a batch adds is stored in block items: per rollup level (5-s buckets, 1 min, 10 min; see
 * lambda/core/aggregate/rollup.ts) one item per block of slots for each kind of read — series stats,
 * extremes, hashtags — holding every candidate and every shard, plus one detail item per candidate
 * and block of base buckets with the whole aggregates. A read loads only the kind it needs, from
 * the coarsest level that answers it; a batch writes a few items per level however many buckets
 * and candidates it spans.
 *
 * Each item of a batch is applied on its own, from the item's state as this store last wrote it
 * (`known-items.ts`; a new item if it knows none): if the item's watermark for the batch's shard
 * is at or past the batch's last sequence number the item already holds this batch and is
 * skipped; otherwise the stored body and the delta are merged, compacted, and written back with a
 * condition on that state's version (`ver`), together with the new watermark — one round trip.
 * When the state was stale (another shard or process wrote since, or the store forgot the item)
 * the condition fails, the failure hands back the stored item (or it is read), and the merge is
 * redone. A failed write is billed at the item's size, so an item found shared that way is read
 * (consistently) before each later write instead. A part that changes nothing stored is not written.
 *
 * So a redelivered batch, a bisected part of one (same shard, last sequence ≤ the applied one), or
 * a full retry after a crash between two item writes leaves every item as one clean apply would.
 * A redelivery that starts inside an applied batch and ends past it (a retry that gathered more
 * records) is absorbed too: for an item whose watermark falls inside the batch, only the posts
 * past the watermark are added, from the deltas' `records`.
 */
import {
  ConditionalCheckFailedException,
  BatchGetItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  addCounts,
  addToBlock,
  aggregateTweets,
  alignDown,
  blocksOf,
  cloneAggregate,
  compact,
  coverWindow,
  emptyAggregate,
  mergeBlocks,
  mergeInto,
  moreNegative,
  morePositive,
  rollupLevels,
  seriesLevel,
  ALL,
  type BlockBody,
  type BlockKind,
  type BucketAggregate,
  type CompactLimits,
  type CountMap,
  type Extreme,
  type SeriesSums,
} from '../core/aggregate';
import type { ScoredTweet } from '../core/scored-tweet';
import { forEachBounded } from './bounded-concurrency';
import {
  addGeoPosts,
  blockAttributes,
  compareGeo,
  debateMetaAttributes,
  geoAttributes,
  readBlock,
  readDebate,
  readGeoMinute,
  watermarksAttribute,
  type GeoMinute,
  type Item,
} from './dynamo-items';
import { KnownItems, sameBody, storedState, writeCondition, type ItemState } from './known-items';
import type {
  AggregateStore,
  ApplyReport,
  BatchDelta,
  CandidateExtremes,
  DebateMeta,
  DebateState,
  GeoPostRecord,
  SeriesQuery,
  WindowQuery,
} from '../core/ports';
import { blockPk, DEBATE_PK, detailPk, geoPk, sequenceKey, timeKey, timeKeyRange } from './table-keys';

/** How many hashtags and words a stored slot keeps. */
export const DEFAULT_COMPACT_LIMITS: CompactLimits = { hashtags: 50, words: 100 };
/** Geo posts kept per minute item (a map shows pings, not every post; ~150 bytes each). */
export const DEFAULT_GEO_POSTS_PER_MINUTE = 500;
/** Item writes of one batch in flight at once. */
export const DEFAULT_CONCURRENCY = 16;
/** Reads and conditional writes of one item before a write conflict is reported as an error. */
export const DEFAULT_MAX_WRITE_ATTEMPTS = 25;
/** Items whose last written state a store remembers (a few batches' worth at the live edge). */
export const DEFAULT_KNOWN_ITEMS = 1024;
/** Keys per BatchGetItem call (DynamoDB's limit). */
const BATCH_GET_KEYS = 100;

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
  /** Items whose last written state is remembered, to write without reading first. @default 1024 */
  readonly knownItems?: number;
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

/** One candidate's base bucket of a batch, with the posts behind it (padded sequence keys), if sent. */
interface Part {
  readonly candidate: string;
  readonly bucketStart: number;
  readonly aggregate: BucketAggregate;
  records: { key: string; post: ScoredTweet }[] | undefined;
}

/** One item a batch touches, with everything the batch adds to it. */
type ItemTask =
  | {
      readonly kind: 'block';
      readonly block: BlockKind;
      readonly pk: string;
      readonly sk: string;
      /** Slot length of the item's level. */
      readonly slotMs: number;
      readonly parts: Part[];
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
  private readonly known: KnownItems;

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
    this.known = new KnownItems(options.knownItems ?? DEFAULT_KNOWN_ITEMS);
    if (this.table === '') throw new TypeError('tableName must not be empty');
    requirePositive('geoPostsPerMinute', this.geoCap);
    requirePositive('concurrency', this.concurrency);
    requirePositive('maxWriteAttempts', this.maxWriteAttempts);
    requirePositive('knownItems', options.knownItems ?? DEFAULT_KNOWN_ITEMS);
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
    const pk = detailPk(debateId, candidate);
    const names = { '#pk': 'pk', '#sk': 'sk', '#v': 'v' };
    // The block holding `from` may start before it: the last item before `from` (the block length
    // depends on the debate's bucket, unknown here), then the items from `from` on.
    const before = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: '#pk = :pk AND #sk < :low',
        ProjectionExpression: '#sk, #v',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':pk': { S: pk }, ':low': { S: range.low } },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const take = (item: Item): void => {
      const body = this.blockOf(item, pk, 'detail');
      for (const [slot, keys] of body ?? []) {
        const agg = keys.get(candidate);
        if (agg !== undefined && slot >= from && slot < to) out.set(slot, agg);
      }
    };
    for (const item of before.Items ?? []) take(item);
    for await (const item of this.queryRange(pk, range, '#sk, #v', { '#v': 'v' })) take(item);
    return new Map([...out].sort((a, b) => a[0] - b[0]));
  }

  async readSeries(q: SeriesQuery): Promise<Map<string, Map<number, SeriesSums>>> {
    const out = new Map<string, Map<number, BucketAggregate>>(q.candidates.map((c) => [c, new Map()]));
    const levels = rollupLevels(q.bucketMs);
    const level = levels[seriesLevel(levels, q.stepMs)];
    checkWindow(q, q.stepMs);
    const range = timeKeyRange(alignDown(q.from, level.blockMs), q.to);
    if (range === undefined || q.to <= q.from) return out;
    const pk = blockPk('stats', q.debateId, level.slotMs);
    for await (const item of this.queryRange(pk, range, '#sk, #v', { '#v': 'v' })) {
      for (const [slot, keys] of this.blockOf(item, pk, 'stats') ?? []) {
        if (slot < q.from || slot >= q.to) continue;
        const step = alignDown(slot, q.stepMs);
        for (const [c, steps] of out) {
          const agg = keys.get(c);
          if (agg === undefined) continue;
          const seen = steps.get(step);
          if (seen === undefined) steps.set(step, cloneAggregate(agg));
          else mergeInto(seen, agg);
        }
      }
    }
    return out;
  }

  async readExtremes(
    q: WindowQuery & { readonly candidates: readonly string[] },
  ): Promise<Map<string, CandidateExtremes>> {
    const out = new Map<string, { mostPositive: Extreme | null; mostNegative: Extreme | null }>(
      q.candidates.map((c) => [c, { mostPositive: null, mostNegative: null }]),
    );
    for (const keys of await this.readCovered('extremes', q)) {
      for (const [c, e] of out) {
        const agg = keys.get(c);
        if (agg === undefined) continue;
        e.mostPositive = morePositive(e.mostPositive, agg.mostPositive);
        e.mostNegative = moreNegative(e.mostNegative, agg.mostNegative);
      }
    }
    return out;
  }

  async readHashtags(q: WindowQuery): Promise<CountMap> {
    const total: CountMap = new Map();
    for (const keys of await this.readCovered('hashtags', q)) {
      const agg = keys.get(ALL);
      if (agg !== undefined) addCounts(total, agg.hashtags);
    }
    return total;
  }

  /**
   * The slots (key → part) that make up the window exactly: the coarsest level's slots inside it
   * and finer ones at its edges (`coverWindow`), from the few items holding them, in one round trip
   * per hundred items.
   */
  private async readCovered(
    kind: 'extremes' | 'hashtags',
    q: WindowQuery,
  ): Promise<Map<string, BucketAggregate>[]> {
    checkWindow(q, q.bucketMs);
    const levels = rollupLevels(q.bucketMs);
    const wanted = new Map<string, { pk: string; sk: string; pieces: [number, number][] }>();
    for (const piece of coverWindow(levels, q.from, q.to)) {
      const level = levels[piece.level];
      const pk = blockPk(kind, q.debateId, level.slotMs);
      for (const b of blocksOf(level, piece.from, piece.to)) {
        const sk = timeKey(b);
        const id = `${pk}\u0000${sk}`;
        const w = wanted.get(id) ?? { pk, sk, pieces: [] };
        w.pieces.push([piece.from, piece.to]);
        wanted.set(id, w);
      }
    }
    const out: Map<string, BucketAggregate>[] = [];
    for (const item of await this.batchGet([...wanted.values()])) {
      const pk = item.pk?.S ?? '';
      const w = wanted.get(`${pk}\u0000${item.sk?.S ?? ''}`);
      if (w === undefined) continue;
      for (const [slot, keys] of this.blockOf(item, pk, kind) ?? []) {
        if (w.pieces.some(([lo, hi]) => slot >= lo && slot < hi)) out.push(keys);
      }
    }
    return out;
  }

  /** The items of `keys` that exist (BatchGetItem, a hundred keys a call, unprocessed keys retried). */
  private async batchGet(keys: readonly { pk: string; sk: string }[]): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) {
      let pending: Item[] = keys
        .slice(i, i + BATCH_GET_KEYS)
        .map((k) => ({ pk: { S: k.pk }, sk: { S: k.sk } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
        const got = await this.client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [this.table]: {
                Keys: pending,
                ProjectionExpression: '#pk, #sk, #v',
                ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#v': 'v' },
              },
            },
          }),
        );
        out.push(...(got.Responses?.[this.table] ?? []));
        pending = got.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return out;
  }

  /** The body of a block item, or undefined (with a warning) when it does not parse. */
  private blockOf(item: Item, pk: string, kind: BlockKind): BlockBody | undefined {
    const r = readBlock(item, kind);
    if (r.ok) return r.value;
    this.warn(`skipped unreadable ${kind} ${pk} / ${item.sk?.S ?? ''}: ${r.error}`);
    return undefined;
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

  /**
   * Applies one item's part of a batch; false if the item already has it (its watermark) or the
   * part changes nothing. Starts from the state this store last wrote or saw, if it still knows it
   * (usually the item's current state: one conditional write, no read), else assumes a new item;
   * a failed condition hands back the stored item (or it is read) and the merge is redone. An item
   * whose condition has failed before is shared with other writers: it is read first from then on,
   * until a read finds it as this store left it.
   */
  private applyItem(task: ItemTask, shardId: string, first: string, seq: string): Promise<boolean> {
    const id = `${task.pk}\u0000${task.sk}`;
    return this.known.exclusive(id, async () => {
      const key = { pk: { S: task.pk }, sk: { S: task.sk } };
      let state = this.known.get(id);
      if (this.known.isShared(id)) {
        // Other shards write this item too, so the remembered state is most likely stale. A failed
        // write is billed at the item's size in 1-KB units; a consistent read of it costs a twentieth.
        const item = await this.readItem(key);
        const stored = item === undefined ? undefined : storedState(item);
        if (state !== undefined && stored?.ver === state.ver) this.known.markUnshared(id);
        state = stored;
      }
      // Nothing to write: what was seen is remembered, so the next batch starts from it.
      const unchanged = (seen: ItemState | undefined): false => {
        if (seen !== undefined) this.known.set(id, seen);
        return false;
      };
      for (let attempt = 1; ; attempt++) {
        const wm = new Map(state?.wm ?? []);
        const mark = wm.get(shardId);
        if (mark !== undefined && mark >= seq) return unchanged(state);
        wm.set(shardId, seq);
        // Geo items are merged by post id, so any overlap is harmless; blocks need the part past the mark.
        const body =
          task.kind === 'block'
            ? this.mergedBlock(task, state?.body, mark !== undefined && mark >= first ? mark : undefined)
            : this.mergedGeo(task, state?.body);
        // Nothing new (e.g. extremes that beat none stored): no write. Applying the same part again
        // would change nothing either, so the watermark need not move.
        if (state !== undefined && sameBody(state.body, body)) return unchanged(state);
        const ver = state?.ver;
        try {
          await this.client.send(
            new PutItemCommand({
              TableName: this.table,
              Item: { ...key, ...body, wm: watermarksAttribute(wm), ver: { N: String((ver ?? 0) + 1) } },
              ...writeCondition(state),
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          );
          this.known.set(id, { ver: (ver ?? 0) + 1, wm, body });
          return true;
        } catch (err) {
          this.known.delete(id);
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
          this.known.markShared(id);
          if (attempt >= this.maxWriteAttempts) {
            throw new Error(
              `${task.pk} / ${task.sk}: still conflicting with other writers after ${attempt} attempts`,
              { cause: err },
            );
          }
          // A stale or missing state is expected once; after that another shard is writing the
          // item at the same time: back off a little (full jitter).
          if (attempt > 1) await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
          const item = err.Item ?? (await this.readItem(key));
          state = item === undefined ? undefined : storedState(item);
        }
      }
    });
  }

  /** The item as stored now (a strongly consistent read), or undefined if there is none. */
  private async readItem(key: Item): Promise<Item | undefined> {
    return (
      await this.client.send(new GetItemCommand({ TableName: this.table, Key: key, ConsistentRead: true }))
    ).Item;
  }

  /**
   * The stored body plus the batch's part for this item. `overlapMark` is set when the item
   * already holds the batch's records up to it (a redelivery gathered with other boundaries): then
   * only the posts past the mark are added, which needs the batch's `records`.
   */
  private mergedBlock(
    task: ItemTask & { kind: 'block' },
    item: Item | undefined,
    overlapMark: string | undefined,
  ): Item {
    const delta: BlockBody = new Map();
    for (const p of task.parts) {
      let agg = p.aggregate;
      if (overlapMark !== undefined) {
        if (p.records === undefined) {
          throw new Error(
            `${task.pk} / ${task.sk}: the batch overlaps one applied up to ${overlapMark}; ` +
              'applying it exactly once needs its bucket records',
          );
        }
        agg = aggregateTweets(p.records.filter((r) => r.key > overlapMark).map((r) => r.post));
        if (agg.count === 0) continue;
      }
      addToBlock(delta, task.block, alignDown(p.bucketStart, task.slotMs), p.candidate, agg);
    }
    let stored: BlockBody = new Map();
    if (item?.v !== undefined) {
      const r = readBlock(item, task.block);
      if (r.ok) stored = r.value;
      else this.warn(`replaced unreadable ${task.block} ${task.pk} / ${task.sk}: ${r.error}`);
    }
    mergeBlocks(stored, delta);
    return blockAttributes(task.block, stored, this.limits);
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

const WINDOW_KINDS = ['stats', 'extremes', 'hashtags'] as const;

/**
 * The items a batch touches: for each of its base buckets, the block holding it on every rollup
 * level for each kind of read, and the candidate's detail block. Deltas for the same bucket are
 * combined first (applied one after the other, the second would find the first's watermark and be
 * skipped). Validates every key before anything is written.
 */
function itemTasks(delta: BatchDelta): ItemTask[] {
  const levels = rollupLevels(delta.bucketMs);
  const parts = new Map<string, Part>();
  for (const b of delta.buckets) {
    if (b.candidate === '') throw new TypeError('bucket delta with an empty candidate id');
    if (b.candidate === ALL) throw new TypeError(`"${ALL}" is not a candidate id`);
    if (!Number.isSafeInteger(b.bucketStart) || b.bucketStart % delta.bucketMs !== 0) {
      throw new RangeError(`bucket start ${b.bucketStart} is not a multiple of bucketMs (${delta.bucketMs})`);
    }
    timeKey(b.bucketStart);
    const id = `${b.candidate}\u0000${b.bucketStart}`;
    const records = b.records?.map((r) => ({ key: sequenceKey(r.sequence), post: r.post }));
    const seen = parts.get(id);
    if (seen === undefined) {
      parts.set(id, {
        candidate: b.candidate,
        bucketStart: b.bucketStart,
        aggregate: cloneAggregate(b.aggregate),
        records,
      });
    } else {
      mergeInto(seen.aggregate, b.aggregate);
      if (seen.records !== undefined && records !== undefined) seen.records.push(...records);
      else seen.records = undefined;
    }
  }
  const blocks = new Map<string, ItemTask & { kind: 'block' }>();
  const add = (block: BlockKind, pk: string, slotMs: number, start: number, part: Part): void => {
    const sk = timeKey(start);
    const id = `${pk}\u0000${sk}`;
    const seen = blocks.get(id);
    if (seen === undefined) blocks.set(id, { kind: 'block', block, pk, sk, slotMs, parts: [part] });
    else seen.parts.push(part);
  };
  for (const part of parts.values()) {
    for (const level of levels) {
      const start = alignDown(part.bucketStart, level.blockMs);
      for (const kind of WINDOW_KINDS)
        add(kind, blockPk(kind, delta.debateId, level.slotMs), level.slotMs, start, part);
    }
    const base = levels[0];
    add(
      'detail',
      detailPk(delta.debateId, part.candidate),
      base.slotMs,
      alignDown(part.bucketStart, base.blockMs),
      part,
    );
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
  return [...blocks.values(), ...geo.values()];
}

/** A window read's bounds must be whole `unitMs` (the step or the base bucket). */
function checkWindow(q: WindowQuery, unitMs: number): void {
  if (q.debateId === '') throw new TypeError('debateId must not be empty');
  for (const [name, v] of [
    ['from', q.from],
    ['to', q.to],
  ] as const) {
    if (!Number.isSafeInteger(v) || v % unitMs !== 0) {
      throw new RangeError(`${name} (${v}) must be a multiple of ${unitMs} ms`);
    }
  }
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
