import { groupByPool, priceAt, summarisePools, timeWeightedAverage } from '../../lib/ops/spot/price-history';
import { intIn, mulberry32 } from '../support/prng';
import { DAY, HOUR, rareChangeHistory } from './support/spot-history';

/** The price in effect at every whole second of [from, to), averaged: the definition, computed slowly. */
function bruteForceAverage(
  points: { price: number; time: number }[],
  from: number,
  to: number,
): number | undefined {
  const sorted = [...points].sort((a, b) => a.time - b.time);
  let sum = 0;
  let n = 0;
  let i = -1;
  for (let s = from; s < to; s += 1000) {
    while (i + 1 < sorted.length && sorted[i + 1].time <= s) i++;
    if (i < 0) continue;
    sum += sorted[i].price;
    n++;
  }
  return n > 0 ? sum / n : undefined;
}

describe('spot price history', () => {
  test('GIVEN a price that held six days and a spike that held one hour WHEN averaged over a week THEN time weighs, not change points', () => {
    // GIVEN $0.10 from a day before the window, a spike to $0.50 at day 6 for one hour, then $0.10 again
    const from = 0;
    const to = 7 * DAY;
    const points = [
      { price: 0.1, time: -DAY },
      { price: 0.5, time: 6 * DAY },
      { price: 0.1, time: 6 * DAY + HOUR },
    ];
    // WHEN
    const tw = timeWeightedAverage(points, from, to);
    // THEN (0.1 × 167 h + 0.5 × 1 h) / 168 h, while the plain mean of the points would be 0.2333
    expect(tw?.average).toBeCloseTo((0.1 * 167 + 0.5) / 168, 12);
    expect(tw?.coveredMs).toBe(7 * DAY);
  });

  test('GIVEN random rarely-changing histories WHEN averaged THEN the result equals a per-second brute force', () => {
    const rng = mulberry32(20150916);
    for (let round = 0; round < 60; round++) {
      // GIVEN whole-second change points, some before the window, some after it, in random order
      const from = intIn(rng, 0, 10_000) * 1000;
      const to = from + intIn(rng, 1, 20_000) * 1000;
      const points = Array.from({ length: intIn(rng, 0, 8) }, () => ({
        price: Math.round(rng() * 1e4) / 1e4,
        time: from + intIn(rng, -5_000, (to - from) / 1000 + 2_000) * 1000,
      }));
      // WHEN
      const tw = timeWeightedAverage(points, from, to);
      // THEN
      const expected = bruteForceAverage(points, from, to);
      if (expected === undefined) expect(tw).toBeUndefined();
      else expect(tw?.average).toBeCloseTo(expected, 10);
    }
  });

  test('GIVEN changes after the window start only WHEN averaged THEN the unknown start is left out of the coverage', () => {
    // GIVEN a first known price half-way through a 2-hour window
    const points = [{ price: 0.2, time: HOUR }];
    // WHEN
    const tw = timeWeightedAverage(points, 0, 2 * HOUR);
    // THEN
    expect(tw).toEqual({ average: 0.2, coveredMs: HOUR });
  });

  test('GIVEN no change before the window end WHEN averaged THEN there is no average', () => {
    expect(timeWeightedAverage([{ price: 0.2, time: 3 * HOUR }], 0, 2 * HOUR)).toBeUndefined();
    expect(timeWeightedAverage([], 0, HOUR)).toBeUndefined();
  });

  test('GIVEN unsorted changes WHEN asking the price at a time THEN the latest change at or before it holds', () => {
    const points = [
      { price: 0.3, time: 30 },
      { price: 0.1, time: 10 },
      { price: 0.2, time: 20 },
    ];
    expect(priceAt(points, 25)).toBe(0.2);
    expect(priceAt(points, 30)).toBe(0.3);
    expect(priceAt(points, 5)).toBe(0.1);
  });

  test('rejects an empty history when asked for a price', () => {
    expect(() => priceAt([], 0)).toThrow(RangeError);
  });

  test('GIVEN a multi-zone history WHEN summarised THEN one row per pool with its current price and average', () => {
    // GIVEN two types in three zones, prices changing every few hours to days
    const to = 30 * DAY;
    const from = to - 7 * DAY;
    const pools = [
      { type: 'm5.xlarge', zone: 'us-east-1b', base: 0.08 },
      { type: 'm5.xlarge', zone: 'us-east-1a', base: 0.07 },
      { type: 'c5.xlarge', zone: 'us-east-1c', base: 0.06 },
    ];
    const points = rareChangeHistory(7, pools, from, to);
    // WHEN
    const rows = summarisePools(points, from, to);
    // THEN sorted by type then zone, each consistent with its own pool's history
    expect(rows.map((r) => `${r.instanceType} ${r.availabilityZone}`)).toEqual([
      'c5.xlarge us-east-1c',
      'm5.xlarge us-east-1a',
      'm5.xlarge us-east-1b',
    ]);
    const byPool = groupByPool(points);
    for (const r of rows) {
      const list = byPool.get(`${r.instanceType}|${r.availabilityZone}`) ?? [];
      const latest = list.reduce((a, b) => (b.time > a.time ? b : a));
      expect(r.current).toBe(latest.price);
      expect(r.points).toBe(list.length);
      expect(r.average).toBeCloseTo(bruteForceAverage(list, from, to) ?? NaN, 10);
      expect(r.coveredMs).toBe(7 * DAY);
    }
  });
});
