import type { Polarity } from './sentiment/scorer';

/**
 * What the aggregates need of one tweet after matching and scoring: the pipeline builds it once per
 * tweet, and a tweet that matched several candidates adds to each candidate's bucket.
 */
export interface ScoredTweet {
  readonly id: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly authorId: string;
  readonly text: string;
  /** Candidate ids the matcher found (may be several; empty tweets are not aggregated). */
  readonly candidates: readonly string[];
  readonly score: number;
  readonly polarity: Polarity;
  /** Lower-cased hashtags without `#`. */
  readonly hashtags: readonly string[];
  /** Content words (lower-cased, stop words removed), for word counts. */
  readonly words: readonly string[];
  /** Set for a generated post, as `Tweet.synthetic` is. */
  readonly synthetic?: true;
}
