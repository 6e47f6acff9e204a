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
