import {
  aggregateTweets,
  emptyAggregate,
  fromTweet,
  merge,
  mergeAll,
  mergeInto,
  toJSON,
  type BucketAggregate,
} from '../../lambda/core/aggregate';
import { intIn, mulberry32, type Rng } from '../support/prng';
import { randomPartition, randomScoredTweets } from '../support/scored-tweets';

// Scores are multiples of 2^-10 (see randomScoredTweets), so every sum is exact in a double whatever
// the grouping, and aggregates can be compared for deep equality, sums included. The float test
// at the end uses arbitrary scores and compares sums with a tolerance, everything else exactly.
const SEEDS = [11, 22, 33, 44, 55, 66];

function threeAggregates(rng: Rng): [BucketAggregate, BucketAggregate, BucketAggregate] {
  const tweets = randomScoredTweets(rng, { n: 400, from: 0, spanMs: 60_000 });
  const [a, b, c] = randomPartition(rng, tweets, 3).map(aggregateTweets);
  return [a, b, c];
}

describe('merge', () => {
  test.each(SEEDS)(
    'GIVEN a random aggregate (seed %i) WHEN merged with the empty one THEN it is unchanged',
    (seed) => {
      // GIVEN
      const [a] = threeAggregates(mulberry32(seed));
      // WHEN / THEN
      expect(merge(emptyAggregate(), a)).toEqual(a);
      expect(merge(a, emptyAggregate())).toEqual(a);
    },
  );

  test.each(SEEDS)(
    'GIVEN three random aggregates (seed %i) WHEN merged in two groupings THEN results are equal',
    (seed) => {
      // GIVEN
      const [a, b, c] = threeAggregates(mulberry32(seed));
      // WHEN
      const left = merge(merge(a, b), c);
      const right = merge(a, merge(b, c));
      // THEN
      expect(left).toEqual(right);
    },
  );

  test.each(SEEDS)(
    'GIVEN two random aggregates (seed %i) WHEN merged in both orders THEN results are equal',
    (seed) => {
      // GIVEN
      const [a, b] = threeAggregates(mulberry32(seed));
      // WHEN / THEN
      expect(merge(a, b)).toEqual(merge(b, a));
    },
  );

  test.each(SEEDS)(
    'GIVEN random tweets (seed %i) WHEN split into any partition THEN merging the parts equals aggregating the whole',
    (seed) => {
      // GIVEN
      const rng = mulberry32(seed);
      const tweets = randomScoredTweets(rng, { n: 500, from: 0, spanMs: 60_000 });
      const whole = aggregateTweets(tweets);
      for (const parts of [1, 2, 5, 17]) {
        // WHEN
        const pieces = randomPartition(rng, tweets, parts).map(aggregateTweets);
        // THEN
        expect(mergeAll(pieces)).toEqual(whole);
        expect(mergeAll([...pieces].reverse())).toEqual(whole);
      }
    },
  );

  test('GIVEN two extremes with equal scores in different aggregates WHEN merged either way THEN the same one wins', () => {
    // GIVEN
    const base = {
      createdAt: 0,
      authorId: '1',
      text: 't',
      candidates: ['bob'],
      polarity: 1 as const,
      hashtags: [],
      words: [],
    };
    const a = fromTweet({ ...base, id: '1000', score: 0.75 });
    const b = fromTweet({ ...base, id: '999', score: 0.75 });
    // WHEN
    const ab = merge(a, b);
    const ba = merge(b, a);
    // THEN
    expect(ab.mostPositive?.id).toBe('999');
    expect(ba.mostPositive).toEqual(ab.mostPositive);
    expect(ba.mostNegative).toEqual(ab.mostNegative);
  });

  test('GIVEN two aggregates WHEN merged THEN neither input changes', () => {
    // GIVEN
    const [a, b] = threeAggregates(mulberry32(7));
    const before = JSON.stringify([toJSON(a), toJSON(b)]);
    // WHEN
    const m = merge(a, b);
    m.hashtags.set('new', 1);
    m.count++;
    // THEN
    expect(JSON.stringify([toJSON(a), toJSON(b)])).toBe(before);
  });

  test('GIVEN two aggregates WHEN merged in place THEN the target equals merge and the source is unchanged', () => {
    // GIVEN
    const [a, b] = threeAggregates(mulberry32(8));
    const expected = merge(a, b);
    const sourceBefore = JSON.stringify(toJSON(b));
    // WHEN
    mergeInto(a, b);
    // THEN
    expect(a).toEqual(expected);
    expect(JSON.stringify(toJSON(b))).toBe(sourceBefore);
  });

  test.each(SEEDS)(
    'GIVEN arbitrary float scores (seed %i) WHEN partitioned and merged THEN sums agree within rounding and all else exactly',
    (seed) => {
      // GIVEN
      const rng = mulberry32(seed);
      const tweets = randomScoredTweets(rng, { n: 400, from: 0, spanMs: 60_000, dyadic: false });
      const whole = aggregateTweets(tweets);
      // WHEN
      const merged = mergeAll(randomPartition(rng, tweets, intIn(rng, 2, 9)).map(aggregateTweets));
      // THEN: IEEE addition is not associative, so only the sums may differ, by a few ulps.
      const { sum, sumSq, ...rest } = merged;
      const { sum: wholeSum, sumSq: wholeSumSq, ...wholeRest } = whole;
      expect(Math.abs(sum - wholeSum)).toBeLessThan(1e-12);
      expect(Math.abs(sumSq - wholeSumSq)).toBeLessThan(1e-12);
      expect(rest).toEqual(wholeRest);
    },
  );
});
