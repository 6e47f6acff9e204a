/**
 * Base buckets: tweets grouped per candidate and per fixed interval of time aligned to the epoch,
 * so every host (stream processor, batch job) cuts time at the same instants.
 */
import type { ScoredTweet } from '../scored-tweet';
import { addTweet, emptyAggregate, type BucketAggregate } from './bucket-aggregate';
import { requireInteger, requirePositiveInteger } from './arg-checks';

/** Bucket start (epoch ms, a multiple of the bucket length) → aggregate: one candidate's series. */
export type BucketSeries = Map<number, BucketAggregate>;

/** Candidate id → that candidate's buckets. */
export type CandidateBuckets = Map<string, BucketSeries>;

/**
 * Start of the bucket holding instant `ms`: the largest multiple of `bucketMs` ≤ `ms` (a true floor,
 * also before 1970). Integer remainder rather than `Math.floor(ms / bucketMs)`, which can round.
 * @throws RangeError if `ms` is not an integer or `bucketMs` not a positive integer.
 */
export function bucketStart(ms: number, bucketMs: number): number {
  requireInteger('ms', ms);
  requirePositiveInteger('bucketMs', bucketMs);
  const r = ms % bucketMs;
  return r < 0 ? ms - r - bucketMs : ms - r;
}

/**
 * Add `t` to the bucket of each candidate it names (once per distinct candidate), creating series
 * and buckets as needed. A tweet naming no candidate adds nothing.
 */
export function addToBuckets(index: CandidateBuckets, t: ScoredTweet, bucketMs: number): void {
  const cands = t.candidates;
  if (cands.length === 0) return;
  const start = bucketStart(t.createdAt, bucketMs);
  outer: for (let i = 0; i < cands.length; i++) {
    const c = cands[i];
    for (let j = 0; j < i; j++) if (cands[j] === c) continue outer;
    let series = index.get(c);
    if (series === undefined) {
      series = new Map();
      index.set(c, series);
    }
    let agg = series.get(start);
    if (agg === undefined) {
      agg = emptyAggregate();
      series.set(start, agg);
    }
    addTweet(agg, t);
  }
}

/** Group tweets into base buckets per candidate (tweets are added in iteration order). */
export function bucketTweets(tweets: Iterable<ScoredTweet>, bucketMs: number): CandidateBuckets {
  requirePositiveInteger('bucketMs', bucketMs);
  const index: CandidateBuckets = new Map();
  for (const t of tweets) addToBuckets(index, t, bucketMs);
  return index;
}

/**
 * The keys of `series` in [lo, hi), ascending. Checks every key is a bucket start for `bucketMs`,
 * which catches a series built with another bucket length.
 * @throws RangeError naming the first misaligned key.
 */
export function bucketKeysInRange(
  series: ReadonlyMap<number, BucketAggregate>,
  lo: number,
  hi: number,
  bucketMs: number,
): number[] {
  const keys: number[] = [];
  for (const k of series.keys()) {
    if (!Number.isSafeInteger(k) || k % bucketMs !== 0) {
      throw new RangeError(`bucket key ${k} is not a multiple of bucketMs (${bucketMs})`);
    }
    if (k >= lo && k < hi) keys.push(k);
  }
  return keys.sort((a, b) => a - b);
}
