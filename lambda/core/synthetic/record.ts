/**
 * What the synthetic generator yields, and what the wire-format encoders need to know about a post
 * beyond the {@link Tweet} itself to write what X would send (who was retweeted, who was mentioned).
 */
import type { Tweet, TweetAuthor, TweetFormat } from '../tweet';
import { shown, type ShownText } from './shown-text';

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

// The generator leaves each tweet's context (and its text's entities, found once) on it under a
// non-enumerable symbol, so `encodeV2(record.tweet, config)` writes the same line as passing
// `record.context`, while the tweet still compares, spreads and serialises as a plain Tweet.
// (A WeakMap side table costs several times more per tweet.)
const GENERATED = Symbol('trendoff.synthetic');
const NO_CONTEXT: TweetContext = {};

interface Attached {
  readonly context: TweetContext;
  readonly shown: ShownText;
}

/** Records what the generator knows about a tweet it made (used by the encoders' defaults). */
export function attachGenerated(tweet: Tweet, context: TweetContext, shown: ShownText): void {
  Object.defineProperty(tweet, GENERATED, { value: { context, shown } satisfies Attached });
}

function attached(tweet: Tweet): Attached | undefined {
  return (tweet as { [GENERATED]?: Attached })[GENERATED];
}

/** The context recorded for a generated tweet, or an empty one. */
export function contextOf(tweet: Tweet): TweetContext {
  return attached(tweet)?.context ?? NO_CONTEXT;
}

/** A tweet's text with its entities: as recorded by the generator, else found now. */
export function shownOf(tweet: Tweet): ShownText {
  const known = attached(tweet)?.shown;
  return known !== undefined && known.text === tweet.text ? known : shown(tweet.text);
}
