/** Coarser series (e.g. 1-minute points from 5-second buckets): each step is the merge of its buckets. */
import { emptyAggregate, mergeInto, type BucketAggregate } from './bucket-aggregate';
import { bucketKeysInRange, bucketStart } from './buckets';
import {
  requireMultipleOfBucket,
  requirePointCount,
  requirePositiveInteger,
  requireRange,
} from './arg-checks';

export interface ResampleOptions {
  /** Start of the range, epoch ms (need not be aligned). */
  readonly from: number;
  /** End of the range, epoch ms, exclusive (need not be aligned). */
  readonly to: number;
  /** Step length; a positive multiple of `bucketMs`. */
  readonly stepMs: number;
  /** Length of the base buckets the series was built with. */
  readonly bucketMs: number;
}

/** One point of a series: the aggregate of [t, t + stepMs). */
export interface SeriesPoint {
  readonly t: number;
  readonly agg: BucketAggregate;
}

/**
 * One point per step, at the step start. Steps are whole and aligned to multiples of `stepMs` since
 * the epoch: the first is the step holding `from`, the last the one holding `to - 1` (none when
 * `from === to`). Empty steps are present with an empty aggregate (count 0). Buckets are merged in
 * time order, so the result does not depend on the series' insertion order. Cost: O(buckets + steps).
 * @throws RangeError if `stepMs` is not a multiple of `bucketMs`, `to < from`, a series key is not a
 *   bucket start, or more than `MAX_POINTS` steps are asked for.
 */
export function resample(
  buckets: ReadonlyMap<number, BucketAggregate>,
  opts: ResampleOptions,
): SeriesPoint[] {
  const { from, to, stepMs, bucketMs } = opts;
  requirePositiveInteger('bucketMs', bucketMs);
  requireMultipleOfBucket('stepMs', stepMs, bucketMs);
  requireRange(from, to);
  if (from === to) return [];
  const first = bucketStart(from, stepMs);
  const n = (bucketStart(to - 1, stepMs) - first) / stepMs + 1;
  requirePointCount(n, 'steps');

  const points: SeriesPoint[] = new Array<SeriesPoint>(n);
  for (let i = 0; i < n; i++) points[i] = { t: first + i * stepMs, agg: emptyAggregate() };
  // A bucket never straddles two steps: both are aligned to the epoch and steps are whole buckets.
  for (const k of bucketKeysInRange(buckets, first, first + n * stepMs, bucketMs)) {
    const agg = buckets.get(k);
    if (agg !== undefined) mergeInto(points[(bucketStart(k, stepMs) - first) / stepMs].agg, agg);
  }
  return points;
}
