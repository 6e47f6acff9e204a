/** Settings shared by the X stream and rules clients. */

/** The API base URL can point anywhere that speaks the protocol (a test server, a proxy). */
export const DEFAULT_X_API_URL = 'https://api.x.com';
export const X_API_URL_ENV = 'TRENDOFF_X_API_URL';
/** Where the bearer token comes from locally (in the cloud: Secrets Manager). Never printed. */
export const X_BEARER_TOKEN_ENV = 'TRENDOFF_X_BEARER_TOKEN';
/** X asks streaming clients to identify themselves. */
export const X_USER_AGENT = 'trendoff/0.1 (filtered-stream client)';

export const STREAM_PATH = '/2/tweets/search/stream';
export const RULES_PATH = '/2/tweets/search/stream/rules';

/**
 * Fields and expansions the v2 normaliser reads (lambda/core/normalise/x-v2.ts): the author, the
 * time, language, entities, geo, long-post text and the referenced (retweeted, quoted) posts.
 */
export const STREAM_QUERY = new URLSearchParams({
  'tweet.fields': 'created_at,author_id,lang,entities,geo,referenced_tweets,note_tweet',
  expansions: 'author_id,referenced_tweets.id',
  'user.fields': 'username,name',
}).toString();

export function apiUrlFrom(env: Record<string, string | undefined>): string {
  return (env[X_API_URL_ENV] || DEFAULT_X_API_URL).replace(/\/+$/, '');
}

/**
 * `backfill_minutes` (X Enterprise only; other tiers answer it with an error): on a reconnect, X
 * sends again what matched in up to that many minutes before it. The producer's recent-id window
 * drops the part already sent. 0 = off (the default), else the most minutes asked for, 1–5.
 */
export const X_BACKFILL_MINUTES_ENV = 'TRENDOFF_X_BACKFILL_MINUTES';
export const MAX_BACKFILL_MINUTES = 5;

/** The setting as given (env or flag), validated; the message names `source` and the fix. */
export function parseBackfillMinutes(raw: string | undefined, source: string): number {
  if (raw === undefined || raw.trim() === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_BACKFILL_MINUTES)
    throw new RangeError(
      `${source} must be a whole number of minutes from 0 (off) to ${MAX_BACKFILL_MINUTES}, got "${raw}"`,
    );
  return n;
}

/**
 * The minutes a reconnect asks X to backfill after `missedMs` without a connection: the minutes
 * missed, rounded up, at most `setting`; 0 (ask nothing) when off.
 */
export function backfillMinutesFor(setting: number, missedMs: number): number {
  if (setting <= 0) return 0;
  return Math.min(setting, Math.max(1, Math.ceil(missedMs / 60_000)));
}
