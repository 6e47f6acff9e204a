import {
  aggregateTweets,
  bucketTweets,
  emptyAggregate,
  MAX_POINTS,
  resample,
  type BucketSeries,
} from '../../lambda/core/aggregate';
import { mulberry32 } from '../support/prng';
import { burstyScoredTweets, CANDIDATES } from '../support/scored-tweets';

const BUCKET = 5000;

describe('resample', () => {
  test.each([
    // seed, from, to, stepMs
    [1, 0, 600_000, 60_000],
    [2, 123_457, 480_001, 60_000],
    [3, -95_001, 700_000, 15_000],
    [4, 7, 300_003, 5000],
    [5, 250_000, 250_001, 60_000],
  ])(
    'GIVEN bursty random tweets (seed %i) WHEN resampled over [%i, %i) by %i ms THEN each point equals the aggregate of its raw tweets',
    (seed, from, to, stepMs) => {
      // GIVEN
      const tweets = burstyScoredTweets(mulberry32(seed), {
        from: -60_000,
        bursts: 8,
        perBurst: 60,
        burstMs: 20_000,
        maxGapMs: 90_000,
      });
      const index = bucketTweets(tweets, BUCKET);
      for (const c of CANDIDATES) {
        // WHEN
        const points = resample(index.get(c) ?? new Map(), { from, to, stepMs, bucketMs: BUCKET });
        // THEN
        const expectedTimes: number[] = [];
        for (let t = Math.floor(from / stepMs) * stepMs + 0; t < to; t += stepMs) expectedTimes.push(t);
        expect(points.map((p) => p.t)).toEqual(expectedTimes);
        for (const p of points) {
          const raw = tweets.filter(
            (tw) => tw.candidates.includes(c) && Math.floor(tw.createdAt / stepMs) * stepMs === p.t,
          );
          expect(p.agg).toEqual(aggregateTweets(raw));
        }
      }
    },
  );

  test('GIVEN a gap in the data WHEN resampled THEN the empty steps are present with zero counts', () => {
    // GIVEN
    const series: BucketSeries = new Map([
      [
        0,
        aggregateTweets(
          burstyScoredTweets(mulberry32(9), { from: 0, bursts: 1, perBurst: 5, burstMs: 5000, maxGapMs: 0 }),
        ),
      ],
      [180_000, emptyAggregate()],
    ]);
    series.get(180_000)?.hashtags.set('late', 1);
    // WHEN
    const points = resample(series, { from: 0, to: 240_000, stepMs: 60_000, bucketMs: BUCKET });
    // THEN
    expect(points.map((p) => p.agg.count)).toEqual([5, 0, 0, 0]);
    expect(points[1].agg).toEqual(emptyAggregate());
    expect(points[3].agg.hashtags.get('late')).toBe(1);
  });

  test('GIVEN an empty range WHEN resampled THEN there are no points', () => {
    // WHEN / THEN
    expect(resample(new Map(), { from: 1000, to: 1000, stepMs: 60_000, bucketMs: BUCKET })).toEqual([]);
  });

  test('GIVEN a series WHEN resampled THEN the buckets are not changed', () => {
    // GIVEN
    const index = bucketTweets(
      burstyScoredTweets(mulberry32(3), { from: 0, bursts: 2, perBurst: 50, burstMs: 30_000, maxGapMs: 0 }),
      BUCKET,
    );
    const series = index.get('alice') ?? new Map();
    const before = [...series].map(([k, a]) => [k, a.count, a.sum, new Map(a.words)]);
    // WHEN
    resample(series, { from: 0, to: 120_000, stepMs: 60_000, bucketMs: BUCKET });
    // THEN
    expect([...series].map(([k, a]) => [k, a.count, a.sum, new Map(a.words)])).toEqual(before);
  });

  test('fails if step is not a multiple of the bucket', () => {
    // WHEN / THEN
    expect(() => resample(new Map(), { from: 0, to: 60_000, stepMs: 7000, bucketMs: BUCKET })).toThrow(
      RangeError,
    );
    expect(() => resample(new Map(), { from: 0, to: 60_000, stepMs: 7000, bucketMs: BUCKET })).toThrow(
      'stepMs (7000) must be a multiple of bucketMs (5000)',
    );
  });

  test.each([0, -60_000, 1.5])('fails if step is %p', (stepMs) => {
    // WHEN / THEN
    expect(() => resample(new Map(), { from: 0, to: 60_000, stepMs, bucketMs: BUCKET })).toThrow(
      /stepMs must be a positive integer/,
    );
  });

  test('fails if to is before from', () => {
    // WHEN / THEN
    expect(() => resample(new Map(), { from: 10, to: 5, stepMs: 60_000, bucketMs: BUCKET })).toThrow(
      /to \(5\) must not be before from \(10\)/,
    );
  });

  test('fails if the series was built with another bucket length', () => {
    // GIVEN
    const series: BucketSeries = new Map([[1000, emptyAggregate()]]);
    // WHEN / THEN
    expect(() => resample(series, { from: 0, to: 60_000, stepMs: 60_000, bucketMs: BUCKET })).toThrow(
      /bucket key 1000/,
    );
  });

  test('fails if more points than the limit are asked for', () => {
    // WHEN / THEN
    expect(() =>
      resample(new Map(), { from: 0, to: (MAX_POINTS + 1) * BUCKET, stepMs: BUCKET, bucketMs: BUCKET }),
    ).toThrow(/more than the limit/);
  });
});
