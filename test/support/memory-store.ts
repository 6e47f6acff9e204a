/**
 * In-memory implementations of the store ports (lambda/core/ports.ts) for unit tests of code
 * that reads or writes through them. They keep the ports' promises — exactly-once `applyBatch` by
 * per-item, per-shard sequence marks; buckets stored as JSON and read back through `fromJSON`, so
 * no caller shares a mutable aggregate with the store — but none of a real service's limits.
 */
import type {
  AggregateStore,
  ApplyReport,
  ArchiveStore,
  BatchDelta,
  CandidateExtremes,
  DebateMeta,
  DebateState,
  GeoPostRecord,
  SeriesQuery,
  WindowQuery,
} from '../../lambda/core/ports';
import {
  addCounts,
  alignDown,
  compareIds,
  emptyAggregate,
  moreNegative,
  morePositive,
  fromJSON,
  mergeInto,
  toJSON,
  type AggregateJSON,
  type BucketAggregate,
  type CandidateBuckets,
  type CountMap,
  type SeriesSums,
} from '../../lambda/core/aggregate';

interface Marked<T> {
  value: T;
  /** Shard → last sequence number applied to this item. */
  readonly marks: Map<string, string>;
}

export interface MemoryAggregateStoreOptions {
  /** Clock for `processedAt`, epoch ms. @default Date.now */
  readonly now?: () => number;
}

export class MemoryAggregateStore implements AggregateStore {
  private readonly debates = new Map<string, DebateState>();
  /** `debate candidate` → bucket start → stored aggregate. */
  private readonly buckets = new Map<string, Map<number, Marked<AggregateJSON>>>();
  /** debate → minute start → posts. */
  private readonly geo = new Map<string, Map<number, Marked<GeoPostRecord[]>>>();
  private readonly now: () => number;
  /** When set, every method rejects with it (a store outage). */
  failWith: Error | undefined;
  /** Number of `readBuckets` calls, to check what a query costs. */
  bucketReads = 0;

