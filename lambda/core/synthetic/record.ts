/**
 * What the synthetic generator yields, and what the wire-format encoders need to know about a post
 * beyond the {@link Tweet} itself to write what X would send (who was retweeted, who was mentioned).
 */
import type { Tweet, TweetAuthor, TweetFormat } from '../tweet';

/**
 * Posts and accounts a post refers to. X sends them along (v2 `includes`, v1.1 `retweeted_status`,
 * `quoted_status`, mention ids); a bare {@link Tweet} only keeps their ids. Every field is optional:
 * encoders fall back to what the tweet itself says.
 */
export interface TweetContext {
  /** The post this one retweets (its `id` equals `tweet.retweetOf`). */
  readonly retweeted?: Tweet;
  /** The post this one quotes. */
  readonly quoted?: Tweet;
  /** The post this one replies to. */
  readonly repliedTo?: Tweet;
  /** Accounts the text @mentions whose ids are known. */
  readonly mentioned?: readonly TweetAuthor[];
}

export interface GeneratedTweet {
  readonly kind: 'tweet';
  readonly tweet: Tweet;
  readonly context: TweetContext;
}

/** A deliberately broken record, already written in the run's wire format. */
export interface GeneratedMalformed {
  readonly kind: 'malformed';
  /** Creation time the record would have had, epoch ms (for pacing a replay). */
  readonly createdAt: number;
  readonly format: TweetFormat;
  /** The raw line (JSON or CSV row) a reader should reject. */
  readonly raw: string;
  /** What is wrong with it, e.g. "missing data.id". */
  readonly why: string;
}

export type GeneratedRecord = GeneratedTweet | GeneratedMalformed;

// The generator leaves each tweet's context on it under a non-enumerable symbol, so
// `encodeV2(record.tweet, config)` writes the same line as passing `record.context`, while the tweet
// still compares, spreads and serialises as a plain Tweet. (A WeakMap costs several times more.)
const CONTEXT = Symbol('trendoff.synthetic.context');
const NO_CONTEXT: TweetContext = {};

/** Records the context of a tweet the generator made (used by the encoders' defaults). */
export function attachContext(tweet: Tweet, context: TweetContext): void {
  Object.defineProperty(tweet, CONTEXT, { value: context });
}

/** The context recorded for a generated tweet, or an empty one. */
export function contextOf(tweet: Tweet): TweetContext {
  return (tweet as { [CONTEXT]?: TweetContext })[CONTEXT] ?? NO_CONTEXT;
}
