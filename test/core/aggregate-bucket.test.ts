import {
  addTweet,
  aggregateTweets,
  emptyAggregate,
  fromTweet,
  MAX_EXTREME_TEXT_CHARS,
  type BucketAggregate,
} from '../../lambda/core/aggregate';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import { mulberry32 } from '../support/prng';
import { polarityOf, randomScoredTweets } from '../support/scored-tweets';

function tweet(over: Partial<ScoredTweet> = {}): ScoredTweet {
  const score = over.score ?? 0.5;
  return {
    id: '1',
    createdAt: 0,
    authorId: '7',
    text: 'hello',
    candidates: ['alice'],
    score,
    polarity: polarityOf(score),
    hashtags: [],
    words: [],
    ...over,
  };
}

/** Reference order of extremes, written independently: score, then numeric id, author id, text. */
function byRank(a: ScoredTweet, b: ScoredTweet): number {
  const id = BigInt(a.id) - BigInt(b.id);
  const author = BigInt(a.authorId) - BigInt(b.authorId);
  return id !== 0n
    ? Number(id)
    : author !== 0n
      ? Number(author)
      : a.text < b.text
        ? -1
        : a.text > b.text
          ? 1
          : 0;
}

function documentFrequencies(lists: readonly (readonly string[])[]): Map<string, number> {
  const all = new Set(lists.flat());
  return new Map([...all].map((k) => [k, lists.filter((l) => l.includes(k)).length]));
}

describe('bucket aggregate', () => {
  test('GIVEN nothing WHEN emptyAggregate is called twice THEN both are zero and independent', () => {
    // WHEN
    const a = emptyAggregate();
    const b = emptyAggregate();
    a.hashtags.set('x', 1);
    // THEN
    expect(b.count).toBe(0);
    expect(b.mostPositive).toBeNull();
    expect(b.mostNegative).toBeNull();
    expect(b.hashtags.size).toBe(0);
  });

  test.each([1, 2, 3, 4, 5])(
    'GIVEN random tweets (seed %i) WHEN added one by one THEN every field matches a recomputation from the raw tweets',
    (seed) => {
      // GIVEN
      const tweets = randomScoredTweets(mulberry32(seed), { n: 300, from: 0, spanMs: 60_000 });
      // WHEN
      const agg = aggregateTweets(tweets);
      // THEN
      const scores = tweets.map((t) => t.score);
      expect(agg.count).toBe(300);
      expect(agg.sum).toBe(scores.reduce((s, x) => s + x, 0));
      expect(agg.sumSq).toBe(scores.reduce((s, x) => s + x * x, 0));
      expect(agg.pos).toBe(tweets.filter((t) => t.polarity === 1).length);
      expect(agg.neu).toBe(tweets.filter((t) => t.polarity === 0).length);
      expect(agg.neg).toBe(tweets.filter((t) => t.polarity === -1).length);
      const best = [...tweets].sort((a, b) => b.score - a.score || byRank(a, b))[0];
      const worst = [...tweets].sort((a, b) => a.score - b.score || byRank(a, b))[0];
      expect(agg.mostPositive).toMatchObject({ id: best.id, authorId: best.authorId, score: best.score });
      expect(agg.mostNegative).toMatchObject({ id: worst.id, authorId: worst.authorId, score: worst.score });
      expect(agg.hashtags).toEqual(documentFrequencies(tweets.map((t) => t.hashtags)));
      expect(agg.words).toEqual(documentFrequencies(tweets.map((t) => t.words)));
      expect([agg.otherHashtags, agg.otherWords]).toEqual([0, 0]);
    },
  );

  test('GIVEN a tweet repeating a hashtag and a word WHEN added THEN each counts once for that tweet', () => {
    // GIVEN
    const t = tweet({ hashtags: ['tax', 'tax', 'tax'], words: ['sad', 'sad', 'win'] });
    // WHEN
    const agg = fromTweet(t);
    // THEN
    expect(agg.hashtags).toEqual(new Map([['tax', 1]]));
    expect(agg.words).toEqual(
      new Map([
        ['sad', 1],
        ['win', 1],
      ]),
    );
  });

  test('GIVEN a long post with many repeated words WHEN added THEN each distinct word counts once', () => {
    // GIVEN
    const words = Array.from({ length: 100 }, (_, i) => `w${i % 40}`);
    // WHEN
    const agg = fromTweet(tweet({ words }));
    // THEN
    expect(agg.words.size).toBe(40);
    expect([...agg.words.values()].every((n) => n === 1)).toBe(true);
  });

  test.each([
    ['99', '100'],
    ['100', '99'],
  ])(
    'GIVEN two tweets with equal scores and ids %s then %s WHEN added THEN the numerically smaller id wins both extremes',
    (first, second) => {
      // GIVEN
      const agg = emptyAggregate();
      // WHEN
      addTweet(agg, tweet({ id: first, score: 0.25 }));
      addTweet(agg, tweet({ id: second, score: 0.25 }));
      // THEN
      expect(agg.mostPositive?.id).toBe('99');
      expect(agg.mostNegative?.id).toBe('99');
    },
  );

  test('GIVEN a single negative tweet WHEN aggregated THEN it is both the most positive and the most negative', () => {
    // WHEN
    const agg = fromTweet(tweet({ id: '5', score: -0.75 }));
    // THEN
    expect(agg.mostPositive).toEqual({ id: '5', authorId: '7', text: 'hello', score: -0.75 });
    expect(agg.mostNegative).toEqual(agg.mostPositive);
  });

  test('GIVEN a text longer than the cap WHEN it becomes an extreme THEN it is cut at a code point and marked', () => {
    // GIVEN: astral emoji are two code units each; the cap counts code points.
    const text = '😀'.repeat(MAX_EXTREME_TEXT_CHARS + 20);
    // WHEN
    const agg = fromTweet(tweet({ text }));
    // THEN
    const kept = agg.mostPositive?.text ?? '';
    expect([...kept]).toHaveLength(MAX_EXTREME_TEXT_CHARS + 1);
    expect(kept.endsWith('😀…')).toBe(true);
  });

  test('GIVEN a text exactly at the cap in code points WHEN it becomes an extreme THEN it is kept whole', () => {
    // GIVEN
    const text = 'é😀'.repeat(MAX_EXTREME_TEXT_CHARS / 2);
    // WHEN
    const agg = fromTweet(tweet({ text }));
    // THEN
    expect(agg.mostNegative?.text).toBe(text);
  });

  test.each([Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects a tweet whose score is %p and leaves the aggregate as it was',
    (score) => {
      // GIVEN
      const agg = fromTweet(tweet({ id: '1', score: 0.5 }));
      // WHEN / THEN
      expect(() => addTweet(agg, tweet({ id: '2', score }))).toThrow(RangeError);
      expect(agg).toEqual(fromTweet(tweet({ id: '1', score: 0.5 })));
    },
  );

  test('GIVEN a score of -0 WHEN aggregated THEN the sum and the extremes hold +0', () => {
    // WHEN
    const agg: BucketAggregate = fromTweet(tweet({ score: -0 }));
    // THEN
    expect(Object.is(agg.sum, 0)).toBe(true);
    expect(Object.is(agg.mostPositive?.score, 0)).toBe(true);
  });
});
