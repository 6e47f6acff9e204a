/**
 * One interface for every sentiment lexicon, so the pipeline, the CLI and the aggregates never
 * care which one is in use. Scorers are pure and synchronous; build them once and reuse.
 */

/** A token that moved the score, and by how much (in the scorer's own units, before normalisation). */
export interface TokenContribution {
  readonly token: string;
  readonly value: number;
}

/** -1 negative, 0 neutral, +1 positive, by the scorer's own published thresholds. */
export type Polarity = -1 | 0 | 1;

export interface SentimentResult {
  /**
   * The scorer's headline number, on its own scale: VADER compound in [-1, 1], AFINN sum of word
   * valences, labMT average happiness in [1, 9]. Aggregates are kept per scorer, so scales never mix.
   */
  readonly score: number;
  readonly polarity: Polarity;
  /** Tokens that contributed, in text order, so a dashboard can explain the score. */
  readonly tokens: readonly TokenContribution[];
}

export interface VaderResult extends SentimentResult {
  readonly compound: number;
  readonly pos: number;
  readonly neu: number;
  readonly neg: number;
}

export interface Scorer<R extends SentimentResult = SentimentResult> {
  readonly name: ScorerName;
  /**
   * The word list the user supplied (labMT's, which is not bundled), so analyses that weigh words
   * (the word shift) use the very valences the scores came from.
   */
  readonly userWords?: ReadonlyMap<string, number>;
  score(text: string): R;
}

export const SCORER_NAMES = ['vader', 'afinn', 'labmt'] as const;
export type ScorerName = (typeof SCORER_NAMES)[number];

export function isScorerName(value: string): value is ScorerName {
  return (SCORER_NAMES as readonly string[]).includes(value);
}
