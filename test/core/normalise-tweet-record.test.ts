import * as fs from 'fs';
import * as path from 'path';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { normaliseJsonLine } from '../../lambda/core/normalise';
import { generateDebate } from '../../lambda/core/synthetic';
import type { Tweet } from '../../lambda/core/tweet';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/pres-2016-09-26.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');

const sample: Tweet = {
  id: '780000000000000001',
  createdAt: Date.UTC(2016, 8, 27, 1, 0, 0),
  author: { id: '42', username: 'voter' },
  text: 'Great answer',
  lang: 'en',
  hashtags: ['debatenight'],
  mentions: [],
  format: 'csv',
};

describe('normaliseTweetRecord (via normaliseJsonLine)', () => {
  test('GIVEN serialised synthetic tweets of every format WHEN read back THEN each is the same Tweet', () => {
    const tweets = [...generateDebate(parsed.config, { minutes: 1, rate: 30, seed: 'records' })].flatMap(
      (r) => (r.kind === 'tweet' ? [r.tweet] : []),
    );
    const back = tweets.map((t) => normaliseJsonLine(JSON.stringify(t)));
    expect(back.map((r) => (r.ok ? r.tweet : r.rejection))).toEqual(tweets);
  });

  test.each([
    [{ ...sample, format: 'fax' }, 'bad format "fax"'],
    [{ ...sample, id: 12 }, 'bad id 12: not a decimal id string'],
    [{ ...sample, createdAt: -1 }, 'bad createdAt'],
    [{ ...sample, author: {} }, 'missing author.id'],
    [{ ...sample, text: 'bad \ud800' }, 'surrogate'],
    [{ ...sample, hashtags: [1] }, 'hashtags must be an array of strings'],
    [{ ...sample, coordinates: { lon: 200, lat: 0 } }, 'coordinates'],
    [{ ...sample, retweetOf: 'abc' }, 'bad retweetOf'],
  ])('rejects a record when a field is wrong (%#)', (record, reason) => {
    const r = normaliseJsonLine(JSON.stringify(record));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection.reason).toContain(reason);
  });

  test('GIVEN generated tweets WHEN serialised and read back THEN each keeps its generated mark, and a bad mark is refused', () => {
    // GIVEN
    const tweets = [...generateDebate(parsed.config, { minutes: 1, rate: 5, seed: 'marks' })].flatMap((r) =>
      r.kind === 'tweet' ? [r.tweet] : [],
    );
    // THEN every generated post carries the mark, and it survives the record
    expect(tweets.length).toBeGreaterThan(0);
    expect(tweets.every((t) => t.synthetic === true)).toBe(true);
    expect(
      tweets.map((t) => normaliseJsonLine(JSON.stringify(t))).every((r) => r.ok && r.tweet.synthetic),
    ).toBe(true);
    const bad = normaliseJsonLine(JSON.stringify({ ...sample, synthetic: 'no' }));
    expect(bad.ok ? 'accepted' : bad.rejection.reason).toBe(
      'trendoff record: bad synthetic "no": true or false expected',
    );
  });
});
