import { MAX_TEXT_CHARS } from '../../lambda/core/normalise/checks';
import { normaliseXV2 } from '../../lambda/core/normalise/x-v2';
import type { NormaliseResult, Tweet } from '../../lambda/core/tweet';
import { fixtureJson, fixtureLine, withField } from '../fixtures/normalise/load';

function tweetOf(result: NormaliseResult): Tweet {
  if (!result.ok) throw new Error(`expected a tweet, got rejection: ${result.rejection.reason}`);
  return result.tweet;
}

function reasonOf(result: NormaliseResult): string {
  if (result.ok) throw new Error(`expected a rejection, got tweet ${result.tweet.id}`);
  expect(result.rejection.format).toBe('x-v2');
  return result.rejection.reason;
}

describe('normaliseXV2', () => {
  it('GIVEN a plain filtered-stream payload WHEN normalised THEN every field is mapped, author from includes.users', () => {
    // GIVEN
    const payload = fixtureJson('x-v2/plain.json');
    // WHEN
    const tweet = tweetOf(normaliseXV2(payload));
    // THEN
    expect(tweet).toEqual({
      id: '1833312345678901234',
      createdAt: Date.UTC(2024, 8, 11, 1, 2, 3),
      author: { id: '2244994945', username: 'pat_example', name: 'Pat Example' },
      text: 'Great answer on healthcare from @JaneDoe2024 tonight & a clear plan. #DebateNight #Healthcare',
      lang: 'en',
      hashtags: ['debatenight', 'healthcare'],
      mentions: ['janedoe2024'],
      ruleTags: ['candidate:doe', 'debate'],
      format: 'x-v2',
    });
    expect(tweet).not.toHaveProperty('coordinates');
    expect(tweet).not.toHaveProperty('retweetOf');
  });

  it("GIVEN a retweet WHEN normalised THEN the text and entities are the original post's, from includes.tweets", () => {
    // GIVEN a retweet whose own text is the truncated "RT @JaneDoe2024: …"
    const payload = fixtureJson('x-v2/retweet.json');
    // WHEN
    const tweet = tweetOf(normaliseXV2(payload));
    // THEN
    expect(tweet.retweetOf).toBe('1833300000000000001');
    expect(tweet.text.startsWith('Healthcare is a right')).toBe(true);
    expect(tweet.text.endsWith('in the White House. #Healthcare #DebateNight')).toBe(true);
    expect(tweet.text).not.toContain('…');
    expect(tweet.hashtags).toEqual(['healthcare', 'debatenight']);
    // The retweeter is the author; the time is the retweet's.
    expect(tweet.author.username).toBe('pat_example');
    expect(tweet.createdAt).toBe(Date.UTC(2024, 8, 11, 1, 5, 0));
  });

  it("GIVEN a retweet whose original is missing from includes WHEN normalised THEN the retweet's own text is kept", () => {
    // GIVEN a payload that also carries a partial "Not Found Error" next to its data
    const payload = fixtureJson('x-v2/retweet-missing-original.json');
    // WHEN
    const tweet = tweetOf(normaliseXV2(payload));
    // THEN
    expect(tweet.retweetOf).toBe('1833300000000000009');
    expect(tweet.text).toBe('RT @JaneDoe2024: Thank you, Philadelphia! #DebateNight');
    expect(tweet.mentions).toEqual(['janedoe2024']);
  });

  it("GIVEN a quote WHEN normalised THEN quoteOf is set and the text is the quoting post's own", () => {
    const tweet = tweetOf(normaliseXV2(fixtureJson('x-v2/quote.json')));
    expect(tweet.quoteOf).toBe('1833300000000000002');
    expect(tweet.text).toBe('This is exactly the wrong answer on taxes. https://t.co/AbCdEf1234');
    expect(tweet).not.toHaveProperty('retweetOf');
  });

  it('GIVEN a reply WHEN normalised THEN replyTo is the replied-to post id', () => {
    const tweet = tweetOf(normaliseXV2(fixtureJson('x-v2/reply.json')));
    expect(tweet.replyTo).toBe('1833300000000000002');
    expect(tweet.mentions).toEqual(['johnroe2024']);
  });

  it('GIVEN a long post with note_tweet WHEN normalised THEN the text and entities come from note_tweet', () => {
    // GIVEN a post whose `text` is cut at 280 characters
    const payload = fixtureJson('x-v2/note-tweet.json');
    // WHEN
    const tweet = tweetOf(normaliseXV2(payload));
    // THEN the hashtags and mention that only appear after character 280 are found
    expect(tweet.text.length).toBeGreaterThan(280);
    expect(tweet.text.endsWith('#DebateNight #Closing')).toBe(true);
    expect(tweet.hashtags).toEqual(['debatenight', 'closing']);
    expect(tweet.mentions).toEqual(['janedoe2024']);
  });

  it('GIVEN note_tweet text without note entities WHEN normalised THEN entities are found in the full text', () => {
    const payload = withField(fixtureJson('x-v2/note-tweet.json'), 'data.note_tweet.entities', undefined);
    const tweet = tweetOf(normaliseXV2(payload));
    expect(tweet.hashtags).toEqual(['debatenight', 'closing']);
    expect(tweet.mentions).toEqual(['janedoe2024']);
  });

  it('GIVEN a geotagged point WHEN normalised THEN coordinates are [lon, lat] from geo.coordinates', () => {
    const tweet = tweetOf(normaliseXV2(fixtureJson('x-v2/geo.json')));
    expect(tweet.coordinates).toEqual({ lon: -73.99124, lat: 40.73061 });
  });

  it('GIVEN a place without a point WHEN normalised THEN there are no coordinates and no matching_rules means no ruleTags', () => {
    const tweet = tweetOf(normaliseXV2(fixtureJson('x-v2/place-only.json')));
    expect(tweet).not.toHaveProperty('coordinates');
    expect(tweet).not.toHaveProperty('ruleTags');
    expect(tweet.lang).toBe('en');
  });

  it('GIVEN an author missing from includes.users WHEN normalised THEN the author is the id alone', () => {
    const tweet = tweetOf(normaliseXV2(fixtureJson('x-v2/missing-user.json')));
    expect(tweet.author).toEqual({ id: '3355779911' });
  });

  it('GIVEN no lang WHEN normalised THEN lang is und', () => {
    const tweet = tweetOf(normaliseXV2(withField(fixtureJson('x-v2/plain.json'), 'data.lang', undefined)));
    expect(tweet.lang).toBe('und');
  });

  it('GIVEN the raw line WHEN a payload is rejected THEN the sample is the start of that line', () => {
    // GIVEN
    const line = fixtureLine('x-v2/error.json');
    // WHEN
    const result = normaliseXV2(JSON.parse(line), line);
    // THEN
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection.sample).toBe(line);
  });

  it('rejects an X API v2 error payload with the error title and detail in the reason', () => {
    const reason = reasonOf(normaliseXV2(fixtureJson('x-v2/error.json')));
    expect(reason).toBe(
      'X API error payload: operational-disconnect: This stream has been disconnected upstream for operational reasons.',
    );
  });

  const plain = fixtureJson('x-v2/plain.json');
  const retweet = fixtureJson('x-v2/retweet.json');
  const geo = fixtureJson('x-v2/geo.json');
  const longText = 'a'.repeat(MAX_TEXT_CHARS + 1);
  const cases: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['the payload is not an object', ['data'], /^not a JSON object$/],
    ['there is neither data nor errors', { includes: {} }, /^missing data$/],
    ['data is an array', { data: [] }, /^data is an array/],
    ['data is not an object', { data: 'x' }, /^data is not an object$/],
    ['data.id is missing', withField(plain, 'data.id', undefined), /^missing data\.id$/],
    [
      'data.id is a number',
      withField(plain, 'data.id', Number('1833312345678901234')),
      /^bad data\.id 1833312345678901200/,
    ],
    [
      'data.id is not decimal',
      withField(plain, 'data.id', '18333x'),
      /^bad data\.id "18333x": not a decimal id string$/,
    ],
    [
      'data.created_at is missing',
      withField(plain, 'data.created_at', undefined),
      /^missing data\.created_at/,
    ],
    [
      'data.created_at is unparseable',
      withField(plain, 'data.created_at', 'yesterday'),
      /^bad data\.created_at "yesterday"$/,
    ],
    [
      'data.created_at is an impossible date',
      withField(plain, 'data.created_at', '2024-02-30T01:00:00Z'),
      /^bad data\.created_at/,
    ],
    ['data.author_id is missing', withField(plain, 'data.author_id', undefined), /^missing data\.author_id/],
    [
      'data.author_id is not decimal',
      withField(plain, 'data.author_id', '@pat'),
      /^bad data\.author_id "@pat"/,
    ],
    [
      'a referenced tweet id is not decimal',
      withField(retweet, 'data.referenced_tweets.0.id', 'abc'),
      /^bad data\.referenced_tweets\[0\]\.id "abc"$/,
    ],
    ['data.text is missing', withField(plain, 'data.text', undefined), /^missing data\.text$/],
    ['data.text is not a string', withField(plain, 'data.text', 42), /^bad data\.text 42$/],
    ['data.text is blank', withField(plain, 'data.text', '   '), /^missing data\.text \(empty\)$/],
    [
      'the original of a retweet has no text',
      withField(retweet, 'includes.tweets.0.text', undefined),
      /^missing includes\.tweets\[0\]\.text$/,
    ],
    [
      'the text is longer than X allows',
      withField(plain, 'data.text', longText),
      new RegExp(`^data\\.text longer than ${MAX_TEXT_CHARS} characters \\(${MAX_TEXT_CHARS + 1}\\)$`),
    ],
    [
      'the note_tweet text contains a lone surrogate',
      withField(fixtureJson('x-v2/note-tweet.json'), 'data.note_tweet.text', 'broken \ud800 text'),
      /^data\.note_tweet\.text contains a lone UTF-16 surrogate$/,
    ],
    [
      'geo.coordinates is not a Point',
      withField(geo, 'data.geo.coordinates.type', 'Polygon'),
      /^data\.geo\.coordinates is not a GeoJSON Point$/,
    ],
    [
      'geo.coordinates has no pair',
      withField(geo, 'data.geo.coordinates.coordinates', [-73.9]),
      /^data\.geo\.coordinates\.coordinates is not a \[lon, lat\] pair of numbers$/,
    ],
    [
      'the longitude is out of range',
      withField(geo, 'data.geo.coordinates.coordinates', [200, 40]),
      /longitude 200 out of range/,
    ],
    [
      'the latitude is out of range (swapped [lat, lon])',
      withField(geo, 'data.geo.coordinates.coordinates', [40.7, -173.9]),
      /latitude -173\.9 out of range/,
    ],
  ];

  it.each(cases)('rejects a payload when %s', (_what, payload, reason) => {
    // WHEN
    const result = normaliseXV2(payload);
    // THEN
    expect(reasonOf(result)).toMatch(reason);
  });

  it('GIVEN a text of exactly the maximum length in astral characters WHEN normalised THEN it is accepted', () => {
    // GIVEN 25,000 emoji: 50,000 UTF-16 code units but 25,000 characters
    const payload = withField(plain, 'data.text', '🇺'.repeat(MAX_TEXT_CHARS));
    // WHEN
    const tweet = tweetOf(normaliseXV2(payload));
    // THEN
    expect(tweet.text.length).toBe(2 * MAX_TEXT_CHARS);
  });

  it.each([
    [true, true],
    [false, undefined],
    [undefined, undefined],
  ])(
    'GIVEN trendoff_synthetic %p beside data WHEN normalised THEN the generated mark is %p',
    (mark, expected) => {
      // GIVEN a payload as the generator writes it (true), or as X sends it (absent)
      const payload = withField(fixtureJson('x-v2/plain.json'), 'trendoff_synthetic', mark);
      // WHEN
      const tweet = tweetOf(normaliseXV2(payload));
      // THEN
      expect(tweet.synthetic).toBe(expected);
      expect('synthetic' in tweet).toBe(expected !== undefined);
    },
  );

  it('GIVEN a generated mark that is not true or false WHEN normalised THEN the post is refused, naming the mark', () => {
    // GIVEN
    const payload = withField(fixtureJson('x-v2/plain.json'), 'trendoff_synthetic', 'yes');
    // WHEN / THEN
    expect(reasonOf(normaliseXV2(payload))).toBe('bad trendoff_synthetic "yes": true or false expected');
  });
});
