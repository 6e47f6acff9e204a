import { validateDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { isDeepStrictEqual } from 'util';
import { createCsvNormaliser, CsvParser, normaliseJsonLine } from '../../lambda/core/normalise';
import {
  buildV2,
  CSV_HEADER,
  encodeCsvRow,
  encodeRecord,
  encodeV1,
  encodeV2,
  generateDebate,
  type GeneratedTweet,
} from '../../lambda/core/synthetic';
import type { NormaliseResult, Tweet, TweetFormat } from '../../lambda/core/tweet';

function debate(): DebateConfig {
  const result = validateDebateConfig({
    id: 'enc-debate',
    title: 'Encoder debate',
    start: '2015-09-17T00:00:00Z',
    end: '2015-09-17T03:00:00Z',
    hashtags: ['GOPDebate'],
    candidates: {
      trump: { name: 'Donald Trump', terms: ['Trump', '@realDonaldTrump', '#Trump2016'] },
      bush: { name: 'Jeb Bush', terms: ['Jeb', 'Jeb Bush', '@JebBush'] },
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const config = debate();
const AT = Date.UTC(2015, 8, 17, 1, 2, 3, 45);

function tweet(over: Partial<Tweet> = {}): Tweet {
  return {
    id: '644314858474393600',
    createdAt: AT,
    author: { id: '123456789', username: 'pat_example', name: 'Pat Example' },
    text: 'Trump so strong tonight 🎉 #GOPDebate @JebBush',
    lang: 'en',
    hashtags: ['gopdebate'],
    mentions: ['jebbush'],
    format: 'x-v2',
    ...over,
  };
}

type Json = Record<string, unknown>;
const parse = (line: string): Json => JSON.parse(line) as Json;
const obj = (v: unknown): Json => v as Json;
const list = (v: unknown): Json[] => v as Json[];

/** Generated tweets of a short run, in the given format. */
function generated(format: TweetFormat, minutes = 2): GeneratedTweet[] {
  return [...generateDebate(config, { minutes, rate: 20, seed: `enc-${format}`, format })].flatMap((r) =>
    r.kind === 'tweet' ? [r] : [],
  );
}

describe('encodeV2', () => {
  test('GIVEN a post WHEN encoded THEN it is one filtered-stream line with data, includes.users and matching_rules', () => {
    // GIVEN
    const t = tweet({ ruleTags: undefined });
    // WHEN
    const line = encodeV2(t, config);
    const p = parse(line);
    // THEN
    expect(line).not.toContain('\n');
    expect(Object.keys(p)).toEqual(['data', 'includes', 'matching_rules']);
    expect(p.data).toMatchObject({
      id: t.id,
      text: t.text,
      author_id: '123456789',
      created_at: '2015-09-17T01:02:03.045Z',
      lang: 'en',
      edit_history_tweet_ids: [t.id],
    });
    expect(list(obj(p.includes).users)[0]).toEqual({
      id: '123456789',
      name: 'Pat Example',
      username: 'pat_example',
    });
    const rules = list(p.matching_rules);
    expect(rules.map((r) => r.tag)).toEqual(['trump', 'bush', 'debate']);
    for (const r of rules) expect(r.id).toMatch(/^\d{19}$/);
  });

  test('GIVEN an emoji before the entities WHEN encoded THEN entity offsets count code points, not UTF-16 units', () => {
    // GIVEN
    const t = tweet();
    // WHEN
    const entities = obj(obj(parse(encodeV2(t, config)).data).entities);
    // THEN: "🎉" is 2 UTF-16 units but 1 code point, so "#GOPDebate" starts at 26.
    expect(entities.hashtags).toEqual([{ start: 26, end: 36, tag: 'GOPDebate' }]);
    expect(list(entities.mentions)[0]).toMatchObject({ start: 37, end: 45, username: 'JebBush' });
  });

  test('GIVEN coordinates WHEN encoded THEN geo.coordinates is a GeoJSON point in [lon, lat] order', () => {
    // GIVEN
    const t = tweet({ coordinates: { lon: -74.006, lat: 40.7128 } });
    // WHEN
    const data = obj(parse(encodeV2(t, config)).data);
    // THEN
    expect(data.geo).toEqual({ coordinates: { type: 'Point', coordinates: [-74.006, 40.7128] } });
  });

  test('GIVEN a retweet of a long post WHEN encoded THEN the text is "RT @user: " and 140 characters, the full original in includes.tweets', () => {
    // GIVEN
    const original = tweet({
      id: '644314858474393000',
      author: { id: '42', username: 'orig_author', name: 'Orig' },
      text: 'Jeb so weak tonight. ' + 'And on taxes? terrible. '.repeat(8) + '#GOPDebate',
    });
    const rt = tweet({
      id: '644314858474393999',
      text: original.text,
      retweetOf: original.id,
      ruleTags: ['bush', 'debate'],
    });
    // WHEN
    const p = parse(encodeV2(rt, config, { retweeted: original }));
    // THEN
    const data = obj(p.data);
    expect(data.referenced_tweets).toEqual([{ type: 'retweeted', id: original.id }]);
    expect(data.text).toBe(`RT @orig_author: ${[...original.text].slice(0, 140).join('')}…`);
    expect(list(obj(data.entities).mentions)[0]).toMatchObject({
      start: 3,
      end: 15,
      username: 'orig_author',
      id: '42',
    });
    const included = list(obj(p.includes).tweets);
    expect(included[0]).toMatchObject({ id: original.id, text: original.text, author_id: '42' });
    expect(list(obj(p.includes).users).map((u) => u.username)).toEqual(['pat_example', 'orig_author']);
  });

  test('GIVEN a post longer than 280 characters WHEN encoded THEN text is cut at a word and note_tweet carries it all', () => {
    // GIVEN
    const long = tweet({ text: 'Trump great answer on taxes. '.repeat(12) + '#GOPDebate' });
    // WHEN
    const data = obj(parse(encodeV2(long, config)).data);
    // THEN
    expect((data.text as string).length).toBeLessThanOrEqual(280);
    expect(long.text.startsWith(data.text as string)).toBe(true);
    expect(obj(data.note_tweet).text).toBe(long.text);
    expect(obj(obj(data.note_tweet).entities).hashtags).toEqual([{ start: 348, end: 358, tag: 'GOPDebate' }]);
  });

  test('GIVEN &, < and > in a text WHEN encoded THEN they are HTML-escaped as X does, and the normaliser restores them', () => {
    // GIVEN
    const t = tweet({ text: 'Q&A: Trump <3 > Jeb #GOPDebate', mentions: [] });
    // WHEN
    const line = encodeV2(t, config);
    const back = normaliseJsonLine(line);
    // THEN
    expect(obj(parse(line).data).text).toBe('Q&amp;A: Trump &lt;3 &gt; Jeb #GOPDebate');
    expect(back.ok && back.tweet.text).toBe(t.text);
  });

  test('GIVEN generated posts WHEN encoded THEN each line is exactly JSON.stringify of buildV2, and the attached context is used by default', () => {
    // GIVEN
    const records = generated('x-v2');
    // WHEN
    const mismatched = records.filter(
      (r) =>
        encodeV2(r.tweet, config) !== JSON.stringify(buildV2(r.tweet, config, r.context)) ||
        encodeV2(r.tweet, config) !== encodeV2(r.tweet, config, r.context),
    );
    // THEN
    expect(records.some((r) => r.tweet.retweetOf !== undefined)).toBe(true);
    expect(mismatched.map((r) => r.tweet.id)).toEqual([]);
  });

  test('GIVEN a generated retweet WHEN encoded THEN its includes name the real original author', () => {
    // GIVEN
    const rt = generated('x-v2').find((r) => r.tweet.retweetOf !== undefined) as GeneratedTweet;
    // WHEN
    const p = parse(encodeV2(rt.tweet, config));
    // THEN
    const original = rt.context.retweeted as Tweet;
    expect(obj(p.data).text).toMatch(new RegExp(`^RT @${original.author.username}: `));
    expect(list(obj(p.includes).users).map((u) => u.id)).toContain(original.author.id);
  });
});

describe('encodeV1', () => {
  test('GIVEN a post WHEN encoded THEN it is a v1.1 status with id_str, created_at, user and exact numeric ids', () => {
    // GIVEN
    const t = tweet({ coordinates: { lon: -87.6298, lat: 41.8781 } });
    // WHEN
    const line = encodeV1(t);
    const s = parse(line);
    // THEN
    expect(s).toMatchObject({
      id_str: t.id,
      created_at: 'Thu Sep 17 01:02:03 +0000 2015',
      text: t.text,
      truncated: false,
      lang: 'en',
      timestamp_ms: String(AT),
      coordinates: { type: 'Point', coordinates: [-87.6298, 41.8781] },
      geo: { type: 'Point', coordinates: [41.8781, -87.6298] },
    });
    expect(obj(s.user)).toMatchObject({
      id_str: '123456789',
      screen_name: 'pat_example',
      name: 'Pat Example',
    });
    // Ids beyond 2^53 are written digit for digit, as X did (JSON.parse would round them).
    expect(line).toContain(`"id":${t.id},`);
    expect(obj(s.entities).hashtags).toEqual([{ text: 'GOPDebate', indices: [26, 36] }]);
  });

  test('GIVEN a post over 140 characters WHEN encoded THEN text is cut with a permalink, truncated is true and extended_tweet has it all', () => {
    // GIVEN
    const long = tweet({
      text: 'Jeb so weak tonight. ' + 'And on taxes? terrible. '.repeat(6) + '#GOPDebate',
    });
    // WHEN
    const s = parse(encodeV1(long));
    // THEN
    expect(s.truncated).toBe(true);
    expect([...(s.text as string)].length).toBe(140);
    expect(s.text).toMatch(/… https:\/\/t\.co\/[A-Za-z0-9]{10}$/);
    const ext = obj(s.extended_tweet);
    expect(ext.full_text).toBe(long.text);
    expect(ext.display_text_range).toEqual([0, [...long.text].length]);
    expect(obj(ext.entities).hashtags).toEqual([{ text: 'GOPDebate', indices: [165, 175] }]);
  });

  test('GIVEN a retweet WHEN encoded THEN retweeted_status holds the original and the text starts with RT @user', () => {
    // GIVEN
    const original = tweet({
      id: '644314858474393000',
      author: { id: '42', username: 'orig_author', name: 'Orig' },
    });
    const rt = tweet({ id: '644314858474393999', retweetOf: original.id });
    // WHEN
    const s = parse(encodeV1(rt, { retweeted: original }));
    // THEN
    expect(s.text).toBe(`RT @orig_author: ${original.text}`);
    expect(obj(s.retweeted_status)).toMatchObject({ id_str: original.id, text: original.text });
    expect(obj(obj(s.retweeted_status).user).screen_name).toBe('orig_author');
  });

  test('GIVEN a reply and a quote WHEN encoded THEN the in_reply_to and quoted_status fields are set', () => {
    // GIVEN
    const target = tweet({
      id: '644314858474393000',
      author: { id: '42', username: 'orig_author', name: 'Orig' },
    });
    const reply = tweet({
      text: '@orig_author Trump terrible',
      mentions: ['orig_author'],
      replyTo: target.id,
    });
    const quote = tweet({ quoteOf: target.id });
    // WHEN
    const r = parse(encodeV1(reply, { repliedTo: target }));
    const q = parse(encodeV1(quote, { quoted: target }));
    // THEN
    expect(r).toMatchObject({
      in_reply_to_status_id_str: target.id,
      in_reply_to_user_id_str: '42',
      in_reply_to_screen_name: 'orig_author',
    });
    expect(q).toMatchObject({ is_quote_status: true, quoted_status_id_str: target.id });
    expect(obj(q.quoted_status).id_str).toBe(target.id);
  });
});

describe('encodeCsvRow', () => {
  test('GIVEN the header WHEN read THEN it is the canonical column list', () => {
    expect(CSV_HEADER).toBe(
      'id,created_at,author_id,username,name,text,lang,hashtags,mentions,lon,lat,retweet_of,quote_of,reply_to,trendoff_synthetic',
    );
  });

  test('GIVEN a plain post WHEN encoded THEN cells follow the header, lists are space-separated and absent values empty', () => {
    // GIVEN
    const t = tweet({
      hashtags: ['gopdebate', 'trump2016'],
      text: 'Trump 🎉 #GOPDebate #Trump2016 @JebBush',
    });
    // WHEN
    const row = encodeCsvRow(t);
    // THEN
    expect(row).toBe(
      '644314858474393600,2015-09-17T01:02:03.045Z,123456789,pat_example,Pat Example,' +
        'Trump 🎉 #GOPDebate #Trump2016 @JebBush,en,gopdebate trump2016,jebbush,,,,,,',
    );
  });

  test('GIVEN commas, quotes and line breaks WHEN encoded THEN those cells are quoted per RFC 4180 and parse back', () => {
    // GIVEN
    const text = 'Trump said "no", Jeb\nsaid yes\r\nok';
    const t = tweet({
      text,
      author: { id: '1', username: 'u', name: 'Doe, Jane' },
      coordinates: { lon: -71.0589, lat: 42.3601 },
      retweetOf: '644314858474393000',
    });
    // WHEN
    const row = encodeCsvRow(t);
    const fields = new CsvParser().push(row + '\n');
    // THEN
    expect(row).toContain('"Doe, Jane"');
    expect(row).toContain('"Trump said ""no"", Jeb\nsaid yes\r\nok"');
    expect(fields).toHaveLength(1);
    expect(fields[0][5]).toBe(text);
    expect(fields[0].slice(9, 12)).toEqual(['-71.0589', '42.3601', '644314858474393000']);
  });
});

describe('round trip through the normalisers', () => {
  function normaliseAll(format: TweetFormat, lines: string[]): NormaliseResult[] {
    if (format !== 'csv') return lines.map(normaliseJsonLine);
    const parser = new CsvParser();
    const rows = [...parser.push(`${CSV_HEADER}\n${lines.join('\n')}\n`), ...parser.end()];
    const csv = createCsvNormaliser(rows[0]);
    if (!csv.ok) throw new Error(csv.error);
    return rows.slice(1).map((f) => csv.normalise(f));
  }

  test.each(['x-v2', 'x-v1', 'csv'] as const)(
    'GIVEN generated posts in %s WHEN encoded and normalised THEN every post comes back unchanged',
    (format) => {
      // GIVEN
      const records = generated(format, 3);
      // WHEN
      const results = normaliseAll(
        format,
        records.map((r) => encodeRecord(r, config)),
      );
      // THEN
      expect(results).toHaveLength(records.length);
      const differing = results.filter(
        (res, i) => !res.ok || !isDeepStrictEqual(res.tweet, records[i].tweet),
      );
      expect(differing).toEqual([]);
    },
  );
});
