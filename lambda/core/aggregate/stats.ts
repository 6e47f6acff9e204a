/** Summary statistics of an aggregate, as the query API reports them. */
import type { BucketAggregate } from './bucket-aggregate';

export interface AggregateStats {
  readonly count: number;
  /** Mean score; `null` when `count` is 0 (JSON has no NaN, and "no data" must not read as 0). */
  readonly mean: number | null;
  /** Population standard deviation; `null` when `count` is 0, 0 for a single tweet. */
  readonly sd: number | null;
  readonly pos: number;
  readonly neu: number;
  readonly neg: number;
}

/** What series statistics are computed from: the additive counters of an aggregate. */
export type SeriesSums = Pick<BucketAggregate, 'count' | 'sum' | 'sumSq' | 'pos' | 'neu' | 'neg'>;

/** Count, mean, population standard deviation and polarity counts of `agg`. */
export function stats(agg: SeriesSums): AggregateStats {
  const { count, pos, neu, neg } = agg;
  if (count === 0) return { count, mean: null, sd: null, pos, neu, neg };
  const mean = agg.sum / count;
  // E[x²] − mean² can come out a hair below 0 through rounding when all scores are (nearly) equal.
  const variance = agg.sumSq / count - mean * mean;
  return { count, mean, sd: variance > 0 ? Math.sqrt(variance) : 0, pos, neu, neg };
}
