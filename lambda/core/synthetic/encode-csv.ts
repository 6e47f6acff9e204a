/**
 * trendoff's canonical CSV. The column layout lives with the CSV normaliser that reads it back
 * (`normalise/canonical-csv.ts`), so writer and reader cannot drift apart.
 */
import { CANONICAL_CSV_HEADER, toCanonicalCsvFields } from '../normalise/canonical-csv';
import { formatCsvRecord } from '../normalise/csv-parser';
import type { Tweet } from '../tweet';

/**
 * `id,created_at,author_id,username,name,text,lang,hashtags,mentions,lon,lat,retweet_of,quote_of,reply_to`
 * (without a line break).
 */
export const CSV_HEADER: string = CANONICAL_CSV_HEADER;

/**
 * One CSV record for a post, without the line break: `created_at` in ISO 8601 with milliseconds,
 * hashtags and mentions space-separated without `#`/`@`, empty cells for absent values, and RFC 4180
 * quoting of cells holding a comma, a quote, CR or LF (a text with line breaks spans several lines).
 */
export function encodeCsvRow(tweet: Tweet): string {
  return formatCsvRecord(toCanonicalCsvFields(tweet));
}
