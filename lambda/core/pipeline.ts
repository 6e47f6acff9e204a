/**
 * The per-tweet core path that every host runs (Lambda processor, long-running worker, local runner,
 * CLI, batch re-analysis): normalise → de-duplicate → filter by language → match candidates →
 * score → the {@link ScoredTweet} the aggregates take. Pure: the caller owns the I/O.
 */
import type { DebateConfig } from './debate-config';
import { RecentIds } from './dedupe';
import { createMatcher } from './matcher';
import { normaliseJson, normaliseJsonLine } from './normalise';
import type { ScoredTweet } from './scored-tweet';
import type { Scorer } from './sentiment/scorer';
import { STOP_WORDS } from './stopwords';
import { tokenize, type Token } from './tokenizer';
import type { NormaliseResult, Rejection, Tweet } from './tweet';

export type Outcome =
  | { readonly kind: 'scored'; readonly tweet: Tweet; readonly scored: ScoredTweet }
  /** Valid, but about no candidate (e.g. only the debate hashtag): counted, not aggregated. */
  | { readonly kind: 'unmatched'; readonly tweet: Tweet }
  /** In a language the debate config does not keep. */
  | { readonly kind: 'other-language'; readonly tweet: Tweet }
  /** Seen before (at-least-once delivery): dropped so it is not counted twice. */
  | { readonly kind: 'duplicate'; readonly tweet: Tweet }
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

export interface PipelineOptions {
  readonly config: DebateConfig;
  readonly scorer: Scorer;
  /**
   * Ids to remember for de-duplication; `0` turns it off (when the store de-duplicates instead).
   * @default 100000
   */
  readonly dedupeWindow?: number;
}

/**
 * `delivery` (optional everywhere) names the stream record that carried the post, e.g. its shard and
 * sequence number: the same record seen again (a retried batch) is not a duplicate (see
 * {@link RecentIds.firstSighting}).
 */
export interface TweetPipeline {
  /** One JSON line of X API v2 or v1.1. */
  fromJsonLine(line: string, delivery?: string): Outcome;
  /** An already parsed X API v2 or v1.1 object. */
  fromJson(value: unknown, delivery?: string): Outcome;
  /** A tweet already normalised (synthetic source, CSV rows, archive records). */
  fromTweet(tweet: Tweet, delivery?: string): Outcome;
  fromResult(result: NormaliseResult, delivery?: string): Outcome;
}

export function createTweetPipeline(options: PipelineOptions): TweetPipeline {
  const { config, scorer } = options;
  const matcher = createMatcher(config);
  const window = options.dedupeWindow ?? 100_000;
  const recent = window > 0 ? new RecentIds(window) : undefined;
  const languages = new Set(config.languages);

  const fromTweet = (tweet: Tweet, delivery?: string): Outcome => {
    if (recent !== undefined && !recent.firstSighting(tweet.id, delivery))
      return { kind: 'duplicate', tweet };
    if (
      languages.size > 0 &&
      tweet.lang !== 'und' &&
      !languages.has(tweet.lang) &&
      !languages.has(tweet.lang.split('-')[0])
    ) {
      return { kind: 'other-language', tweet };
    }
    const tokens = tokenize(tweet.text);
    const candidates = matcher.match(tokens);
    if (candidates.length === 0) return { kind: 'unmatched', tweet };
    const sentiment = scorer.score(tweet.text);
    const scored: ScoredTweet = {
      id: tweet.id,
      createdAt: tweet.createdAt,
      authorId: tweet.author.id,
      text: tweet.text,
      candidates,
      score: sentiment.score,
      polarity: sentiment.polarity,
      hashtags: tweet.hashtags,
      words: contentWords(tokens),
      ...(tweet.synthetic ? { synthetic: true as const } : {}),
    };
    return { kind: 'scored', tweet, scored };
  };
  const fromResult = (r: NormaliseResult, delivery?: string): Outcome =>
    r.ok ? fromTweet(r.tweet, delivery) : { kind: 'rejected', rejection: r.rejection };

  return {
    fromJsonLine: (line, delivery) => fromResult(normaliseJsonLine(line), delivery),
    fromJson: (value, delivery) => fromResult(normaliseJson(value), delivery),
    fromTweet,
    fromResult,
  };
}

/** How many posts ended each way: what every host of the pipeline reports. */
export interface OutcomeCounts {
  scored: number;
  unmatched: number;
  otherLanguage: number;
  duplicate: number;
  rejected: number;
}

const COUNTER: Readonly<Record<Outcome['kind'], keyof OutcomeCounts>> = {
  scored: 'scored',
  unmatched: 'unmatched',
  'other-language': 'otherLanguage',
  duplicate: 'duplicate',
  rejected: 'rejected',
};

export function emptyOutcomeCounts(): OutcomeCounts {
  return { scored: 0, unmatched: 0, otherLanguage: 0, duplicate: 0, rejected: 0 };
}

/** Adds one outcome to its counter. */
export function countOutcome(counts: OutcomeCounts, outcome: Outcome): void {
  counts[COUNTER[outcome.kind]]++;
}

/** Words worth counting: lower-case, no stop words, no numbers, no single letters. */
export function contentWords(tokens: readonly Token[]): string[] {
  const words: string[] = [];
  for (const t of tokens) {
    if (t.kind !== 'word' || t.norm.length < 2 || STOP_WORDS.has(t.norm)) continue;
    words.push(t.norm);
  }
  return words;
}
