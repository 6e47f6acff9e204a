import * as fs from 'fs';
import * as path from 'path';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createCsvNormaliser, CsvParser, normaliseJsonLine } from '../../lambda/core/normalise';
import { CSV_HEADER, encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import type { Tweet, TweetFormat } from '../../lambda/core/tweet';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/gop-2015-09-16.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example config invalid');
const config = parsed.config;

/** What every format carries: the Tweet without its format tag and v2's rule tags. */
function comparable(t: Tweet): Omit<Tweet, 'format' | 'ruleTags'> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { format, ruleTags, ...rest } = t;
  return rest;
}

describe('generate → encode → normalise', () => {
  test.each<TweetFormat>(['x-v2', 'x-v1', 'csv'])(
    'GIVEN synthetic posts in %s WHEN read back THEN every post is the same Tweet',
    (format) => {
      // GIVEN
      const records = [
        ...generateDebate(config, { minutes: 2, rate: 20, seed: `roundtrip-${format}`, format }),
      ];
      const tweets = records.flatMap((r) => (r.kind === 'tweet' ? [r.tweet] : []));
      const lines = records.map((r) => encodeRecord(r, config));
      // WHEN
      let back: Tweet[];
      if (format === 'csv') {
        const parser = new CsvParser();
        const rows = [...parser.push([CSV_HEADER, ...lines].join('\n') + '\n'), ...parser.end()];
        const normaliser = createCsvNormaliser(rows[0]);
        if (!normaliser.ok) throw new Error(normaliser.error);
        back = rows.slice(1).map((row) => {
          const r = normaliser.normalise(row);
          if (!r.ok) throw new Error(r.rejection.reason);
          return r.tweet;
        });
      } else {
        back = lines.map((line) => {
          const r = normaliseJsonLine(line);
          if (!r.ok) throw new Error(r.rejection.reason);
          return r.tweet;
        });
      }
      // THEN
      expect(tweets.length).toBeGreaterThan(1000);
      // Every generated post carries the mark, and it survives the wire format (compared below).
      expect(tweets.every((t) => t.synthetic === true)).toBe(true);
      expect(back.map(comparable)).toEqual(tweets.map(comparable));
      expect(back.every((t) => t.format === format)).toBe(true);
    },
  );

  test('GIVEN malformed records mixed in WHEN read back THEN exactly those are rejected', () => {
    const records = [
      ...generateDebate(config, { minutes: 2, rate: 20, seed: 'malformed', malformedRate: 0.05 }),
    ];
    const outcomes = records.map((r) => normaliseJsonLine(encodeRecord(r, config)).ok);
    expect(outcomes).toEqual(records.map((r) => r.kind === 'tweet'));
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(50);
  });
});
