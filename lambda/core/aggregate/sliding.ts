/** Sliding windows (e.g. the last 10 minutes, every second) as merges of base buckets. */
import type { BucketAggregate } from './bucket-aggregate';
import { bucketKeysInRange, bucketStart } from './buckets';
import {
  requireMultipleOfBucket,
  requirePointCount,
  requirePositiveInteger,
  requireRange,
} from './arg-checks';
import { TwoStackWindow } from './two-stack-window';

export interface SlidingOptions {
  /** First tick at or after this instant, epoch ms. */
  readonly from: number;
  /** Ticks before this instant, epoch ms, exclusive. */
  readonly to: number;
  /** Window length; a positive multiple of `bucketMs`. */
  readonly windowMs: number;
  /** Tick spacing; any positive integer (need not divide the window or the bucket). */
  readonly everyMs: number;
  /** Length of the base buckets the series was built with. */
  readonly bucketMs: number;
}

/** The window reported at tick `t`: the aggregate of [start, end). */
export interface WindowPoint {
  readonly t: number;
  readonly start: number;
  readonly end: number;
  /** Shared by consecutive ticks with the same window: read it, do not mutate it. */
  readonly agg: BucketAggregate;
}

/**
 * The window ending at each tick. Ticks are the multiples of `everyMs` in [from, to). The window of
 * tick t is the `windowMs / bucketMs` whole buckets ending at the last bucket boundary ≤ t: it never
 * includes tweets after t nor part of a bucket, so it is always `windowMs` long and lags t by less
 * than one bucket (with `everyMs` < `bucketMs`, consecutive ticks can report the same window).
 * Built with a {@link TwoStackWindow}: O(1) amortised merges per tick, only buckets inside some
 * window are touched, no subtraction.
 * @throws RangeError if `windowMs` is not a multiple of `bucketMs`, `everyMs` is not a positive
 *   integer, `to < from`, a series key is not a bucket start, or more than `MAX_POINTS` ticks are asked for.
 */
export function slidingWindows(
  buckets: ReadonlyMap<number, BucketAggregate>,
  opts: SlidingOptions,
): WindowPoint[] {
  const { from, to, windowMs, everyMs, bucketMs } = opts;
  requirePositiveInteger('bucketMs', bucketMs);
  requireMultipleOfBucket('windowMs', windowMs, bucketMs);
  requirePositiveInteger('everyMs', everyMs);
  requireRange(from, to);
  const below = bucketStart(from, everyMs);
  const first = below === from ? from : below + everyMs;
  if (first >= to) return [];
  const span = to - 1 - first;
  const n = (span - (span % everyMs)) / everyMs + 1;
  requirePointCount(n, 'ticks');

  const lastEnd = bucketStart(first + (n - 1) * everyMs, bucketMs);
  const keys = bucketKeysInRange(buckets, bucketStart(first, bucketMs) - windowMs, lastEnd, bucketMs);
  const window = new TwoStackWindow();
  const points: WindowPoint[] = new Array<WindowPoint>(n);
  let next = 0;
  let end = Number.NaN;
  let agg: BucketAggregate | undefined;
  for (let i = 0; i < n; i++) {
    const t = first + i * everyMs;
    const tickEnd = bucketStart(t, bucketMs);
    const start = tickEnd - windowMs;
    if (agg === undefined || tickEnd !== end) {
      end = tickEnd;
      for (; next < keys.length && keys[next] < end; next++) {
        const k = keys[next];
        const bucket = buckets.get(k);
        // Buckets already behind the window (after a long jump) are skipped, never pushed.
        if (k >= start && bucket !== undefined) window.push(k, bucket);
      }
      window.evictBefore(start);
      agg = window.query();
    }
    points[i] = { t, start, end, agg };
  }
  return points;
}
