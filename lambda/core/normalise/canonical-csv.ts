/** trendoff's own CSV layout, written by the synthetic generator and read back by the CSV normaliser. */

import type { Tweet } from '../tweet';
import { isDecimalId } from './checks';
import { SYNTHETIC_KEY } from './synthetic-mark';

/**
 * Columns of the canonical CSV, in order. `created_at` is ISO 8601; `hashtags` and `mentions` are
 * space-separated without `#`/`@`; an empty cell means absent; `author_id` is empty when the author is
 * known only by handle; the last column marks a generated post (`true`), and files written before it
 * existed are still read as canonical.
 */
export const CANONICAL_CSV_COLUMNS = [
  'id',
  'created_at',
  'author_id',
  'username',
  'name',
  'text',
  'lang',
  'hashtags',
  'mentions',
  'lon',
  'lat',
  'retweet_of',
  'quote_of',
  'reply_to',
  SYNTHETIC_KEY,
] as const;

/** The canonical header line (without a line break). */
export const CANONICAL_CSV_HEADER: string = CANONICAL_CSV_COLUMNS.join(',');

/** The canonical CSV cells of a tweet, in {@link CANONICAL_CSV_COLUMNS} order (quote them with formatCsvRecord). */
export function toCanonicalCsvFields(tweet: Tweet): string[] {
  const numericAuthor = isDecimalId(tweet.author.id);
  return [
    tweet.id,
    new Date(tweet.createdAt).toISOString(),
    numericAuthor ? tweet.author.id : '',
    tweet.author.username ?? (numericAuthor ? '' : tweet.author.id),
    tweet.author.name ?? '',
    tweet.text,
    tweet.lang,
    tweet.hashtags.join(' '),
    tweet.mentions.join(' '),
    tweet.coordinates ? String(tweet.coordinates.lon) : '',
    tweet.coordinates ? String(tweet.coordinates.lat) : '',
    tweet.retweetOf ?? '',
    tweet.quoteOf ?? '',
    tweet.replyTo ?? '',
    tweet.synthetic ? 'true' : '',
  ];
}
