import type { SeriesColumnsResponse } from '../../lambda/core/api/contract';
import { SeriesCache } from '../../web/src/series-cache';

const STEP = 5000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** An answer for steps [from, to) of one candidate, count = step index from 0 (so merges are checkable). */
function answer(from: number, to: number, settled: number, stepMs = STEP): SeriesColumnsResponse {
  const n = (to - from) / stepMs;
  const ks = Array.from({ length: n }, (_, i) => (from + i * stepMs) / stepMs);
  return {
    format: 'columns',
    debate: 'd',
    from: iso(from),
    to: iso(to),
    stepMs,
    settled: iso(settled),
    series: [
      {
        candidate: 'a',
        count: ks,
        mean: ks.map((k) => (k % 2 === 0 ? null : k / 100)),
        sd: ks.map(() => 0.1),
        pos: ks,
        neu: ks.map(() => 0),
        neg: ks.map(() => 0),
      },
    ],
  };
}

const ts = (cache: SeriesCache): number[] => (cache.points().get('a') ?? []).map((p) => p.t);
const counts = (cache: SeriesCache): number[] => (cache.points().get('a') ?? []).map((p) => p.count);

describe('SeriesCache', () => {
  test('GIVEN nothing held WHEN asked for since THEN none: the whole window is asked for', () => {
    expect(new SeriesCache().since({ from: 0, to: 100 * STEP, stepMs: STEP })).toBeUndefined();
  });

  test('GIVEN a full answer WHEN the window slides THEN since is the settled edge, and the merge equals a full answer of the new window', () => {
    // GIVEN
    const cache = new SeriesCache();
    const w1 = { from: 10 * STEP, to: 40 * STEP, stepMs: STEP };
    cache.merge(answer(w1.from, w1.to, 30 * STEP), w1);
    // WHEN the window slides by 5 steps
    const w2 = { from: 15 * STEP, to: 45 * STEP, stepMs: STEP };
    const since = cache.since(w2);
    // THEN
    expect(since).toBe(30 * STEP);
    cache.merge(answer(since as number, w2.to, 35 * STEP), w2);
    const full = new SeriesCache();
    full.merge(answer(w2.from, w2.to, 35 * STEP), w2);
    expect(cache.points()).toEqual(full.points());
    expect(ts(cache)[0]).toBe(w2.from);
    expect(ts(cache)).toHaveLength(30);
    expect(cache.since(w2)).toBe(35 * STEP);
  });

  test('GIVEN steps already held WHEN an incremental answer carries new values for them THEN the new values win', () => {
    const cache = new SeriesCache();
    const w = { from: 0, to: 10 * STEP, stepMs: STEP };
    cache.merge(answer(0, 10 * STEP, 5 * STEP), w);
    const changed = answer(5 * STEP, 10 * STEP, 8 * STEP);
    const series = changed.series[0];
    cache.merge({ ...changed, series: [{ ...series, count: series.count.map((c) => c + 1000) }] }, w);
    expect(counts(cache)).toEqual([0, 1, 2, 3, 4, 1005, 1006, 1007, 1008, 1009]);
  });

  test('GIVEN a different step, or a window starting before what is held WHEN asked for since THEN none', () => {
    const cache = new SeriesCache();
    cache.merge(answer(10 * STEP, 20 * STEP, 15 * STEP), { from: 10 * STEP, to: 20 * STEP, stepMs: STEP });
    expect(cache.since({ from: 10 * STEP, to: 20 * STEP, stepMs: 2 * STEP })).toBeUndefined();
    expect(cache.since({ from: 5 * STEP, to: 20 * STEP, stepMs: STEP })).toBeUndefined();
    // A window starting after the settled edge needs every step anyway.
    expect(cache.since({ from: 16 * STEP, to: 26 * STEP, stepMs: STEP })).toBeUndefined();
  });

  test('GIVEN an answer at another step WHEN merged THEN what was held is dropped, not mixed in', () => {
    const cache = new SeriesCache();
    cache.merge(answer(0, 10 * STEP, 5 * STEP), { from: 0, to: 10 * STEP, stepMs: STEP });
    const w = { from: 0, to: 10 * STEP, stepMs: 2 * STEP };
    cache.merge(answer(0, 10 * STEP, 4 * STEP, 2 * STEP), w);
    expect(ts(cache)).toEqual([0, 2, 4, 6, 8].map((k) => k * STEP));
  });
});
