/**
 * Property: whatever the base bucket, the number of shards, how batches cut the posts, and the window
 * and step asked for, the DynamoDB store's window reads (from rollups and merged shard parts) equal a
 * brute-force merge of the base buckets of the same posts. Scores are dyadic (see
 * test/support/scored-tweets.ts), so sums merged in any grouping are bit-for-bit equal; top-K limits
 * are larger than the number of distinct hashtags and words, so compaction drops nothing.
 */
import {
  bucketTweets,
  mergeAll,
  moreNegative,
  morePositive,
  toJSON,
  type BucketAggregate,
  type CandidateBuckets,
  type Extreme,
  type SeriesSums,
} from '../../lambda/core/aggregate';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import type { BatchDelta } from '../../lambda/core/ports';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import { ensureTable } from '../../lib/local/emulators';
import { uniqueName, useEmulators } from '../support/emulators';
import { intIn, mulberry32, pick, type Rng } from '../support/prng';
import { CANDIDATES, randomScoredTweets } from '../support/scored-tweets';

const aws = useEmulators();
const DEBATE = 'prop-debate';
const T0 = Date.UTC(2016, 8, 27, 1, 0, 0);

/** Batches as the processor builds them: one shard's consecutive posts, sequence numbers rising. */
function deltas(ts: readonly ScoredTweet[], shards: number, bucketMs: number, rng: Rng): BatchDelta[] {
  const out: BatchDelta[] = [];
  const perShard: ScoredTweet[][] = Array.from({ length: shards }, () => []);
  for (const t of ts) perShard[intIn(rng, 0, shards - 1)].push(t);
  perShard.forEach((posts, shard) => {
    let seq = 1;
    for (let i = 0; i < posts.length;) {
      const n = intIn(rng, 1, 120);
      const batch = posts.slice(i, i + n);
      const first = seq;
      const records = new Map<string, { sequence: string; post: ScoredTweet }[]>();
      batch.forEach((post, k) => {
        const b = Math.floor(post.createdAt / bucketMs) * bucketMs;
        for (const c of new Set(post.candidates)) {
          const key = `${c}\u0000${b}`;
          records.set(key, [...(records.get(key) ?? []), { sequence: String(first + k), post }]);
        }
      });
      seq += batch.length;
      out.push({
        debateId: DEBATE,
        shardId: `shard-${shard}`,
        bucketMs,
        firstSequence: String(first),
        lastSequence: String(seq - 1),
        buckets: [...bucketTweets(batch, bucketMs)].flatMap(([candidate, series]) =>
          [...series].map(([bucketStart, aggregate]) => ({
            candidate,
            bucketStart,
            aggregate,
            records: records.get(`${candidate}\u0000${bucketStart}`) ?? [],
          })),
        ),
        geo: [],
        newestPostAt: null,
        oldestPostAt: null,
        newestArrivalAt: 0,
      });
      i += n;
    }
  });
  return out;
}

function bucketsIn(index: CandidateBuckets, c: string, from: number, to: number): BucketAggregate[] {
  return [...(index.get(c) ?? new Map<number, BucketAggregate>())]
    .filter(([t]) => t >= from && t < to)
    .map(([, a]) => a);
}

describe('DynamoAggregateStore rollups (property)', () => {
  test.each([1, 2, 3, 4, 5, 6])(
    'seed %i: series, extremes, hashtags and buckets of random windows equal a merge of the base buckets',
    async (seed) => {
      // GIVEN: random posts over up to 40 min, applied by 1–3 shards in random batches
      const rng = mulberry32(seed * 7919);
      const bucketMs = pick(rng, [5000, 5000, 10_000, 15_000, 60_000]);
      const spanMs = intIn(rng, 1, 40) * 60_000;
      const shards = intIn(rng, 1, 3);
      const ts = randomScoredTweets(rng, { n: intIn(rng, 50, 400), from: T0, spanMs });
      const table = uniqueName('rollups');
      await ensureTable(aws().dynamo, table);
      const store = new DynamoAggregateStore({
        client: aws().dynamo,
        tableName: table,
        compactLimits: { hashtags: 1000, words: 1000 },
      });
      const batches = deltas(ts, shards, bucketMs, rng);
      // Shards write at once (contending for the same items), each shard's batches in order.
      await Promise.all(
        Array.from({ length: shards }, async (_, s) => {
          for (const d of batches.filter((b) => b.shardId === `shard-${s}`)) await store.applyBatch(d);
        }),
      );
      const index = bucketTweets(ts, bucketMs);
      const candidates = [...CANDIDATES];
      for (let w = 0; w < 8; w++) {
        // WHEN a random window (whole steps) is read
        const stepMs = bucketMs * pick(rng, [1, 2, 3, 4, 6, 12, 24, 60, 120]);
        const from = Math.floor((T0 + intIn(rng, -300, spanMs / 1000) * 1000) / stepMs) * stepMs;
        const to = from + intIn(rng, 0, Math.ceil(spanMs / stepMs) + 2) * stepMs;
        const series = await store.readSeries({ debateId: DEBATE, bucketMs, candidates, from, to, stepMs });
        const wFrom = Math.floor(from / bucketMs) * bucketMs + bucketMs * intIn(rng, 0, 3);
        const wTo = Math.max(wFrom, to - bucketMs * intIn(rng, 0, 3));
        const q = { debateId: DEBATE, bucketMs, candidates, from: wFrom, to: wTo };
        const extremes = await store.readExtremes(q);
        const hashtags = await store.readHashtags(q);
        // THEN each equals the brute-force merge of the base buckets
        for (const c of candidates) {
          const want = new Map<number, unknown>();
          for (let t = from; t < to; t += stepMs) {
            const agg = mergeAll(bucketsIn(index, c, t, t + stepMs));
            if (agg.count > 0) want.set(t, sums(agg));
          }
          const got = new Map([...(series.get(c) ?? [])].map(([t, a]) => [t, sums(a)]));
          expect(got).toEqual(want);
          let hi: Extreme | null = null;
          let lo: Extreme | null = null;
          for (const a of bucketsIn(index, c, wFrom, wTo)) {
            hi = morePositive(hi, a.mostPositive);
            lo = moreNegative(lo, a.mostNegative);
          }
          expect(extremes.get(c)).toEqual({ mostPositive: hi, mostNegative: lo });
        }
        const tags = mergeAll(candidates.flatMap((c) => bucketsIn(index, c, wFrom, wTo))).hashtags;
        expect(sorted(hashtags)).toEqual(sorted(tags));
      }
      // and the base buckets (detail items) read back whole
      for (const c of candidates) {
        const got = await store.readBuckets(DEBATE, c, T0 - 3600_000, T0 + spanMs);
        const want = index.get(c) ?? new Map<number, BucketAggregate>();
        expect(new Map([...got].map(([t, a]) => [t, toJSON(a)]))).toEqual(
          new Map([...want].sort((a, b) => a[0] - b[0]).map(([t, a]) => [t, toJSON(a)])),
        );
      }
    },
  );
});

function sums(a: SeriesSums): unknown {
  const { count, sum, sumSq, pos, neu, neg } = a;
  return { count, sum, sumSq, pos, neu, neg };
}

function sorted(m: ReadonlyMap<string, number>): [string, number][] {
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
