/**
 * Bounding the count maps. This is the one lossy step of the aggregates, and deliberately kept out
 * of `merge`: a merge that truncated would no longer be associative (the top k of a union is not
 * the union of the tops). So buckets keep exact counts in memory and are compacted once, when
 * persisted; a key's count after merging compacted buckets is then a lower bound, short of the
 * truth by at most the merged `otherHashtags` / `otherWords`.
 */
import type { BucketAggregate } from './bucket-aggregate';
import { topK, type CountMap } from './counts';

/** How many hashtags and words a compacted aggregate keeps. */
export interface CompactLimits {
  readonly hashtags: number;
  readonly words: number;
}

/**
 * A copy of `agg` keeping only the `k` highest hashtag and word counts (ties by key, code-unit
 * order); the sum of the dropped counts is added to `otherHashtags` / `otherWords`. Idempotent;
 * never mutates `agg`.
 * @throws RangeError if a limit is not a non-negative integer.
 */
export function compact(agg: BucketAggregate, k: number | CompactLimits): BucketAggregate {
  const limits = typeof k === 'number' ? { hashtags: k, words: k } : k;
  const hashtags = keepTop(agg.hashtags, limits.hashtags, 'hashtags');
  const words = keepTop(agg.words, limits.words, 'words');
  return {
    count: agg.count,
    sum: agg.sum,
    sumSq: agg.sumSq,
    pos: agg.pos,
    neu: agg.neu,
    neg: agg.neg,
    mostPositive: agg.mostPositive,
    mostNegative: agg.mostNegative,
    hashtags: hashtags.kept,
    words: words.kept,
    otherHashtags: agg.otherHashtags + hashtags.dropped,
    otherWords: agg.otherWords + words.dropped,
  };
}

function keepTop(counts: CountMap, k: number, name: string): { kept: CountMap; dropped: number } {
  if (!Number.isSafeInteger(k) || k < 0) {
    throw new RangeError(`compact limit for ${name} must be a non-negative integer, got ${k}`);
  }
  if (counts.size <= k) return { kept: new Map(counts), dropped: 0 };
  let total = 0;
  for (const v of counts.values()) total += v;
  const kept: CountMap = new Map();
  let keptTotal = 0;
  for (const { key, count } of topK(counts, k)) {
    kept.set(key, count);
    keptTotal += count;
  }
  return { kept, dropped: total - keptTotal };
}
