/**
 * The most positive and the most negative tweet of an aggregate. Unlike counts and sums, extremes are
 * not invertible (dropping a tweet cannot recover the runner-up), so windows are built by merging only,
 * and picking one of two extremes must follow a total order for merge to be associative and commutative
 * even when scores tie.
 */
import type { ScoredTweet } from '../scored-tweet';

/**
 * Longest text kept with an extreme, in code points. 280 is what a classic post shows, enough for a
 * dashboard card; long posts (up to 25,000 characters) would otherwise bloat every stored bucket, and
 * the id links to the full post.
 */
export const MAX_EXTREME_TEXT_CHARS = 280;

/** Appended to a cut text, so a reader knows it was cut. */
export const TEXT_CUT_MARK = '…';

/** One tweet, kept because it is the most positive or most negative of its aggregate. Never mutated. */
export interface Extreme {
  /** Post id as a decimal string. */
  readonly id: string;
  readonly authorId: string;
  /** At most {@link MAX_EXTREME_TEXT_CHARS} code points, plus {@link TEXT_CUT_MARK} when cut. */
  readonly text: string;
  readonly score: number;
  /** Set for a generated post, which has no page on X to link to; absent for a real one. */
  readonly synthetic?: true;
}

/** The extreme record of a tweet (text cut, `-0` stored as `0` so equal scores are equal values). */
export function extremeOf(t: ScoredTweet): Extreme {
  return extremeRecord(t.id, t.authorId, capText(t.text), t.score + 0, t.synthetic === true);
}

/** An extreme from its fields; the generated-post mark is left out for a real post. */
export function extremeRecord(
  id: string,
  authorId: string,
  text: string,
  score: number,
  synthetic: boolean,
): Extreme {
  return synthetic ? { id, authorId, text, score, synthetic: true } : { id, authorId, text, score };
}

/** Cut `text` to `max` code points (never splitting a surrogate pair), marking the cut with `…`. */
export function capText(text: string, max: number = MAX_EXTREME_TEXT_CHARS): string {
  // Fewer code units than the cap means fewer code points: the common case costs one comparison.
  if (text.length <= max) return text;
  let units = 0;
  for (let points = 0; points < max && units < text.length; points++) {
    const c = text.charCodeAt(units);
    const pair = c >= 0xd800 && c <= 0xdbff && units + 1 < text.length;
    units += pair && isLowSurrogate(text.charCodeAt(units + 1)) ? 2 : 1;
  }
  return units >= text.length ? text : text.slice(0, units) + TEXT_CUT_MARK;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Order of decimal ids of possibly different lengths without parsing (ids exceed 2^53): shorter is
 * smaller, then code-unit order. A total order on all strings, numeric for canonical decimals.
 */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Tie-break between two extremes of equal score: the smaller (earlier) post id wins; author id, text
 * (code-unit order), then the generated mark (real first) only matter for records that share an id.
 * The order is total, so the pick never depends on which side of a merge a record came from.
 */
function tieBreak(a: Extreme, b: Extreme): number {
  return (
    compareIds(a.id, b.id) ||
    compareIds(a.authorId, b.authorId) ||
    (a.text < b.text ? -1 : a.text > b.text ? 1 : 0) ||
    Number(a.synthetic === true) - Number(b.synthetic === true)
  );
}

/** The more positive of two extremes: higher score, ties by {@link tieBreak}; `null` is the identity. */
export function morePositive(a: Extreme | null, b: Extreme | null): Extreme | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.score !== b.score) return a.score > b.score ? a : b;
  return tieBreak(a, b) <= 0 ? a : b;
}

/** The more negative of two extremes: lower score, ties by {@link tieBreak}; `null` is the identity. */
export function moreNegative(a: Extreme | null, b: Extreme | null): Extreme | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.score !== b.score) return a.score < b.score ? a : b;
  return tieBreak(a, b) <= 0 ? a : b;
}