  constructor(options: MemoryAggregateStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async putDebate(meta: DebateMeta): Promise<void> {
    this.check();
    const old = this.debates.get(meta.id);
    this.debates.set(meta.id, {
      ...meta,
      candidates: meta.candidates.map((c) => ({ ...c })),
      firstPostAt: old?.firstPostAt ?? null,
      lastPostAt: old?.lastPostAt ?? null,
      processedAt: old?.processedAt ?? null,
      lagMs: old?.lagMs ?? null,
    });
  }

  async applyBatch(delta: BatchDelta): Promise<ApplyReport> {
    this.check();
    let itemsWritten = 0;
    let itemsSkipped = 0;
    const apply = <T>(item: Marked<T>, update: (item: Marked<T>) => void): void => {
      const mark = item.marks.get(delta.shardId);
      if (mark !== undefined && compareIds(mark, delta.lastSequence) >= 0) {
        itemsSkipped++;
        return;
      }
      update(item);
      item.marks.set(delta.shardId, delta.lastSequence);
      itemsWritten++;
    };
    for (const b of delta.buckets) {
      const series = getOrCreate(
        this.buckets,
        `${delta.debateId} ${b.candidate}`,
        () => new Map<number, Marked<AggregateJSON>>(),
      );
      const item = getOrCreate(series, b.bucketStart, () => ({
        value: toJSON(emptyAggregate()),
        marks: new Map(),
      }));
      apply(item, (it) => {
        const agg = read(it.value);
        mergeInto(agg, b.aggregate);
        it.value = toJSON(agg);
      });
    }
    for (const g of delta.geo) {
      const minutes = getOrCreate(this.geo, delta.debateId, () => new Map<number, Marked<GeoPostRecord[]>>());
      const item = getOrCreate(minutes, g.minuteStart, () => ({
        value: [] as GeoPostRecord[],
        marks: new Map(),
      }));
      apply(item, (it) => {
        it.value = [...it.value, ...g.posts.map((p) => ({ ...p, candidates: [...p.candidates] }))];
      });
    }
    const d = this.debates.get(delta.debateId);
    if (d !== undefined) {
      const processedAt = this.now();
      this.debates.set(d.id, {
        ...d,
        firstPostAt: minOf(d.firstPostAt, delta.oldestPostAt),
        lastPostAt: maxOf(d.lastPostAt, delta.newestPostAt),
        processedAt,
        lagMs: processedAt - delta.newestArrivalAt,
      });
    }
    return { itemsWritten, itemsSkipped };
  }

  async listDebates(): Promise<DebateState[]> {
    this.check();
    return [...this.debates.values()].map((d) => ({ ...d }));
  }

  async getDebate(id: string): Promise<DebateState | undefined> {
    this.check();
    const d = this.debates.get(id);
    return d === undefined ? undefined : { ...d };
  }

  async readBuckets(
    debateId: string,
    candidate: string,
    from: number,
    to: number,
  ): Promise<Map<number, BucketAggregate>> {
    this.check();
    this.bucketReads++;
    const out = new Map<number, BucketAggregate>();
    const series = this.buckets.get(`${debateId} ${candidate}`);
    if (series === undefined) return out;
    for (const k of [...series.keys()].sort((a, b) => a - b)) {
      if (k >= from && k < to) out.set(k, read((series.get(k) as Marked<AggregateJSON>).value));
    }
    return out;
  }

  /** By brute force: the base buckets of the window, merged per step. */
  async readSeries(q: SeriesQuery): Promise<Map<string, Map<number, SeriesSums>>> {
    const out = new Map<string, Map<number, SeriesSums>>();
    for (const c of q.candidates) {
      const steps = new Map<number, BucketAggregate>();
      for (const [t, agg] of await this.readBuckets(q.debateId, c, q.from, q.to)) {
        const step = alignDown(t, q.stepMs);
        const seen = steps.get(step);
        if (seen === undefined) steps.set(step, agg);
        else mergeInto(seen, agg);
      }
      out.set(c, steps);
    }
    return out;
  }

  async readExtremes(
    q: WindowQuery & { readonly candidates: readonly string[] },
  ): Promise<Map<string, CandidateExtremes>> {
    const out = new Map<string, CandidateExtremes>();
    for (const c of q.candidates) {
      let mostPositive = null;
      let mostNegative = null;
      for (const agg of (await this.readBuckets(q.debateId, c, q.from, q.to)).values()) {
        mostPositive = morePositive(mostPositive, agg.mostPositive);
        mostNegative = moreNegative(mostNegative, agg.mostNegative);
      }
      out.set(c, { mostPositive, mostNegative });
    }
    return out;
  }

  async readHashtags(q: WindowQuery): Promise<CountMap> {
    const total: CountMap = new Map();
    const prefix = `${q.debateId} `;
    for (const key of this.buckets.keys()) {
      if (!key.startsWith(prefix)) continue;
      for (const agg of (await this.readBuckets(q.debateId, key.slice(prefix.length), q.from, q.to)).values())
        addCounts(total, agg.hashtags);
    }
    return total;
  }

  async readGeo(debateId: string, from: number, to: number): Promise<GeoPostRecord[]> {
    this.check();
    const posts: GeoPostRecord[] = [];
    for (const item of this.geo.get(debateId)?.values() ?? []) {
      for (const p of item.value) if (p.t >= from && p.t < to) posts.push({ ...p });
    }
    return posts.sort((a, b) => a.t - b.t || compareIds(a.id, b.id));
  }

  /** Test setup: store whole candidate series at once (as if one batch of shard `load` wrote them). */
  async loadBuckets(
    debateId: string,
    index: CandidateBuckets,
    lastSequence = '1',
    bucketMs = 5000,
  ): Promise<ApplyReport> {
    const buckets = [...index].flatMap(([candidate, series]) =>
      [...series].map(([bucketStart, aggregate]) => ({ candidate, bucketStart, aggregate })),
    );
    return this.applyBatch({
      debateId,
      shardId: 'load',
      bucketMs,
      firstSequence: lastSequence,
      lastSequence,
      buckets,
      geo: [],
      newestPostAt: null,
      oldestPostAt: null,
      newestArrivalAt: this.now(),
    });
  }

  private check(): void {
    if (this.failWith !== undefined) throw this.failWith;
  }
}

/** The raw archive in memory: keys in code-unit order, as S3 lists them. */
export class MemoryArchiveStore implements ArchiveStore {
  private readonly objects = new Map<string, Buffer>();
  /** Keys read with `get`, in order, to check which partitions a query touched. */
  readonly reads: string[] = [];

  async put(key: string, body: Buffer): Promise<void> {
    this.objects.set(key, Buffer.from(body));
  }

  async get(key: string): Promise<Buffer> {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`NoSuchKey: ${key}`);
    this.reads.push(key);
    return Buffer.from(body);
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    for (const k of keys) yield k;
  }
}

function read(json: AggregateJSON): BucketAggregate {
  const r = fromJSON(json);
  if (!r.ok) throw new Error(`stored aggregate is invalid at ${r.error.path}: ${r.error.message}`);
  return r.aggregate;
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
