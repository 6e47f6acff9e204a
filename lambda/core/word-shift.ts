/**
 * The word shift (Dodds et al. 2011, "Temporal patterns of happiness and information in a global
 * social network: Hedonometrics and Twitter", PLoS ONE 6(12) e26752; the Hedonometer's word-shift
 * graphs): which words moved the average valence of a comparison text away from a reference text.
 *
 * With p_r(w), p_c(w) the relative frequencies of the rated words in each text (each text's counts
 * divided by its total over rated words only) and φ(w) a word's valence, the average valences are
 * Φ_r = Σ p_r φ and Φ_c = Σ p_c φ, and since both frequency sets sum to 1,
 *
 *     Φ_c − Φ_r = Σ_w (p_c(w) − p_r(w)) · (φ(w) − Φ_r)
 *
 * so each word's contribution is its change in relative frequency times its valence relative to the
 * reference mean. A word above the reference mean ("positive") used more often raises the mean
 * (+↑), used less lowers it (+↓); a word below it ("negative") used more lowers it (−↑), used less
 * raises it (−↓). The Hedonometer normalises contributions by |Φ_c − Φ_r| (they then sum to ±1).
 *
 * Words the lexicon does not rate play no part: they are left out of both texts' totals (and so of
 * the relative frequencies), as the Hedonometer and shifterator do, and as the scorers ignore them.
 * Pure: counts and a valence lookup in, numbers out.
 */
import { compareKeys } from './aggregate';

/** +↑ positive word more frequent, +↓ positive less, −↑ negative more, −↓ negative less. */
export type ShiftKind = 'pos-up' | 'pos-down' | 'neg-up' | 'neg-down';

export const SHIFT_KINDS: readonly ShiftKind[] = ['pos-up', 'pos-down', 'neg-up', 'neg-down'];

export interface WordContribution {
  readonly word: string;
  readonly valence: number;
  /** Counts in the reference and comparison texts. */
  readonly referenceCount: number;
  readonly comparisonCount: number;
  /** (p_c − p_r) · (φ − Φ_r), in valence units; the contributions sum to `shift`. */
  readonly contribution: number;
  /** `contribution / |shift|` (the Hedonometer's normalisation); null when the shift is 0. */
  readonly share: number | null;
  readonly kind: ShiftKind;
}

export interface WordShift {
  /** Total count of rated words in each text. */
  readonly referenceTotal: number;
  readonly comparisonTotal: number;
  /** Φ_r and Φ_c; null for a text without rated words. */
  readonly referenceMean: number | null;
  readonly comparisonMean: number | null;
  /** Φ_c − Φ_r; null unless both texts hold rated words. */
  readonly shift: number | null;
  /** Sum of the contributions of each kind (all 0 without a shift). */
  readonly kinds: Readonly<Record<ShiftKind, number>>;
  /** Every word with a non-zero contribution, largest |contribution| first, ties by word. */
  readonly words: readonly WordContribution[];
}

/** A lexicon's valence of a word, undefined when it does not rate it. */
export type Valence = (word: string) => number | undefined;

/** The word shift of `comparison` against `reference` (word → count, counts ≥ 0). */
export function wordShift(
  reference: ReadonlyMap<string, number>,
  comparison: ReadonlyMap<string, number>,
  valence: Valence,
): WordShift {
  const rated = new Map<string, number>();
  const rate = (counts: ReadonlyMap<string, number>): { total: number; weighted: number } => {
    let total = 0;
    let weighted = 0;
    for (const [w, n] of counts) {
      if (n <= 0) continue;
      let v = rated.get(w);
      if (v === undefined) {
        v = valence(w);
        if (v === undefined || !Number.isFinite(v)) continue;
        rated.set(w, v);
      }
      total += n;
      weighted += n * v;
    }
    return { total, weighted };
  };
  const r = rate(reference);
  const c = rate(comparison);
  const referenceMean = r.total > 0 ? r.weighted / r.total : null;
  const comparisonMean = c.total > 0 ? c.weighted / c.total : null;
  const kinds: Record<ShiftKind, number> = { 'pos-up': 0, 'pos-down': 0, 'neg-up': 0, 'neg-down': 0 };
  if (referenceMean === null || comparisonMean === null) {
    return {
      referenceTotal: r.total,
      comparisonTotal: c.total,
      referenceMean,
      comparisonMean,
      shift: null,
      kinds,
      words: [],
    };
  }
  const shift = comparisonMean - referenceMean;
  const words: Omit<WordContribution, 'share'>[] = [];
  for (const [word, v] of rated) {
    const referenceCount = Math.max(0, reference.get(word) ?? 0);
    const comparisonCount = Math.max(0, comparison.get(word) ?? 0);
    const dp = comparisonCount / c.total - referenceCount / r.total;
    const dv = v - referenceMean;
    const contribution = dp * dv;
    if (contribution === 0) continue;
    const kind: ShiftKind = dv > 0 ? (dp > 0 ? 'pos-up' : 'pos-down') : dp > 0 ? 'neg-up' : 'neg-down';
    kinds[kind] += contribution;
    words.push({ word, valence: v, referenceCount, comparisonCount, contribution, kind });
  }
  words.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || compareKeys(a.word, b.word));
  const scale = Math.abs(shift);
  return {
    referenceTotal: r.total,
    comparisonTotal: c.total,
    referenceMean,
    comparisonMean,
    shift,
    kinds,
    words: words.map((w) => ({ ...w, share: scale === 0 ? null : w.contribution / scale })),
  };
}
