import {
  aggregateTweets,
  compact,
  emptyAggregate,
  fromJSON,
  toJSON,
  type AggregateJSON,
  type BucketAggregate,
} from '../../lambda/core/aggregate';
import { mulberry32 } from '../support/prng';
import { randomScoredTweets } from '../support/scored-tweets';

function stored(agg: BucketAggregate): AggregateJSON {
  return JSON.parse(JSON.stringify(toJSON(agg))) as AggregateJSON;
}

function sample(): AggregateJSON {
  return stored(aggregateTweets(randomScoredTweets(mulberry32(1), { n: 50, from: 0, spanMs: 1000 })));
}

describe('aggregate JSON', () => {
  test.each([1, 2, 3])(
    'GIVEN a random aggregate (seed %i) WHEN written as JSON text and read back THEN it is equal',
    (seed) => {
      // GIVEN
      const agg = compact(
        aggregateTweets(randomScoredTweets(mulberry32(seed), { n: 300, from: 0, spanMs: 1000 })),
        3,
      );
      // WHEN
      const back = fromJSON(stored(agg));
      // THEN
      expect(back).toEqual({ ok: true, aggregate: agg });
    },
  );

  test('GIVEN extremes of generated and real posts WHEN stored and read back THEN only generated ones carry the mark, and a bad mark is refused', () => {
    // GIVEN one generated and one real post
    const [gen, real] = randomScoredTweets(mulberry32(6), { n: 2, from: 0, spanMs: 1000 });
    // WHEN
    const json = stored(
      aggregateTweets([
        { ...gen, score: 0.5 },
        { ...real, score: -0.5 },
      ]),
    );
    // THEN
    expect(gen.synthetic).toBe(true);
    expect(real).not.toHaveProperty('synthetic');
    expect(json.mostPositive).toEqual({
      id: gen.id,
      authorId: gen.authorId,
      text: gen.text,
      score: 0.5,
      synthetic: true,
    });
    expect(json.mostNegative).not.toHaveProperty('synthetic');
    expect(fromJSON(json)).toMatchObject({ ok: true, aggregate: { mostPositive: { synthetic: true } } });
    expect(fromJSON({ ...json, mostPositive: { ...json.mostPositive, synthetic: 'yes' } })).toEqual({
      ok: false,
      error: { path: '$.mostPositive.synthetic', message: 'expected true or absent, got "yes"' },
    });
  });

  test('GIVEN the same tweets in two orders WHEN serialised THEN the JSON texts are identical', () => {
    // GIVEN
    const tweets = randomScoredTweets(mulberry32(4), { n: 300, from: 0, spanMs: 1000 });
    // WHEN
    const a = JSON.stringify(toJSON(aggregateTweets(tweets)));
    const b = JSON.stringify(toJSON(aggregateTweets([...tweets].reverse())));
    // THEN
    expect(a).toBe(b);
  });

  test('GIVEN a __proto__ hashtag WHEN round-tripped THEN it stays an ordinary counted key', () => {
    // GIVEN
    const agg = aggregateTweets(randomScoredTweets(mulberry32(5), { n: 1, from: 0, spanMs: 1 }));
    agg.hashtags = new Map([['__proto__', 1]]);
    // WHEN
    const json = toJSON(agg);
    const back = fromJSON(JSON.parse(JSON.stringify(json)));
    // THEN
    expect(Object.getPrototypeOf(json.hashtags)).toBe(Object.prototype);
    expect(JSON.stringify(json.hashtags)).toBe('{"__proto__":1}');
    expect(back.ok && back.aggregate.hashtags).toEqual(new Map([['__proto__', 1]]));
  });

  test('GIVEN a stored item without the lazily created fields WHEN read THEN they default to empty', () => {
    // GIVEN
    const item = { count: 0, sum: 0, sumSq: 0, pos: 0, neu: 0, neg: 0, pk: 'debate#alice', seq: '42' };
    // WHEN / THEN
    expect(fromJSON(item)).toEqual({ ok: true, aggregate: emptyAggregate() });
  });

  test('GIVEN a stored -0 sum WHEN read THEN it is +0', () => {
    // WHEN
    const r = fromJSON({ count: 0, sum: -0, sumSq: 0, pos: 0, neu: 0, neg: 0 });
    // THEN
    expect(r.ok && Object.is(r.aggregate.sum, 0)).toBe(true);
  });

  test.each<[string, (j: Record<string, unknown>) => unknown, string, RegExp]>([
    ['a non-object', () => [1, 2], '$', /expected an aggregate object, got an array/],
    ['a negative count', (j) => ({ ...j, count: -1 }), '$.count', /non-negative integer, got number -1/],
    ['a string sum', (j) => ({ ...j, sum: '1.5' }), '$.sum', /finite number, got "1.5"/],
    ['a negative sum of squares', (j) => ({ ...j, sumSq: -1 }), '$.sumSq', /must not be negative/],
    [
      'polarity counts not adding up',
      (j) => ({ ...j, pos: (j.pos as number) + 1 }),
      '$.count',
      /must equal count/,
    ],
    [
      'a missing extreme',
      (j) => ({ ...j, mostPositive: null }),
      '$.mostPositive',
      /required when count is 50/,
    ],
    [
      'an extreme without text',
      (j) => ({ ...j, mostNegative: { id: '1', authorId: '2', score: 0 } }),
      '$.mostNegative.text',
      /expected a string/,
    ],
    [
      'extremes in the wrong order',
      (j) => ({ ...j, mostNegative: { id: '1', authorId: '2', text: 't', score: 2 } }),
      '$.mostNegative.score',
      /above mostPositive/,
    ],
    [
      'a zero word count',
      (j) => ({ ...j, words: { sad: 0 } }),
      '$.words["sad"]',
      /integer from 1 to count \(50\), got number 0/,
    ],
    ['a word count above count', (j) => ({ ...j, words: { sad: 51 } }), '$.words["sad"]', /got number 51/],
    [
      'hashtags as an array',
      (j) => ({ ...j, hashtags: ['a'] }),
      '$.hashtags',
      /expected an object of counts/,
    ],
    [
      'a fractional dropped count',
      (j) => ({ ...j, otherWords: 0.5 }),
      '$.otherWords',
      /non-negative integer/,
    ],
  ])('rejects %s with its path', (_what, spoil, path, message) => {
    // GIVEN
    const bad = spoil({ ...sample() });
    // WHEN
    const r = fromJSON(bad);
    // THEN
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.path).toBe(path);
      expect(r.error.message).toMatch(message);
    }
  });

  test('rejects an extreme on an empty aggregate', () => {
    // GIVEN
    const bad = {
      ...toJSON(emptyAggregate()),
      mostPositive: { id: '1', authorId: '2', text: 't', score: 0 },
    };
    // WHEN / THEN
    expect(fromJSON(bad)).toEqual({
      ok: false,
      error: { path: '$.mostPositive', message: 'must be null when count is 0' },
    });
  });
});
