import type { GeoPoint, Tweet, TweetAuthor, TweetFormat } from '../tweet';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Everything a normaliser has found for one post; optional parts may be undefined. */
export interface TweetParts {
  readonly id: string;
  readonly createdAt: number;
  readonly authorId: string;
  readonly username?: string | undefined;
  readonly name?: string | undefined;
  readonly text: string;
  readonly lang?: string | undefined;
  readonly hashtags: readonly string[];
  readonly mentions: readonly string[];
  readonly coordinates?: GeoPoint | undefined;
  readonly retweetOf?: string | undefined;
  readonly quoteOf?: string | undefined;
  readonly replyTo?: string | undefined;
  readonly ruleTags?: readonly string[] | undefined;
  readonly synthetic?: boolean | undefined;
  readonly format: TweetFormat;
}

/**
 * Assembles a {@link Tweet}, leaving absent optional fields out (rather than present and undefined) so
 * records compare and serialise the same whichever source they came from.
 */
export function buildTweet(p: TweetParts): Tweet {
  const author: Mutable<TweetAuthor> = { id: p.authorId };
  if (p.username) author.username = p.username;
  if (p.name) author.name = p.name;
  const tweet: Mutable<Tweet> = {
    id: p.id,
    createdAt: p.createdAt,
    author,
    text: p.text,
    lang: p.lang ? p.lang : 'und',
    hashtags: p.hashtags,
    mentions: p.mentions,
    format: p.format,
  };
  if (p.coordinates) tweet.coordinates = p.coordinates;
  if (p.retweetOf) tweet.retweetOf = p.retweetOf;
  if (p.quoteOf) tweet.quoteOf = p.quoteOf;
  if (p.replyTo) tweet.replyTo = p.replyTo;
  if (p.ruleTags) tweet.ruleTags = p.ruleTags;
  if (p.synthetic) tweet.synthetic = true;
  return tweet;
}
