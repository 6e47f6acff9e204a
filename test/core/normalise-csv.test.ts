import { CANONICAL_CSV_HEADER, toCanonicalCsvFields } from '../../lambda/core/normalise/canonical-csv';
import { createCsvNormaliser, type CsvNormaliser } from '../../lambda/core/normalise/csv-normaliser';
import { CsvParser, detectCsvDelimiter, formatCsvRecord } from '../../lambda/core/normalise/csv-parser';
import { normaliseJsonLine } from '../../lambda/core/normalise/json';
import type { NormaliseResult, Tweet } from '../../lambda/core/tweet';
import { fixtureLine, fixtureText } from '../fixtures/normalise/load';

/** Parses a CSV fixture's text and normalises every data record against its header. */
function normaliseCsv(text: string): NormaliseResult[] {
  const parser = new CsvParser({ delimiter: detectCsvDelimiter(text) });
  const [header, ...rows] = [...parser.push(text), ...parser.end()];
  const normaliser = normaliserFor(header ?? []);
  return rows.map((row) => normaliser.normalise(row));
}

function normaliserFor(header: readonly string[]): CsvNormaliser {
  const created = createCsvNormaliser(header);
  if (!created.ok) throw new Error(created.error);
  return created;
}

function tweetOf(result: NormaliseResult | undefined): Tweet {
  if (!result?.ok) throw new Error(`expected a tweet, got ${result ? result.rejection.reason : 'nothing'}`);
  return result.tweet;
}

const HEADER = CANONICAL_CSV_HEADER.split(',');
/** A canonical record with the given cells replaced. */
function canonicalRow(cells: Partial<Record<string, string>>): string[] {
  const base: Record<string, string> = {
    id: '1833312345678901234',
    created_at: '2024-09-11T01:02:03Z',
    author_id: '2244994945',
    username: 'pat_example',
    text: 'A fine post',
  };
  return HEADER.map((column) => cells[column] ?? base[column] ?? '');
}

function reasonOf(result: NormaliseResult): string {
  if (result.ok) throw new Error(`expected a rejection, got tweet ${result.tweet.id}`);
  expect(result.rejection.format).toBe('csv');
  return result.rejection.reason;
}

