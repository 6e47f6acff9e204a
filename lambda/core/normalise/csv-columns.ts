/**
 * Which CSV column holds which tweet field. Exporters name their columns differently, so each field has
 * a list of known names; header names are compared case-insensitively with runs of other characters
 * than letters and digits read as one `_` ("Tweet Id" = "tweet_id"). The first listed name present wins.
 */

import { SYNTHETIC_KEY } from './synthetic-mark';

/** Tweet fields a CSV column can feed. */
export type CsvField =
  | 'id'
  | 'createdAt'
  | 'date'
  | 'timeOfDay'
  | 'authorId'
  | 'username'
  | 'name'
  | 'text'
  | 'lang'
  | 'hashtags'
  | 'mentions'
  | 'lon'
  | 'lat'
  | 'latLon'
  | 'retweetOf'
  | 'quoteOf'
  | 'replyTo'
  | 'synthetic';

/**
 * Known column names per field, most specific first. Covers trendoff's canonical header, the
 * followthehashtag export ("Tweet Id", "Date" + "Hour", "Nickname", "Tweet content", "Latitude", …) and
 * generic exports such as the Kaggle / CrowdFlower debate sets (`tweet_id`, `tweet_created`, `name`,
 * `tweet_coord`, where `id` is a row number: hence `tweet_id` ranks above `id`).
 */
export const CSV_COLUMN_ALIASES: { readonly [F in CsvField]: readonly string[] } = {
  id: ['tweet_id', 'id_str', 'tweetid', 'status_id', 'twitter_id', 'post_id', 'id'],
  createdAt: [
    'created_at',
    'tweet_created',
    'tweet_created_at',
    'createdat',
    'timestamp',
    'datetime',
    'date_time',
    'tweet_date',
    'posted_at',
    'published_at',
  ],
  date: ['date'],
  timeOfDay: ['hour', 'time'],
  authorId: ['author_id', 'user_id', 'user_id_str', 'userid', 'authorid', 'from_user_id'],
  username: [
    'username',
    'screen_name',
    'user_screen_name',
    'user_username',
    'author_username',
    'nickname',
    'handle',
    'user_handle',
    'from_user',
  ],
  name: ['name', 'user_name', 'display_name', 'user_display_name', 'author_name', 'from_user_name'],
  text: [
    'text',
    'full_text',
    'tweet_text',
    'tweet_content',
    'tweet',
    'content',
    'rawcontent',
    'body',
    'message',
  ],
  lang: ['lang', 'language', 'tweet_language_iso_639_1', 'tweet_language', 'tweet_lang'],
  hashtags: ['hashtags', 'tweet_hashtags', 'entities_hashtags'],
  mentions: ['mentions', 'user_mentions', 'tweet_mentions'],
  lon: ['lon', 'longitude', 'lng', 'long', 'coordinates_lon', 'geo_lon'],
  lat: ['lat', 'latitude', 'coordinates_lat', 'geo_lat'],
  latLon: ['tweet_coord'],
  retweetOf: [
    'retweet_of',
    'retweeted_status_id',
    'retweeted_status_id_str',
    'retweet_id',
    'retweeted_tweet_id',
  ],
  quoteOf: ['quote_of', 'quoted_status_id', 'quoted_status_id_str', 'quoted_tweet_id', 'quote_id'],
  replyTo: [
    'reply_to',
    'in_reply_to_status_id',
    'in_reply_to_status_id_str',
    'in_reply_to_tweet_id',
    'reply_to_id',
  ],
  synthetic: [SYNTHETIC_KEY],
};

/** A header name reduced to its comparable form: "Tweet language (ISO 639-1)" → "tweet_language_iso_639_1". */
export function columnKey(header: string): string {
  let key = '';
  let gap = false;
  for (const ch of header.toLowerCase()) {
    const c = ch.charCodeAt(0);
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (alnum) {
      if (gap && key.length > 0) key += '_';
      key += ch;
      gap = false;
    } else {
      gap = true;
    }
  }
  return key;
}

/** Where each field lives: a column index per field found. */
export type CsvColumnIndex = { readonly [F in CsvField]?: number };

/**
 * Maps a header to column indexes. Two rules go beyond the alias table: a time split in a date column
 * and a time-of-day column is read from both; and when a header has neither an author id nor a handle
 * column, a `name` column is taken as the handle (the CrowdFlower debate sets store the screen name there).
 */
export function resolveCsvColumns(header: readonly string[]): CsvColumnIndex {
  const byKey = new Map<string, number>();
  header.forEach((h, i) => {
    const key = columnKey(h);
    if (key.length > 0 && !byKey.has(key)) byKey.set(key, i);
  });
  const index: { [F in CsvField]?: number } = {};
  for (const field of Object.keys(CSV_COLUMN_ALIASES) as CsvField[]) {
    for (const alias of CSV_COLUMN_ALIASES[field]) {
      const i = byKey.get(alias);
      if (i !== undefined) {
        index[field] = i;
        break;
      }
    }
  }
  if (index.createdAt !== undefined) {
    delete index.date;
    delete index.timeOfDay;
  }
  const nameIndex = byKey.get('name');
  if (index.authorId === undefined && index.username === undefined && nameIndex !== undefined) {
    index.username = nameIndex;
    delete index.name;
    for (const alias of CSV_COLUMN_ALIASES.name) {
      const i = byKey.get(alias);
      if (alias !== 'name' && i !== undefined) {
        index.name = i;
        break;
      }
    }
  }
  return index;
}
