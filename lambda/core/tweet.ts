/**
 * The one record every source is normalised into. Everything downstream (matcher, scorers,
 * aggregates, archive) works on this shape only, whatever the tweet's original format.
 */

/** Which wire format a record was read from. */
export type TweetFormat = 'x-v2' | 'x-v1' | 'csv';

export interface TweetAuthor {
  /** Stable author id (X user id, or the handle when a source has no id). */
  readonly id: string;
  /** Handle without the leading `@`, as the source spelled it. */
  readonly username?: string;
  /** Display name. */
  readonly name?: string;
}

export interface GeoPoint {
  readonly lon: number;
  readonly lat: number;
}

export interface Tweet {
  /** Post id as a decimal string (ids exceed 2^53). */
  readonly id: string;
  /** Creation time, epoch milliseconds UTC. */
  readonly createdAt: number;
  readonly author: TweetAuthor;
  /**
   * The text to analyse: the full text (never the truncated 140-character form); for a retweet,
   * the retweeted post's full text, with `retweetOf` set.
   */
  readonly text: string;
  /** BCP 47 language tag as reported by the source (`und` when unknown). */
  readonly lang: string;
  /** Hashtags without `#`, lower-cased, in order of appearance, duplicates kept. */
  readonly hashtags: readonly string[];
  /** Mentioned handles without `@`, lower-cased, in order of appearance. */
  readonly mentions: readonly string[];
  /** Exact point when the post is geotagged with coordinates (not a place's bounding box). */
  readonly coordinates?: GeoPoint;
  /** Id of the retweeted post when this record is a retweet. */
  readonly retweetOf?: string;
  /** Id of the quoted post when this record quotes another. */
  readonly quoteOf?: string;
  /** Id of the post this one replies to. */
  readonly replyTo?: string;
  /** Tags of the X filtered-stream rules that matched (v2 `matching_rules`), when known. */
  readonly ruleTags?: readonly string[];
  /** Set when the synthetic generator made the post: it exists nowhere on X, so nothing links to it. */
  readonly synthetic?: true;
  readonly format: TweetFormat;
}

/** Why a raw record could not become a {@link Tweet}. Never thrown: returned. */
export interface Rejection {
  readonly format: TweetFormat | 'unknown';
  /** One line a person can act on, naming the missing or bad field. */
  readonly reason: string;
  /** The start of the offending input, for the quarantine (at most 2 KiB). */
  readonly sample: string;
}

export type NormaliseResult =
  { readonly ok: true; readonly tweet: Tweet } | { readonly ok: false; readonly rejection: Rejection };

export const MAX_SAMPLE_CHARS = 2048;

export function reject(format: Rejection['format'], reason: string, input: unknown): NormaliseResult {
  let sample: string;
  if (typeof input === 'string') sample = input;
  else {
    try {
      sample = JSON.stringify(input) ?? String(input);
    } catch {
      sample = String(input);
    }
  }
  return { ok: false, rejection: { format, reason, sample: sample.slice(0, MAX_SAMPLE_CHARS) } };
}
