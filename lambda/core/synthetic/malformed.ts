/**
 * Deliberately broken records, for testing that readers reject (and quarantine) bad input without
 * stopping: cut-off JSON or rows, missing and mistyped fields, texts with lone UTF-16 surrogates, and
 * texts longer than X's 25,000-character limit. Each is written in the run's wire format.
 */
import type { DebateConfig } from '../debate-config';
import type { Tweet, TweetFormat } from '../tweet';
import { toCanonicalCsvFields } from '../normalise/canonical-csv';
import { formatCsvRecord } from '../normalise/csv-parser';
import { codePointLength } from './entities';
import { encodeCsvRow } from './encode-csv';
import { buildV1, serialiseV1 } from './encode-v1';
import { buildV2, encodeV2 } from './encode-v2';
import type { Random } from './prng';
import type { TweetContext } from './record';

/** X's longest post, in characters. */
export const MAX_POST_CHARS = 25000;

export interface Broken {
  readonly raw: string;
  readonly why: string;
}

type Json = Record<string, unknown>;

/** A broken rendering of `tweet` in `format`, of a randomly chosen kind. */
export function breakRecord(
  rng: Random,
  tweet: Tweet,
  context: TweetContext,
  config: DebateConfig,
  format: TweetFormat,
): Broken {
  const roll = rng.next();
  if (roll < 0.15) return oversized(rng, tweet, context, config, format);
  if (roll < 0.3) return loneSurrogate(rng, tweet, context, config, format);
  if (format === 'csv') return brokenCsv(rng, tweet, roll);
  const json = format === 'x-v2' ? buildV2(tweet, config, context) : buildV1(tweet, context);
  const serialise = (o: object): string =>
    format === 'x-v2' ? JSON.stringify(o) : serialiseV1(o as Record<string, unknown>);
  if (roll < 0.55) {
    const line = serialise(json);
    const at = 1 + rng.int(line.length - 2);
    return { raw: line.slice(0, at), why: `truncated JSON (${at} of ${line.length} characters)` };
  }
  const target: Json = format === 'x-v2' ? ((json as { data: object }).data as Json) : (json as Json);
  const where = format === 'x-v2' ? 'data.' : '';
  if (roll < 0.8) {
    const fields =
      format === 'x-v2'
        ? ['id', 'text', 'created_at', 'author_id']
        : ['id_str', 'text', 'created_at', 'user'];
    const field = rng.pick(fields);
    delete target[field];
    if (field === 'id_str') delete target.id; // the numeric twin would be an imprecise fallback
    if (field === 'text') dropFullText(target);
    return { raw: serialise(json), why: `missing ${where}${field}` };
  }
  const variants: [string, unknown][] =
    format === 'x-v2'
      ? [
          ['id', Number(tweet.id)],
          ['created_at', tweet.createdAt],
          ['text', [tweet.text]],
          ['author_id', Number(tweet.author.id)],
        ]
      : [
          ['id_str', Number(tweet.id)],
          ['created_at', tweet.createdAt],
          ['text', { text: tweet.text }],
          ['user', tweet.author.username ?? tweet.author.id],
        ];
  const [field, value] = rng.pick(variants);
  target[field] = value;
  if (field === 'text') dropFullText(target);
  return {
    raw: serialise(json),
    why: `${where}${field} is ${Array.isArray(value) ? 'an array' : typeof value}`,
  };
}

/** Removes the second copy of a long text (v1.1 `extended_tweet`, v2 `note_tweet`) a reader could fall back on. */
function dropFullText(target: Json): void {
  delete target.extended_tweet;
  delete target.note_tweet;
}

function oversized(
  rng: Random,
  tweet: Tweet,
  context: TweetContext,
  config: DebateConfig,
  format: TweetFormat,
): Broken {
  const unit = tweet.text + ' ';
  const target = MAX_POST_CHARS + 1 + rng.int(10000);
  const text = unit.repeat(Math.ceil(target / codePointLength(unit)));
  const long: Tweet = { ...tweet, text };
  return {
    raw: encodeAs(long, context, config, format),
    why: `text of ${codePointLength(text)} characters (over ${MAX_POST_CHARS})`,
  };
}

function loneSurrogate(
  rng: Random,
  tweet: Tweet,
  context: TweetContext,
  config: DebateConfig,
  format: TweetFormat,
): Broken {
  // Half of a surrogate pair at a word boundary: what a buggy client that cut an emoji in two sends.
  const half = rng.chance(0.5) ? '\uD83D' : '\uDE00';
  const space = tweet.text.indexOf(' ');
  const at = space < 0 ? tweet.text.length : space;
  const text = tweet.text.slice(0, at) + ' ' + half + tweet.text.slice(at);
  return {
    raw: encodeAs({ ...tweet, text }, context, config, format),
    why: `lone ${half === '\uD83D' ? 'high' : 'low'} surrogate in text`,
  };
}

function brokenCsv(rng: Random, tweet: Tweet, roll: number): Broken {
  const fields = toCanonicalCsvFields(tweet);
  if (roll < 0.55) {
    const keep = 1 + rng.int(fields.length - 2);
    return {
      raw: formatCsvRecord(fields.slice(0, keep)),
      why: `truncated row (${keep} of ${fields.length} fields)`,
    };
  }
  if (roll < 0.8) {
    const [index, name] = rng.pick<[number, string]>([
      [0, 'id'],
      [1, 'created_at'],
      [5, 'text'],
    ]);
    fields[index] = '';
    return { raw: formatCsvRecord(fields), why: `missing ${name}` };
  }
  const [index, name, value] = rng.pick<[number, string, string]>([
    [0, 'id', 'x' + tweet.id],
    [1, 'created_at', 'yesterday evening'],
    [9, 'lon', 'west'],
    [10, 'lat', '95.5'],
  ]);
  fields[index] = value;
  if (index >= 9) fields[index === 9 ? 10 : 9] = index === 9 ? '40.7' : '-74.0';
  return { raw: formatCsvRecord(fields), why: `bad ${name} "${value}"` };
}

function encodeAs(tweet: Tweet, context: TweetContext, config: DebateConfig, format: TweetFormat): string {
  switch (format) {
    case 'x-v2':
      return encodeV2(tweet, config, context);
    case 'x-v1':
      return serialiseV1(buildV1(tweet, context));
    case 'csv':
      return encodeCsvRow(tweet);
  }
}
