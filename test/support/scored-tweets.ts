/** Random scored tweets for the aggregate tests. */
import { bucketTweets } from '../../lambda/core/aggregate';
import type { BatchDelta } from '../../lambda/core/ports';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import type { Polarity } from '../../lambda/core/sentiment/scorer';
import { intIn, pick, type Rng } from './prng';

export const CANDIDATES = ['alice', 'bob', 'carol'] as const;
// `__proto__` and `constructor` are valid hashtags and must count like any other.
const HASHTAGS = ['debate', 'gopdebate', 'alice', 'bob', '__proto__', 'constructor', 'tax', '2016'];
const WORDS = [
  'great',
  'bad',
  'tax',
  'wall',
  'win',
  'lose',
  'sad',
  'huge',
  'plan',
  'jobs',
  'toString',
  'hasOwnProperty',
];

export interface RandomTweetOptions {
  readonly n: number;
  /** Earliest creation time, epoch ms. */
  readonly from: number;
  /** Creation times fall in [from, from + spanMs). */
  readonly spanMs: number;
  /**
   * Scores are multiples of 2^-10 in [-1, 1] (dyadic): every partial sum of a few hundred of them, and
   * of their squares, is exact in a double, so merges in any grouping are bit-for-bit equal.
   * `false` gives arbitrary doubles instead.
   */
  readonly dyadic?: boolean;
}

export function polarityOf(score: number): Polarity {
  return score >= 0.05 ? 1 : score <= -0.05 ? -1 : 0;
}

/**
 * `n` random tweets; scores often tie and ids have different lengths, to exercise tie-breaks. The
 * random draws do not depend on the generated mark, so seeds give the posts they always gave.
 */
export function randomScoredTweets(rng: Rng, opts: RandomTweetOptions): ScoredTweet[] {
  const tweets: ScoredTweet[] = [];
  for (let i = 0; i < opts.n; i++) {
    const score =
      opts.dyadic === false
        ? rng() * 2 - 1
        : rng() < 0.3
          ? pick(rng, [-1, -0.5, 0, 0.5, 1])
          : intIn(rng, -1024, 1024) / 1024;
    const nTags = intIn(rng, 0, 3);
    const nWords = intIn(rng, 0, 6);
    tweets.push({
      id: String(intIn(rng, 1, 10 ** intIn(rng, 1, 15))),
      createdAt: opts.from + intIn(rng, 0, opts.spanMs - 1),
      authorId: String(intIn(rng, 1, 1000)),
      text: rng() < 0.05 ? 'x'.repeat(400) : `tweet ${i}`,
      candidates: Array.from({ length: intIn(rng, 0, 2) }, () => pick(rng, CANDIDATES)),
      score,
      polarity: polarityOf(score),
      hashtags: Array.from({ length: nTags }, () => pick(rng, HASHTAGS)),
      words: Array.from({ length: nWords }, () => pick(rng, WORDS)),
      // Every third post is a generated one: its mark must survive merges and storage like the rest.
      ...(i % 3 === 0 ? { synthetic: true as const } : {}),
    });
  }
  return tweets;
}

/** Split `items` into `parts` random groups (some may be empty), keeping relative order. */
export function randomPartition<T>(rng: Rng, items: readonly T[], parts: number): T[][] {
  const groups: T[][] = Array.from({ length: parts }, () => []);
  for (const item of items) groups[intIn(rng, 0, parts - 1)].push(item);
  return groups;
}

/**
 * Bursts of random tweets separated by silent gaps, so a series has runs of empty buckets:
 * `bursts` bursts of `perBurst` tweets, each burst `burstMs` long, followed by up to `maxGapMs` of silence.
 */
export function burstyScoredTweets(
  rng: Rng,
  opts: { from: number; bursts: number; perBurst: number; burstMs: number; maxGapMs: number },
): ScoredTweet[] {
  const tweets: ScoredTweet[] = [];
  let t = opts.from;
  for (let i = 0; i < opts.bursts; i++) {
    tweets.push(...randomScoredTweets(rng, { n: opts.perBurst, from: t, spanMs: opts.burstMs }));
    t += opts.burstMs + intIn(rng, 0, opts.maxGapMs);
  }
  return tweets;
}

/**
 * The delta a processor would build from one batch of posts (no geo), as shard `shardId` applying
 * sequence `seq`; arrival is taken as the newest post's time.
 */
export function batchDeltaOf(
  o: { readonly debateId: string; readonly shardId: string; readonly bucketMs: number; readonly seq: number },
  posts: readonly ScoredTweet[],
): BatchDelta {
  const times = posts.map((p) => p.createdAt);
  return {
    debateId: o.debateId,
    shardId: o.shardId,
    bucketMs: o.bucketMs,
    firstSequence: String(o.seq),
    lastSequence: String(o.seq),
    buckets: [...bucketTweets(posts, o.bucketMs)].flatMap(([candidate, series]) =>
      [...series].map(([bucketStart, aggregate]) => ({ candidate, bucketStart, aggregate })),
    ),
    geo: [],
    newestPostAt: Math.max(...times),
    oldestPostAt: Math.min(...times),
    newestArrivalAt: Math.max(...times),
  };
}