describe('createCsvNormaliser', () => {
  it('GIVEN the canonical export WHEN normalised THEN every column maps to its field and empty cells are absent', () => {
    // GIVEN
    const results = normaliseCsv(fixtureText('csv/canonical.csv'));
    // THEN
    expect(results.map(tweetOf)).toEqual([
      {
        id: '1833312345678901234',
        createdAt: Date.UTC(2024, 8, 11, 1, 2, 3),
        author: { id: '2244994945', username: 'pat_example', name: 'Pat Example' },
        text: 'Great answer from @JaneDoe2024, clear plan. #DebateNight',
        lang: 'en',
        hashtags: ['debatenight'],
        mentions: ['janedoe2024'],
        format: 'csv',
      },
      {
        id: '1833312345678909999',
        createdAt: Date.UTC(2024, 8, 11, 1, 5, 0),
        author: { id: '2244994945', username: 'pat_example', name: 'Pat Example' },
        text: 'Healthcare is a right, not a privilege.\nWe will fight for it. #Healthcare',
        lang: 'en',
        hashtags: ['healthcare'],
        mentions: [],
        retweetOf: '1833300000000000001',
        format: 'csv',
      },
      {
        // No author_id: the handle identifies the author. trendoff's own text is not HTML-unescaped.
        id: '1833312345678908888',
        createdAt: Date.UTC(2024, 8, 11, 1, 30, 0),
        author: { id: 'crowd_watcher', username: 'crowd_watcher' },
        text: 'Loud crowd downtown: cheering &amp; booing',
        lang: 'und',
        hashtags: [],
        mentions: [],
        coordinates: { lon: -73.99124, lat: 40.73061 },
        quoteOf: '1833300000000000002',
        replyTo: '1833300000000000003',
        format: 'csv',
      },
    ]);
  });

  it('GIVEN tweets from the JSON normalisers WHEN written as canonical CSV and read back THEN they are unchanged', () => {
    // GIVEN
    const files = [
      'x-v2/plain.json',
      'x-v2/retweet.json',
      'x-v2/geo.json',
      'x-v2/missing-user.json',
      'x-v1/quote.json',
    ];
    const tweets = files.map((f) => tweetOf(normaliseJsonLine(fixtureLine(f))));
    const text = [CANONICAL_CSV_HEADER, ...tweets.map((t) => formatCsvRecord(toCanonicalCsvFields(t)))].join(
      '\r\n',
    );
    // WHEN
    const back = normaliseCsv(text).map(tweetOf);
    // THEN everything but the source format and the stream's rule tags survives
    expect(back).toEqual(tweets.map(({ ruleTags: _ruleTags, ...rest }) => ({ ...rest, format: 'csv' })));
  });

  it('GIVEN a followthehashtag export WHEN normalised THEN Date + Hour, Nickname and text entities are used', () => {
    // GIVEN
    const results = normaliseCsv(fixtureText('csv/followthehashtag.csv'));
    // THEN
    const [first, second, third] = results.map(tweetOf);
    expect(first).toEqual({
      id: '721318437075685001',
      createdAt: Date.UTC(2016, 3, 16, 12, 44),
      author: { id: 'sam_sample', username: 'sam_sample', name: 'Sam Sample' },
      text: 'Watching the #DemDebate with @nightowl_news. Strong night for both!',
      lang: 'en',
      hashtags: ['demdebate'],
      mentions: ['nightowl_news'],
      coordinates: { lon: -72.9547, lat: 40.7603 },
      format: 'csv',
    });
    expect(second?.hashtags).toEqual(['demdebate', 'brooklyn']);
    expect(second?.lang).toBe('es');
    expect(second).not.toHaveProperty('coordinates');
    expect(third?.text).toBe('Sanders & Clinton both dodged the question #DemDebate');
    expect(third?.createdAt).toBe(Date.UTC(2016, 3, 16, 23, 59));
  });

  it('GIVEN a semicolon-separated export with decimal commas WHEN normalised THEN coordinates are read', () => {
    const [tweet] = normaliseCsv(fixtureText('csv/followthehashtag-semicolon.csv')).map(tweetOf);
    expect(tweet?.coordinates).toEqual({ lon: -72.9547, lat: 40.7603 });
    expect(tweet?.createdAt).toBe(Date.UTC(2016, 3, 17, 8, 5));
  });

  it('GIVEN the Kaggle GOP debate export WHEN normalised THEN tweet_id, tweet_created, name and tweet_coord are used', () => {
    // GIVEN a header whose `id` is a row number and whose `name` holds the screen name
    const results = normaliseCsv(fixtureText('csv/kaggle-gop.csv'));
    // THEN
    const [first, second, third] = results.map(tweetOf);
    expect(first?.id).toBe('629697200650592001');
    expect(first?.createdAt).toBe(Date.UTC(2015, 7, 7, 16, 54, 46)); // 09:54:46 -0700
    expect(first?.author).toEqual({ id: 'debate_fan_01', username: 'debate_fan_01' });
    expect(first?.mentions).toEqual(['someanchor']);
    expect(first?.lang).toBe('und');
    expect(second?.text).toBe('Candidate X & the economy: best answer of the night #GOPDebate #Jobs');
    expect(second?.hashtags).toEqual(['gopdebate', 'jobs']);
    expect(second?.coordinates).toEqual({ lon: -81.6882, lat: 41.4965 }); // tweet_coord is [lat, lon]
    expect(third?.text).toBe('@CandidateY you lost me at "trust me", sorry #GOPDebate');
    expect(third).not.toHaveProperty('coordinates'); // [0.0, 0.0] is the export's "none"
  });

  it('GIVEN header names in other cases and spellings WHEN mapped THEN they are found, the first name of each field winning', () => {
    // GIVEN
    const created = createCsvNormaliser([
      '\ufeffTweet ID',
      'Created At',
      'Screen Name',
      'User ID',
      'TEXT',
      'Language',
      'id',
    ]);
    // THEN
    expect(created.ok && created.columns).toEqual({
      id: '\ufeffTweet ID'.slice(1),
      createdAt: 'Created At',
      username: 'Screen Name',
      authorId: 'User ID',
      text: 'TEXT',
      lang: 'Language',
    });
  });

  it.each([
    ['2015-08-07 09:54', Date.UTC(2015, 7, 7, 9, 54)],
    ['2015-08-07 09:54:46', Date.UTC(2015, 7, 7, 9, 54, 46)],
    ['2015-08-07T09:54:46.123+02:00', Date.UTC(2015, 7, 7, 7, 54, 46, 123)],
    ['Fri Aug 07 09:54:46 +0000 2015', Date.UTC(2015, 7, 7, 9, 54, 46)],
    ['1438941286', Date.UTC(2015, 7, 7, 9, 54, 46)],
  ])(
    'GIVEN created_at %s WHEN normalised THEN the time is read as UTC unless a zone is given',
    (cell, expected) => {
      const tweet = tweetOf(normaliserFor(HEADER).normalise(canonicalRow({ created_at: cell })));
      expect(tweet.createdAt).toBe(expected);
    },
  );

  it('GIVEN list cells written by other tools WHEN normalised THEN #, @, commas and brackets are stripped', () => {
    const row = canonicalRow({ hashtags: "['#GOPDebate', '#Jobs']", mentions: '@Alice, @BOB' });
    const tweet = tweetOf(normaliserFor(HEADER).normalise(row));
    expect(tweet.hashtags).toEqual(['gopdebate', 'jobs']);
    expect(tweet.mentions).toEqual(['alice', 'bob']);
  });

  it('rejects a header when it lacks id, time, text and author columns, naming each', () => {
    // GIVEN
    const [header] = new CsvParser().push(fixtureText('csv/unknown-header.csv'));
    // WHEN
    const created = createCsvNormaliser(header ?? []);
    // THEN
    expect(created.ok).toBe(false);
    if (created.ok) return;
    expect(created.error).toMatch(/^unrecognised CSV header: no column for id \(tried tweet_id, /);
    expect(created.error).toContain('; time (tried created_at, ');
    expect(created.error).toContain('; author (tried author_id, ');
    expect(created.error).not.toContain('text (tried'); // "Tweet content" is a text column
    expect(created.error).toContain('Header: "foo", "bar", "baz", "Tweet content"');
  });

  it('rejects a header when only the text column is missing', () => {
    const created = createCsvNormaliser(['id', 'created_at', 'username', 'body_html']);
    expect(created.ok ? '' : created.error).toMatch(/no column for text \(tried text, full_text, /);
  });

  const cases: ReadonlyArray<readonly [string, string[], RegExp]> = [
    [
      'it has fewer fields than the header',
      canonicalRow({}).slice(0, 5),
      /^record has 5 fields but the header has 15$/,
    ],
    ['the id is empty', canonicalRow({ id: ' ' }), /^missing id \(column "id"\)$/],
    [
      'the id lost its precision in a spreadsheet',
      canonicalRow({ id: '1.83331E+18' }),
      /^bad id "1\.83331E\+18" \(column "id"\): not a decimal id$/,
    ],
    ['the time is empty', canonicalRow({ created_at: '' }), /^missing time \(column "created_at"\)$/],
    [
      'the time is unparseable',
      canonicalRow({ created_at: '11/09/2024 01:02' }),
      /^bad time "11\/09\/2024 01:02" \(column "created_at"\)$/,
    ],
    [
      'the author id is not decimal',
      canonicalRow({ author_id: 'pat' }),
      /^bad author id "pat" \(column "author_id"\)/,
    ],
    [
      'there is no author id nor handle',
      canonicalRow({ author_id: '', username: '' }),
      /^missing author \(column "author_id", column "username"\)$/,
    ],
    ['the text is empty', canonicalRow({ text: '' }), /^missing text \(column "text"\) \(empty\)$/],
    [
      'the text is too long',
      canonicalRow({ text: 'y'.repeat(25_001) }),
      /^text \(column "text"\) longer than 25000 characters/,
    ],
    [
      'the text has a lone surrogate',
      canonicalRow({ text: 'bad \ud83d' }),
      /^text \(column "text"\) contains a lone UTF-16 surrogate$/,
    ],
    [
      'only the longitude is given',
      canonicalRow({ lon: '-73.9' }),
      /^incomplete coordinates \(column "lon" \+ column "lat"\)$/,
    ],
    [
      'a coordinate is not a number',
      canonicalRow({ lon: 'west', lat: '40' }),
      /^bad coordinates \(column "lon" \+ column "lat"\): not numbers$/,
    ],
    ['a coordinate is infinite', canonicalRow({ lon: 'Infinity', lat: '40' }), /is not a pair of numbers$/],
    [
      'the latitude is out of range',
      canonicalRow({ lon: '40.7', lat: '-173.9' }),
      /latitude -173\.9 out of range/,
    ],
    [
      'retweet_of is not decimal',
      canonicalRow({ retweet_of: 'RT' }),
      /^bad retweetOf "RT" \(column "retweet_of"\)/,
    ],
    ['quote_of is not decimal', canonicalRow({ quote_of: '-1' }), /^bad quoteOf "-1" \(column "quote_of"\)/],
    [
      'reply_to is not decimal',
      canonicalRow({ reply_to: '7.8e17' }),
      /^bad replyTo "7\.8e17" \(column "reply_to"\)/,
    ],
  ];

  it.each(cases)('rejects a record when %s', (_what, row, reason) => {
    // WHEN
    const result = normaliserFor(HEADER).normalise(row);
    // THEN
    expect(reasonOf(result)).toMatch(reason);
    if (!result.ok) expect(result.rejection.sample.startsWith(row.slice(0, 2).join(','))).toBe(true);
  });

  it('rejects a Kaggle record when tweet_coord is not a [lat, lon] pair', () => {
    // GIVEN
    const [header, row] = new CsvParser().push(fixtureText('csv/kaggle-gop.csv'));
    const broken = [...(row ?? [])];
    broken[16] = '[41.4965]';
    // WHEN
    const result = normaliserFor(header ?? []).normalise(broken);
    // THEN
    expect(reasonOf(result)).toBe('bad coordinates "[41.4965]" (column "tweet_coord"): not "[lat, lon]"');
  });

  it('rejects a followthehashtag record when the Hour is missing, naming both time columns', () => {
    const [header, row] = new CsvParser().push(fixtureText('csv/followthehashtag.csv'));
    const broken = [...(row ?? [])];
    broken[2] = '';
    expect(reasonOf(normaliserFor(header ?? []).normalise(broken))).toBe(
      'missing time (column "Date" + column "Hour")',
    );
  });

  it.each([
    ['true', true],
    ['1', true],
    [' TRUE ', true],
    ['', undefined],
    ['false', undefined],
    ['0', undefined],
  ])('GIVEN a trendoff_synthetic cell %p WHEN normalised THEN the generated mark is %p', (cell, expected) => {
    // GIVEN
    const normaliser = normaliserFor(HEADER);
    // WHEN
    const tweet = tweetOf(normaliser.normalise(canonicalRow({ trendoff_synthetic: cell })));
    // THEN
    expect(tweet.synthetic).toBe(expected);
  });

  it('GIVEN a trendoff_synthetic cell that is not true or false WHEN normalised THEN the record is refused, naming the column', () => {
    const normaliser = normaliserFor(HEADER);
    expect(reasonOf(normaliser.normalise(canonicalRow({ trendoff_synthetic: 'maybe' })))).toBe(
      'bad trendoff_synthetic "maybe" (column "trendoff_synthetic"): true or false expected',
    );
  });
});
