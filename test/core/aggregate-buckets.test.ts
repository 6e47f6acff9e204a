import {
  aggregateTweets,
  bucketKeysInRange,
  bucketStart,
  bucketTweets,
  emptyAggregate,
} from '../../lambda/core/aggregate';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import { intIn, mulberry32 } from '../support/prng';
import { CANDIDATES, randomScoredTweets } from '../support/scored-tweets';

function tweet(id: string, createdAt: number, candidates: string[]): ScoredTweet {
  return {
    id,
    createdAt,
    authorId: '1',
    text: 't',
    candidates,
    score: 0.5,
    polarity: 1,
    hashtags: [],
    words: [],
  };
}

describe('bucketStart', () => {
  test.each([
    [0, 0],
    [4999, 0],
    [5000, 5000],
    [12_345, 10_000],
    [-1, -5000],
    [-4999, -5000],
    [-5000, -5000],
    [-5001, -10_000],
  ])('GIVEN %i ms and 5-second buckets WHEN floored THEN the bucket starts at %i', (ms, expected) => {
    // WHEN / THEN
    expect(bucketStart(ms, 5000)).toBe(expected);
  });

  test('GIVEN random instants and bucket lengths WHEN floored THEN the start is the multiple at or just before', () => {
    const rng = mulberry32(3);
    for (let i = 0; i < 2000; i++) {
      // GIVEN
      const ms = intIn(rng, -10_000_000, 10_000_000);
      const b = intIn(rng, 1, 20_000);
      // WHEN
      const start = bucketStart(ms, b);
      // THEN
      expect(Math.abs(start % b)).toBe(0);
      expect(start <= ms && ms < start + b).toBe(true);
    }
  });

  test('GIVEN a date-sized instant WHEN floored to a minute THEN it matches the calendar minute', () => {
    // GIVEN
    const ms = Date.UTC(2015, 8, 16, 20, 14, 59, 999);
    // WHEN / THEN
    expect(bucketStart(ms, 60_000)).toBe(Date.UTC(2015, 8, 16, 20, 14));
  });

  test.each([0, -5000, 2.5, Number.NaN])('rejects a bucket length of %p', (b) => {
    // WHEN / THEN
    expect(() => bucketStart(1000, b)).toThrow(/bucketMs must be a positive integer/);
  });

  test('rejects a fractional instant', () => {
    // WHEN / THEN
    expect(() => bucketStart(1000.5, 5000)).toThrow(/ms must be an integer/);
  });
});

describe('bucketTweets', () => {
  test('GIVEN a tweet naming two candidates WHEN bucketed THEN it adds to the bucket of each', () => {
    // WHEN
    const index = bucketTweets([tweet('1', 7000, ['alice', 'bob'])], 5000);
    // THEN
    expect(index.get('alice')?.get(5000)?.count).toBe(1);
    expect(index.get('bob')?.get(5000)?.count).toBe(1);
  });

  test('GIVEN a tweet naming a candidate twice WHEN bucketed THEN it counts once', () => {
    // WHEN
    const index = bucketTweets([tweet('1', 0, ['alice', 'alice'])], 5000);
    // THEN
    expect(index.get('alice')?.get(0)?.count).toBe(1);
  });

  test('GIVEN a tweet naming no candidate WHEN bucketed THEN nothing is created', () => {
    // WHEN
    const index = bucketTweets([tweet('1', 0, [])], 5000);
    // THEN
    expect(index.size).toBe(0);
  });

  test.each([1, 2, 3])(
    'GIVEN random tweets (seed %i) WHEN bucketed THEN each bucket equals the aggregate of its tweets',
    (seed) => {
      // GIVEN
      const tweets = randomScoredTweets(mulberry32(seed), { n: 400, from: -30_000, spanMs: 60_000 });
      // WHEN
      const index = bucketTweets(tweets, 5000);
      // THEN
      for (const c of CANDIDATES) {
        const mine = tweets.filter((t) => t.candidates.includes(c));
        const starts = [...new Set(mine.map((t) => Math.floor(t.createdAt / 5000) * 5000))].sort(
          (a, b) => a - b,
        );
        const series = index.get(c) ?? new Map();
        expect([...series.keys()].sort((a, b) => a - b)).toEqual(starts);
        for (const s of starts) {
          const inBucket = mine.filter((t) => t.createdAt >= s && t.createdAt < s + 5000);
          expect(series.get(s)).toEqual(aggregateTweets(inBucket));
        }
      }
    },
  );
});

describe('bucketKeysInRange', () => {
  test('GIVEN a series WHEN keys in a range are asked for THEN they come sorted and the range is half-open', () => {
    // GIVEN
    const series = new Map([20_000, 0, 10_000, 5000, 15_000].map((k) => [k, emptyAggregate()]));
    // WHEN / THEN
    expect(bucketKeysInRange(series, 5000, 20_000, 5000)).toEqual([5000, 10_000, 15_000]);
  });

  test('rejects a series built with another bucket length', () => {
    // GIVEN
    const series = new Map([[3000, emptyAggregate()]]);
    // WHEN / THEN
    expect(() => bucketKeysInRange(series, 0, 10_000, 5000)).toThrow(
      /bucket key 3000 is not a multiple of bucketMs \(5000\)/,
    );
  });
});
