import { aggregateTweets, emptyAggregate, fromTweet, stats } from '../../lambda/core/aggregate';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import { mulberry32 } from '../support/prng';
import { polarityOf, randomScoredTweets } from '../support/scored-tweets';

function withScore(id: number, score: number): ScoredTweet {
  return {
    id: String(id),
    createdAt: 0,
    authorId: '1',
    text: 't',
    candidates: ['alice'],
    score,
    polarity: polarityOf(score),
    hashtags: [],
    words: [],
  };
}

describe('stats', () => {
  test('GIVEN no tweets WHEN summarised THEN mean and sd are null and counts 0', () => {
    // WHEN / THEN
    expect(stats(emptyAggregate())).toEqual({ count: 0, mean: null, sd: null, pos: 0, neu: 0, neg: 0 });
  });

  test('GIVEN one tweet WHEN summarised THEN the mean is its score and sd is 0', () => {
    // WHEN / THEN
    expect(stats(fromTweet(withScore(1, -0.25)))).toEqual({
      count: 1,
      mean: -0.25,
      sd: 0,
      pos: 0,
      neu: 0,
      neg: 1,
    });
  });

  test.each([1, 2, 3, 4])(
    'GIVEN random float scores (seed %i) WHEN summarised THEN mean and population sd match a two-pass computation',
    (seed) => {
      // GIVEN
      const tweets = randomScoredTweets(mulberry32(seed), { n: 300, from: 0, spanMs: 1000, dyadic: false });
      const scores = tweets.map((t) => t.score);
      const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
      const sd = Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / scores.length);
      // WHEN
      const got = stats(aggregateTweets(tweets));
      // THEN
      expect(got.mean).toBeCloseTo(mean, 12);
      expect(got.sd).toBeCloseTo(sd, 12);
      expect(got.pos + got.neu + got.neg).toBe(300);
      expect(got.pos).toBe(tweets.filter((t) => t.polarity === 1).length);
    },
  );

  test('GIVEN equal scores whose rounded variance comes out below zero WHEN summarised THEN sd is 0, not NaN', () => {
    // GIVEN: 3 × 0.1 gives sumSq/n − mean² ≈ −1.7e-18 in doubles.
    const agg = aggregateTweets([1, 2, 3].map((id) => withScore(id, 0.1)));
    expect(agg.sumSq / 3 - (agg.sum / 3) ** 2).toBeLessThan(0);
    // WHEN / THEN
    expect(stats(agg).sd).toBe(0);
  });
});
