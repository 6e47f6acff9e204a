import {
  aggregateTweets,
  bucketTweets,
  emptyAggregate,
  fromTweet,
  mergeAll,
  slidingWindows,
  toJSON,
  TwoStackWindow,
  type BucketAggregate,
  type BucketSeries,
} from '../../lambda/core/aggregate';
import { intIn, mulberry32 } from '../support/prng';
import { burstyScoredTweets, CANDIDATES, randomScoredTweets } from '../support/scored-tweets';

describe('slidingWindows', () => {
  test.each([
    // seed, bucketMs, windowMs, everyMs, from, to
    [1, 5000, 60_000, 1000, 0, 400_000],
    [2, 5000, 30_000, 7000, 123_457, 512_345],
    [3, 1000, 10_000, 25_000, -40_001, 600_000],
    [4, 5000, 5000, 3000, -1, 200_001],
    [5, 2000, 600_000, 1000, 50_001, 300_000],
    [6, 5000, 45_000, 4999, -120_000, 700_000],
  ])(
    'GIVEN bursty random tweets (seed %i, bucket %i, window %i, every %i) WHEN windows slide over [%i, %i) THEN each equals a brute-force recomputation',
    (seed, bucketMs, windowMs, everyMs, from, to) => {
      // GIVEN
      const tweets = burstyScoredTweets(mulberry32(seed), {
        from: -30_000,
        bursts: 10,
        perBurst: 40,
        burstMs: 15_000,
        maxGapMs: 60_000,
      });
      const index = bucketTweets(tweets, bucketMs);
      for (const c of CANDIDATES) {
        // WHEN
        const points = slidingWindows(index.get(c) ?? new Map(), { from, to, windowMs, everyMs, bucketMs });
        // THEN
        const ticks: number[] = [];
        for (let t = Math.ceil(from / everyMs) * everyMs + 0; t < to; t += everyMs) ticks.push(t);
        expect(points.map((p) => p.t)).toEqual(ticks);
        for (const p of points) {
          const end = Math.floor(p.t / bucketMs) * bucketMs;
          const raw = tweets.filter(
            (tw) => tw.candidates.includes(c) && tw.createdAt >= end - windowMs && tw.createdAt < end,
          );
          expect([p.start, p.end]).toEqual([end - windowMs, end]);
          expect(p.agg).toEqual(aggregateTweets(raw));
        }
      }
    },
  );

  test('GIVEN ticks closer than a bucket WHEN windows slide THEN ticks in the same bucket share one window', () => {
    // GIVEN
    const index = bucketTweets(randomScoredTweets(mulberry32(8), { n: 200, from: 0, spanMs: 60_000 }), 5000);
    // WHEN
    const points = slidingWindows(index.get('alice') ?? new Map(), {
      from: 10_000,
      to: 20_000,
      windowMs: 10_000,
      everyMs: 1000,
      bucketMs: 5000,
    });
    // THEN
    expect(points.map((p) => p.end)).toEqual([...Array(5).fill(10_000), ...Array(5).fill(15_000)]);
    expect(points[4].agg).toBe(points[0].agg);
    expect(points[5].agg).not.toBe(points[4].agg);
  });

  test('GIVEN a series WHEN windows slide over it THEN its buckets are not changed', () => {
    // GIVEN
    const series =
      bucketTweets(randomScoredTweets(mulberry32(4), { n: 300, from: 0, spanMs: 100_000 }), 5000).get(
        'bob',
      ) ?? new Map();
    const before = JSON.stringify([...series].map(([k, a]) => [k, toJSON(a)]));
    // WHEN
    slidingWindows(series, { from: 0, to: 120_000, windowMs: 20_000, everyMs: 3000, bucketMs: 5000 });
    // THEN
    expect(JSON.stringify([...series].map(([k, a]) => [k, toJSON(a)]))).toBe(before);
  });

  test('GIVEN no buckets WHEN windows slide THEN every window is empty', () => {
    // WHEN
    const points = slidingWindows(new Map(), {
      from: 0,
      to: 10_000,
      windowMs: 5000,
      everyMs: 2500,
      bucketMs: 5000,
    });
    // THEN
    expect(points).toHaveLength(4);
    expect(points.every((p) => p.agg.count === 0 && p.agg.mostPositive === null)).toBe(true);
  });

  test('fails if the window is not a multiple of the bucket', () => {
    // WHEN / THEN
    expect(() =>
      slidingWindows(new Map(), { from: 0, to: 1, windowMs: 12_000, everyMs: 1000, bucketMs: 5000 }),
    ).toThrow('windowMs (12000) must be a multiple of bucketMs (5000)');
  });

  test.each([0, -1000, 0.5])('fails if every is %p', (everyMs) => {
    // WHEN / THEN
    expect(() =>
      slidingWindows(new Map(), { from: 0, to: 1, windowMs: 10_000, everyMs, bucketMs: 5000 }),
    ).toThrow(/everyMs must be a positive integer/);
  });
});

describe('TwoStackWindow', () => {
  test.each([1, 2, 3])(
    'GIVEN random pushes and evictions (seed %i) WHEN queried after each step THEN it equals merging the items still inside',
    (seed) => {
      // GIVEN
      const rng = mulberry32(seed);
      const window = new TwoStackWindow();
      const inside: { key: number; agg: BucketAggregate }[] = [];
      let key = 0;
      for (let step = 0; step < 400; step++) {
        // WHEN
        if (rng() < 0.6) {
          key += intIn(rng, 1, 3);
          const agg = aggregateTweets(randomScoredTweets(rng, { n: intIn(rng, 0, 4), from: 0, spanMs: 10 }));
          window.push(key, agg);
          inside.push({ key, agg });
        } else {
          const minKey = key - intIn(rng, -2, 12);
          window.evictBefore(minKey);
          while (inside.length > 0 && inside[0].key < minKey) inside.shift();
        }
        // THEN
        expect(window.size).toBe(inside.length);
        expect(window.query()).toEqual(mergeAll(inside.map((x) => x.agg)));
      }
    },
  );

  test('GIVEN a window WHEN its query result is mutated THEN later queries are unaffected', () => {
    // GIVEN
    const window = new TwoStackWindow();
    const t = randomScoredTweets(mulberry32(5), { n: 1, from: 0, spanMs: 1 })[0];
    window.push(1, fromTweet(t));
    window.evictBefore(0);
    // WHEN
    const first = window.query();
    first.count = 99;
    first.words.set('mutated', 1);
    // THEN
    expect(window.query()).toEqual(fromTweet(t));
  });

  test('rejects a key that is not greater than the newest one', () => {
    // GIVEN
    const window = new TwoStackWindow();
    window.push(5, emptyAggregate());
    // WHEN / THEN
    expect(() => window.push(5, emptyAggregate())).toThrow(
      /key 5 must be greater than the newest key in the window \(5\)/,
    );
  });

  test('GIVEN a window whose every item is older than the cut-off WHEN evicted THEN it is empty', () => {
    // GIVEN
    const window = new TwoStackWindow();
    const series: BucketSeries = new Map([1, 2, 3].map((k) => [k, emptyAggregate()]));
    for (const [k, a] of series) window.push(k, a);
    // WHEN
    window.evictBefore(10);
    // THEN
    expect(window.size).toBe(0);
    expect(window.query()).toEqual(emptyAggregate());
  });
});
