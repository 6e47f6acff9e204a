/**
 * The additive aggregate of a set of scored tweets (one candidate, one base bucket or any window).
 * `merge` is associative and commutative with `emptyAggregate()` as identity, so any window is the
 * merge of its buckets in any grouping, and the batch re-analysis rebuilds what the stream built.
 * Float sums are the one exception to exact equality: IEEE addition is not associative, so sums of
 * the same scores merged in another grouping may differ in the last bits (exact when every partial
 * sum is representable, e.g. scores that are multiples of 2^-10).
 */
import type { ScoredTweet } from '../scored-tweet';
import { addCounts, countDistinct, type CountMap } from './counts';
import { extremeOf, moreNegative, morePositive, type Extreme } from './extreme';

/** Additive aggregate of scored tweets. Plain data; persist it through `toJSON`/`fromJSON`. */
export interface BucketAggregate {
  /** Number of tweets. */
  count: number;
  /** Sum of scores, in the scorer's own units. */
  sum: number;
  /** Sum of squared scores (for the standard deviation). */
  sumSq: number;
  /** Tweets by the scorer's polarity: positive, neutral, negative (they add up to `count`). */
  pos: number;
  neu: number;
  neg: number;
  /** Highest score (ties: smallest id); `null` only when `count` is 0. Need not be positive. */
  mostPositive: Extreme | null;
  /** Lowest score (ties: smallest id); `null` only when `count` is 0. Need not be negative. */
  mostNegative: Extreme | null;
  /** Hashtag → number of tweets using it. */
  hashtags: CountMap;
  /** Content word → number of tweets using it. */
  words: CountMap;
  /** Hashtag counts dropped by `compact` (0 until compacted); kept counts plus this is the total. */
  otherHashtags: number;
  /** Word counts dropped by `compact`. */
  otherWords: number;
}

/** The identity of `merge`: no tweets. A fresh value each call. */
export function emptyAggregate(): BucketAggregate {
  return {
    count: 0,
    sum: 0,
    sumSq: 0,
    pos: 0,
    neu: 0,
    neg: 0,
    mostPositive: null,
    mostNegative: null,
    hashtags: new Map(),
    words: new Map(),
    otherHashtags: 0,
    otherWords: 0,
  };
}

/**
 * Add one tweet to `agg` in place (the processor's hot path: no allocation beyond new count-map
 * entries and a new extreme when this tweet becomes one).
 * @throws RangeError if the score is not finite: it would poison the stored sums for good.
 */
export function addTweet(agg: BucketAggregate, t: ScoredTweet): void {
  const s = t.score;
  if (!Number.isFinite(s)) throw new RangeError(`tweet ${t.id}: score ${s} is not a finite number`);
  agg.count++;
  agg.sum += s;
  agg.sumSq += s * s;
  if (t.polarity > 0) agg.pos++;
  else if (t.polarity < 0) agg.neg++;
  else agg.neu++;

  const hi = agg.mostPositive;
  const lo = agg.mostNegative;
  if (hi === null || lo === null) {
    const e = extremeOf(t);
    agg.mostPositive = morePositive(hi, e);
    agg.mostNegative = moreNegative(lo, e);
  } else {
    // Build the record only when the score can win (ties go through the full order).
    if (s >= hi.score) agg.mostPositive = morePositive(hi, extremeOf(t));
    if (s <= lo.score) agg.mostNegative = moreNegative(lo, extremeOf(t));
  }
  countDistinct(agg.hashtags, t.hashtags);
  countDistinct(agg.words, t.words);
}

/** The aggregate of one tweet. */
export function fromTweet(t: ScoredTweet): BucketAggregate {
  const agg = emptyAggregate();
  addTweet(agg, t);
  return agg;
}

/** The aggregate of a collection of tweets, added in iteration order. */
export function aggregateTweets(tweets: Iterable<ScoredTweet>): BucketAggregate {
  const agg = emptyAggregate();
  for (const t of tweets) addTweet(agg, t);
  return agg;
}

/** A deep copy sharing nothing mutable with `a` (extremes are immutable and shared). */
export function cloneAggregate(a: BucketAggregate): BucketAggregate {
  return {
    count: a.count,
    sum: a.sum,
    sumSq: a.sumSq,
    pos: a.pos,
    neu: a.neu,
    neg: a.neg,
    mostPositive: a.mostPositive,
    mostNegative: a.mostNegative,
    hashtags: new Map(a.hashtags),
    words: new Map(a.words),
    otherHashtags: a.otherHashtags,
    otherWords: a.otherWords,
  };
}

/** Merge `src` into `target` in place (for hot paths); `src` is left untouched. */
export function mergeInto(target: BucketAggregate, src: BucketAggregate): void {
  target.count += src.count;
  target.sum += src.sum;
  target.sumSq += src.sumSq;
  target.pos += src.pos;
  target.neu += src.neu;
  target.neg += src.neg;
  target.mostPositive = morePositive(target.mostPositive, src.mostPositive);
  target.mostNegative = moreNegative(target.mostNegative, src.mostNegative);
  addCounts(target.hashtags, src.hashtags);
  addCounts(target.words, src.words);
  target.otherHashtags += src.otherHashtags;
  target.otherWords += src.otherWords;
}

/** The aggregate of both inputs' tweets, as a new value; never mutates `a` or `b`. */
export function merge(a: BucketAggregate, b: BucketAggregate): BucketAggregate {
  const out = cloneAggregate(a);
  mergeInto(out, b);
  return out;
}

/** Merge many aggregates, in the given order, into a new value. */
export function mergeAll(aggs: Iterable<BucketAggregate>): BucketAggregate {
  const out = emptyAggregate();
  for (const a of aggs) mergeInto(out, a);
  return out;
}
