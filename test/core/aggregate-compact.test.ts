import {
  aggregateTweets,
  compact,
  emptyAggregate,
  mergeAll,
  toJSON,
  topK,
  type BucketAggregate,
} from '../../lambda/core/aggregate';
import { intIn, mulberry32 } from '../support/prng';
import { randomPartition, randomScoredTweets } from '../support/scored-tweets';

function withWords(words: Record<string, number>): BucketAggregate {
  const agg = emptyAggregate();
  agg.words = new Map(Object.entries(words));
  return agg;
}

/** Everything but the count maps and their dropped totals, which compaction must leave alone. */
function scalars(a: BucketAggregate): object {
  const { count, sum, sumSq, pos, neu, neg, mostPositive, mostNegative } = a;
  return { count, sum, sumSq, pos, neu, neg, mostPositive, mostNegative };
}

function total(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((s, n) => s + n, 0);
}

describe('compact', () => {
  test('GIVEN word counts with a tie at the cut WHEN compacted to 2 THEN the highest stay, ties by key, the rest is counted', () => {
    // GIVEN
    const agg = withWords({ d: 1, c: 3, a: 5, b: 3 });
    // WHEN
    const out = compact(agg, 2);
    // THEN
    expect(out.words).toEqual(
      new Map([
        ['a', 5],
        ['b', 3],
      ]),
    );
    expect(out.otherWords).toBe(4);
  });

  test.each([0, 1, 3, 5, 50])(
    'GIVEN random aggregates WHEN compacted to k=%i THEN the k highest counts stay exact and the dropped ones are accounted for',
    (k) => {
      for (const seed of [1, 2, 3]) {
        // GIVEN
        const agg = aggregateTweets(randomScoredTweets(mulberry32(seed), { n: 300, from: 0, spanMs: 1000 }));
        // WHEN
        const out = compact(agg, k);
        // THEN
        for (const [name, before, after, other] of [
          ['hashtags', agg.hashtags, out.hashtags, out.otherHashtags],
          ['words', agg.words, out.words, out.otherWords],
        ] as const) {
          const expected = [...before].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, k);
          expect({ name, kept: new Map(expected) }).toEqual({ name, kept: after });
          expect(total(after) + other).toBe(total(before));
        }
        expect(scalars(out)).toEqual(scalars(agg));
      }
    },
  );

  test('GIVEN different limits for hashtags and words WHEN compacted THEN each map is cut to its own limit', () => {
    // GIVEN
    const agg = aggregateTweets(randomScoredTweets(mulberry32(4), { n: 300, from: 0, spanMs: 1000 }));
    // WHEN
    const out = compact(agg, { hashtags: 2, words: 4 });
    // THEN
    expect(out.hashtags.size).toBe(2);
    expect(out.words.size).toBe(4);
  });

  test('GIVEN a compacted aggregate WHEN compacted again with the same limit THEN nothing changes', () => {
    // GIVEN
    const once = compact(
      aggregateTweets(randomScoredTweets(mulberry32(5), { n: 300, from: 0, spanMs: 1000 })),
      3,
    );
    // WHEN / THEN
    expect(compact(once, 3)).toEqual(once);
  });

  test('GIVEN an aggregate WHEN compacted THEN the input is unchanged', () => {
    // GIVEN
    const agg = aggregateTweets(randomScoredTweets(mulberry32(6), { n: 300, from: 0, spanMs: 1000 }));
    const before = JSON.stringify(toJSON(agg));
    // WHEN
    compact(agg, 1);
    // THEN
    expect(JSON.stringify(toJSON(agg))).toBe(before);
  });

  test.each([1, 2, 3])(
    'GIVEN buckets compacted before merging (seed %i) WHEN merged THEN each count is a lower bound within the dropped total',
    (seed) => {
      // GIVEN
      const rng = mulberry32(seed);
      const parts = randomPartition(rng, randomScoredTweets(rng, { n: 400, from: 0, spanMs: 1000 }), 8).map(
        aggregateTweets,
      );
      const exact = mergeAll(parts);
      // WHEN
      const approx = mergeAll(parts.map((p) => compact(p, intIn(rng, 1, 4))));
      // THEN
      for (const [key, truth] of exact.words) {
        const kept = approx.words.get(key) ?? 0;
        expect(kept).toBeLessThanOrEqual(truth);
        expect(truth - kept).toBeLessThanOrEqual(approx.otherWords);
      }
      expect(total(approx.words) + approx.otherWords).toBe(total(exact.words));
      expect(scalars(approx)).toEqual(scalars(exact));
    },
  );

  test.each([-1, 1.5, Number.NaN])('rejects a limit of %p', (k) => {
    // WHEN / THEN
    expect(() => compact(emptyAggregate(), k)).toThrow(/non-negative integer/);
  });
});

describe('topK', () => {
  test('GIVEN counts with ties WHEN the top 3 are asked for THEN they come highest first, ties by key', () => {
    // GIVEN
    const counts = new Map([
      ['zeta', 2],
      ['alpha', 2],
      ['mid', 7],
      ['beta', 2],
      ['low', 1],
    ]);
    // WHEN / THEN
    expect(topK(counts, 3)).toEqual([
      { key: 'mid', count: 7 },
      { key: 'alpha', count: 2 },
      { key: 'beta', count: 2 },
    ]);
  });

  test('GIVEN random counts WHEN any k is asked for THEN the result equals sorting everything and slicing', () => {
    const rng = mulberry32(99);
    for (let round = 0; round < 50; round++) {
      // GIVEN
      const counts = new Map(
        Array.from({ length: intIn(rng, 0, 60) }, (_, i) => [
          `k${intIn(rng, 0, 99)}-${i % 3}`,
          intIn(rng, 1, 6),
        ]),
      );
      const k = intIn(rng, 0, 70);
      // WHEN
      const got = topK(counts, k);
      // THEN
      const expected = [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, k)
        .map(([key, count]) => ({ key, count }));
      expect(got).toEqual(expected);
    }
  });

  test('rejects a negative k', () => {
    // WHEN / THEN
    expect(() => topK(new Map(), -1)).toThrow(RangeError);
  });
});
