import { normaliseXV1, xV1ControlMessageKind } from '../../lambda/core/normalise/x-v1';
import type { NormaliseResult, Tweet } from '../../lambda/core/tweet';
import { fixtureJson, fixtureText, withField } from '../fixtures/normalise/load';

function tweetOf(result: NormaliseResult): Tweet {
  if (!result.ok) throw new Error(`expected a tweet, got rejection: ${result.rejection.reason}`);
  return result.tweet;
}

function reasonOf(result: NormaliseResult): string {
  if (result.ok) throw new Error(`expected a rejection, got tweet ${result.tweet.id}`);
  expect(result.rejection.format).toBe('x-v1');
  return result.rejection.reason;
}

describe('normaliseXV1', () => {
  it('GIVEN a plain status WHEN normalised THEN fields are mapped and the id comes from id_str, not the rounded id', () => {
    // GIVEN a dump line whose numeric id JSON.parse cannot hold exactly
    const raw = fixtureText('x-v1/plain.json');
    const status = JSON.parse(raw) as { id: number; id_str: string };
    expect(String(status.id)).not.toBe(status.id_str);
    // WHEN
    const tweet = tweetOf(normaliseXV1(status, raw));
    // THEN
    expect(tweet).toEqual({
      id: '629467348516311041',
      createdAt: Date.UTC(2015, 7, 7, 1, 5, 12),
      author: { id: '1234567890', username: 'debate_watcher', name: 'Debate Watcher' },
      text: "Trump just said he'd consider a third-party run. Wow. #GOPDebate @FoxNews",
      lang: 'en',
      hashtags: ['gopdebate'],
      mentions: ['foxnews'],
      format: 'x-v1',
    });
  });

  it('GIVEN a truncated status with extended_tweet WHEN normalised THEN text and entities come from extended_tweet', () => {
    // GIVEN `text` ends "… https://t.co/…" and the root entities only hold the self-link
    const status = fixtureJson('x-v1/extended.json');
    // WHEN
    const tweet = tweetOf(normaliseXV1(status));
    // THEN
    expect(tweet.text).toMatch(/^Rubio on immigration .* #GOPDebate @marcorubio$/);
    expect(tweet.text).not.toContain('t.co');
    expect(tweet.hashtags).toEqual(['gopdebate']);
    expect(tweet.mentions).toEqual(['marcorubio']);
  });

  it('GIVEN an extended-mode status WHEN normalised THEN full_text is the text', () => {
    const tweet = tweetOf(normaliseXV1(fixtureJson('x-v1/full-text.json')));
    expect(tweet.text.length).toBeGreaterThan(140);
    expect(tweet.text.startsWith('Extended mode keeps the whole post')).toBe(true);
  });

  it("GIVEN a retweet of an extended tweet WHEN normalised THEN the text is the retweeted status's extended full text", () => {
    // GIVEN
    const status = fixtureJson('x-v1/retweet-extended.json');
    // WHEN
    const tweet = tweetOf(normaliseXV1(status));
    // THEN
    expect(tweet.retweetOf).toBe('629480635169841152');
    expect(tweet.text).toBe(
      'Tonight I said it plainly: we will secure the border, fix legal immigration and grow wages for working families. Thank you, Cleveland! #GOPDebate #Cleveland',
    );
    expect(tweet.hashtags).toEqual(['gopdebate', 'cleveland']);
    expect(tweet.author).toEqual({ id: '3344556677', username: 'fan_account', name: 'Fan Account' });
    expect(tweet.createdAt).toBe(Date.UTC(2015, 7, 7, 2, 0, 0));
  });

  it('GIVEN a quote WHEN normalised THEN quoteOf is quoted_status_id_str', () => {
    const tweet = tweetOf(normaliseXV1(fixtureJson('x-v1/quote.json')));
    expect(tweet.quoteOf).toBe('629480635169841152');
    expect(tweet.text).toBe('Wrong on the facts, again. https://t.co/Aa1Bb2Cc3D');
  });

  it('GIVEN a reply WHEN normalised THEN replyTo is in_reply_to_status_id_str', () => {
    const tweet = tweetOf(normaliseXV1(fixtureJson('x-v1/reply.json')));
    expect(tweet.replyTo).toBe('629480635169841152');
    expect(tweet.mentions).toEqual(['candidatex']);
  });

  it('GIVEN a geotagged status WHEN normalised THEN coordinates come from `coordinates` [lon, lat], not geo or place', () => {
    const tweet = tweetOf(normaliseXV1(fixtureJson('x-v1/geo.json')));
    expect(tweet.coordinates).toEqual({ lon: -81.6882, lat: 41.4965 });
  });

  it('GIVEN a status with only a place WHEN normalised THEN there are no coordinates', () => {
    const status = withField(fixtureJson('x-v1/geo.json'), 'coordinates', null);
    const tweet = tweetOf(normaliseXV1(status));
    expect(tweet).not.toHaveProperty('coordinates');
  });

  it('GIVEN a null lang and HTML-escaped text WHEN normalised THEN lang is und and the text is unescaped', () => {
    // GIVEN X escapes &, < and > in post text; "&amp;lt;" is a literal "&lt;" typed by the author
    let status = withField(fixtureJson('x-v1/plain.json'), 'lang', null);
    status = withField(status, 'text', 'Tax &amp; spend &lt;3 &amp;lt; &gt;');
    // WHEN
    const tweet = tweetOf(normaliseXV1(status));
    // THEN
    expect(tweet.lang).toBe('und');
    expect(tweet.text).toBe('Tax & spend <3 &lt; >');
  });

  it('GIVEN a user without id_str WHEN normalised THEN the handle is the author id', () => {
    const tweet = tweetOf(normaliseXV1(withField(fixtureJson('x-v1/plain.json'), 'user.id_str', undefined)));
    expect(tweet.author.id).toBe('debate_watcher');
  });

  it('GIVEN a time re-serialised as ISO 8601 WHEN normalised THEN it is read', () => {
    const tweet = tweetOf(
      normaliseXV1(withField(fixtureJson('x-v1/plain.json'), 'created_at', '2015-08-07T01:05:12Z')),
    );
    expect(tweet.createdAt).toBe(Date.UTC(2015, 7, 7, 1, 5, 12));
  });

  it.each([
    ['delete', 'x-v1/delete.json'],
    ['limit', 'x-v1/limit.json'],
  ])('rejects a stream control message when it is a `%s` notice', (kind, file) => {
    // GIVEN
    const message = fixtureJson(file);
    // WHEN
    const reason = reasonOf(normaliseXV1(message));
    // THEN
    expect(reason).toBe(`v1.1 stream control message "${kind}", not a post`);
  });

  it('GIVEN other stream messages WHEN classified THEN their kind is named, and a status has none', () => {
    expect(xV1ControlMessageKind({ warning: { code: 'FALLING_BEHIND', percent_full: 60 } })).toBe('warning');
    expect(xV1ControlMessageKind({ scrub_geo: { user_id_str: '1' } })).toBe('scrub_geo');
    expect(xV1ControlMessageKind({ disconnect: { code: 7 } })).toBe('disconnect');
    expect(xV1ControlMessageKind(fixtureJson('x-v1/plain.json') as Record<string, unknown>)).toBeUndefined();
  });

  const plain = fixtureJson('x-v1/plain.json');
  const retweet = fixtureJson('x-v1/retweet-extended.json');
  const geo = fixtureJson('x-v1/geo.json');
  const cases: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['the status is not an object', 'RT', /^not a JSON object$/],
    [
      'id_str is missing (only the lossy numeric id is there)',
      withField(plain, 'id_str', undefined),
      /^missing id_str \(the numeric id loses precision/,
    ],
    [
      'id_str is not decimal',
      withField(plain, 'id_str', '6294e17'),
      /^bad id_str "6294e17": not a decimal id string$/,
    ],
    ['created_at is missing', withField(plain, 'created_at', undefined), /^missing created_at$/],
    [
      'created_at is unparseable',
      withField(plain, 'created_at', 'Fri Aug 07 25:05:12 +0000 2015'),
      /^bad created_at "Fri Aug 07 25:05:12/,
    ],
    ['user is missing', withField(plain, 'user', undefined), /^missing user$/],
    ['user is not an object', withField(plain, 'user', 'debate_watcher'), /^bad user "debate_watcher"$/],
    ['user.id_str is not decimal', withField(plain, 'user.id_str', 'abc'), /^bad user\.id_str "abc"$/],
    [
      'the user has neither id_str nor screen_name',
      withField(withField(plain, 'user.id_str', undefined), 'user.screen_name', undefined),
      /^missing user\.id_str$/,
    ],
    [
      'retweeted_status is not an object',
      withField(retweet, 'retweeted_status', 7),
      /^bad retweeted_status 7$/,
    ],
    [
      'retweeted_status.id_str is missing',
      withField(retweet, 'retweeted_status.id_str', undefined),
      /^bad retweeted_status\.id_str undefined$/,
    ],
    [
      'a truncated retweeted status has no full text',
      withField(retweet, 'retweeted_status.extended_tweet', undefined),
      /^retweeted_status\.text is truncated and neither retweeted_status\.extended_tweet\.full_text nor retweeted_status\.full_text is present$/,
    ],
    ['text is missing', withField(plain, 'text', undefined), /^missing text$/],
    ['text is not a string', withField(plain, 'text', ['a']), /^bad text an array$/],
    [
      'full_text is empty',
      withField(fixtureJson('x-v1/full-text.json'), 'full_text', ''),
      /^missing full_text \(empty\)$/,
    ],
    [
      'text has a lone surrogate',
      withField(plain, 'text', 'half an emoji \udc00'),
      /^text contains a lone UTF-16 surrogate$/,
    ],
    ['text is too long', withField(plain, 'text', 'x'.repeat(25_001)), /^text longer than 25000 characters/],
    [
      'quoted_status_id_str is not decimal',
      withField(plain, 'quoted_status_id_str', '12a'),
      /^bad quoted_status_id_str "12a"$/,
    ],
    [
      'in_reply_to_status_id_str is not decimal',
      withField(plain, 'in_reply_to_status_id_str', 629480635169841152),
      /^bad in_reply_to_status_id_str 629480635169841200$/,
    ],
    [
      'coordinates is a bounding box',
      withField(geo, 'coordinates.type', 'Polygon'),
      /^coordinates is not a GeoJSON Point$/,
    ],
    [
      'coordinates are out of range',
      withField(geo, 'coordinates.coordinates', [-81.6882, 141.4965]),
      /^coordinates\.coordinates latitude 141\.4965 out of range/,
    ],
  ];

  it.each(cases)('rejects a status when %s', (_what, status, reason) => {
    expect(reasonOf(normaliseXV1(status))).toMatch(reason);
  });

  it('GIVEN a status marked trendoff_synthetic WHEN normalised THEN it is a generated post; without the mark it is real', () => {
    // GIVEN
    const status = JSON.parse(fixtureText('x-v1/plain.json')) as unknown;
    // WHEN
    const marked = tweetOf(normaliseXV1(withField(status, 'trendoff_synthetic', true)));
    const real = tweetOf(normaliseXV1(status));
    // THEN
    expect(marked.synthetic).toBe(true);
    expect(real).not.toHaveProperty('synthetic');
    expect(reasonOf(normaliseXV1(withField(status, 'trendoff_synthetic', 1)))).toBe(
      'bad trendoff_synthetic 1: true or false expected',
    );
  });
});
