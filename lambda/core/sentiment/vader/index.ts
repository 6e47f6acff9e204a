/**
 * VADER sentiment scorer, giving the same compound/pos/neu/neg as vaderSentiment 3.3.2's
 * `SentimentIntensityAnalyzer.polarity_scores` (including its quirks, which are kept on purpose:
 * the goal is parity with published numbers, not a better VADER).
 */
import type { Polarity, Scorer, TokenContribution, VaderResult } from '../scorer';
import { pythonRound } from './python-text';
import {
  BOOSTERS,
  CAPS_INCREMENT,
  EXCLAMATION_INCREMENT,
  MAX_EXCLAMATIONS,
  NEGATION_SCALAR,
  NORMALISE_ALPHA,
  QUESTION_CAP,
  QUESTION_INCREMENT,
  SPECIAL_CASES,
} from './rules';
import { LEXICON, Word, type TokenInfo } from './token-info';
import { tokenize } from './tokens';

/** The reference only treats "least" as a negator when it is not itself a lexicon word. */
const LEAST_IS_LEXICON_WORD = LEXICON.has('least');

/** Value of the phrase `a b` in `table`; only looked up when both are phrase words. */
function phrase2(table: ReadonlyMap<string, number>, a: TokenInfo, b: TokenInfo): number | undefined {
  return a.phrase && b.phrase ? table.get(`${a.lower} ${b.lower}`) : undefined;
}

function phrase3(
  table: ReadonlyMap<string, number>,
  a: TokenInfo,
  b: TokenInfo,
  c: TokenInfo,
): number | undefined {
  return a.phrase && b.phrase && c.phrase ? table.get(`${a.lower} ${b.lower} ${c.lower}`) : undefined;
}

/** Booster/dampener effect of `info` on a sentiment word whose valence is currently `valence`. */
function boosterEffect(info: TokenInfo, valence: number, capsDiffer: boolean): number {
  if (info.booster === 0) return 0.0;
  let scalar = valence < 0 ? -info.booster : info.booster;
  if (capsDiffer && info.upper) {
    scalar = valence > 0 ? scalar + CAPS_INCREMENT : scalar - CAPS_INCREMENT;
  }
  return scalar;
}

/** Negation by the word `distance + 1` places back, with the "never so/this" and "without doubt" exceptions. */
function applyNegation(infos: readonly TokenInfo[], distance: number, i: number, valence: number): number {
  const back1 = infos[i - 1] as TokenInfo;
  if (distance === 0) return back1.negation ? valence * NEGATION_SCALAR : valence;
  const back2 = infos[i - 2] as TokenInfo;
  const soOrThis1 = back1.word === Word.So || back1.word === Word.This;
  if (distance === 1) {
    if (back2.word === Word.Never && soOrThis1) return valence * 1.25;
    if (back2.word === Word.Without && back1.word === Word.Doubt) return valence;
    return back2.negation ? valence * NEGATION_SCALAR : valence;
  }
  const back3 = infos[i - 3] as TokenInfo;
  const soOrThis2 = back2.word === Word.So || back2.word === Word.This;
  // Upstream's operator precedence: a "so"/"this" just before the word counts as "never so" on its own.
  if ((back3.word === Word.Never && soOrThis2) || soOrThis1) return valence * 1.25;
  if (back3.word === Word.Without && (back2.word === Word.Doubt || back1.word === Word.Doubt)) return valence;
  return back3.negation ? valence * NEGATION_SCALAR : valence;
}

/** Special-case idioms around word i (only reached when i > 2), then multi-word dampeners before it. */
function applyIdioms(infos: readonly TokenInfo[], n: number, i: number, valence: number): number {
  const w0 = infos[i] as TokenInfo;
  const w1 = infos[i - 1] as TokenInfo;
  const w2 = infos[i - 2] as TokenInfo;
  const w3 = infos[i - 3] as TokenInfo;
  const before =
    phrase2(SPECIAL_CASES, w1, w0) ??
    phrase3(SPECIAL_CASES, w2, w1, w0) ??
    phrase2(SPECIAL_CASES, w2, w1) ??
    phrase3(SPECIAL_CASES, w3, w2, w1) ??
    phrase2(SPECIAL_CASES, w3, w2);
  let v = before ?? valence;
  if (n - 1 > i) {
    const after = phrase2(SPECIAL_CASES, w0, infos[i + 1] as TokenInfo);
    if (after !== undefined) v = after;
  }
  if (n - 1 > i + 1) {
    const after = phrase3(SPECIAL_CASES, w0, infos[i + 1] as TokenInfo, infos[i + 2] as TokenInfo);
    if (after !== undefined) v = after;
  }
  v += phrase3(BOOSTERS, w3, w2, w1) ?? 0;
  v += phrase2(BOOSTERS, w3, w2) ?? 0;
  v += phrase2(BOOSTERS, w2, w1) ?? 0;
  return v;
}

/** "least" before a word negates it, except in "at least" / "very least". */
function applyLeast(infos: readonly TokenInfo[], i: number, valence: number): number {
  if (i > 0 && (infos[i - 1] as TokenInfo).word === Word.Least && !LEAST_IS_LEXICON_WORD) {
    if (i === 1) return valence * NEGATION_SCALAR;
    const back2 = (infos[i - 2] as TokenInfo).word;
    return back2 !== Word.At && back2 !== Word.Very ? valence * NEGATION_SCALAR : valence;
  }
  return valence;
}

/** Valence of the lexicon word at i after "no", caps, boosters, negation, idioms and "least". */
function wordValence(infos: readonly TokenInfo[], n: number, i: number, capsDiffer: boolean): number {
  const info = infos[i] as TokenInfo;
  const base = info.valence;
  let valence = base;
  // "no" before another lexicon word acts as a negation rather than as a negative word.
  if (info.word === Word.No && i !== n - 1 && !Number.isNaN((infos[i + 1] as TokenInfo).valence))
    valence = 0.0;
  const back1 = i > 0 ? (infos[i - 1] as TokenInfo).word : Word.Other;
  if (
    back1 === Word.No ||
    (i > 1 && (infos[i - 2] as TokenInfo).word === Word.No) ||
    (i > 2 && (infos[i - 3] as TokenInfo).word === Word.No && (back1 === Word.Or || back1 === Word.Nor))
  ) {
    valence = base * NEGATION_SCALAR;
  }
  if (capsDiffer && info.upper) {
    valence = valence > 0 ? valence + CAPS_INCREMENT : valence - CAPS_INCREMENT;
  }
  for (let distance = 0; distance < 3; distance++) {
    const j = i - (distance + 1);
    if (j < 0 || !Number.isNaN((infos[j] as TokenInfo).valence)) continue;
    let scalar = boosterEffect(infos[j] as TokenInfo, valence, capsDiffer);
    if (distance === 1 && scalar !== 0) scalar = scalar * 0.95;
    if (distance === 2 && scalar !== 0) scalar = scalar * 0.9;
    valence = valence + scalar;
    valence = applyNegation(infos, distance, i, valence);
    if (distance === 2) valence = applyIdioms(infos, n, i, valence);
  }
  return applyLeast(infos, i, valence);
}

/**
 * The "but" rule exactly as upstream runs it: for each position, the *first* entry equal to that
 * position's current value is scaled (×0.5 before the first "but", ×1.5 after it). Equal values
 * therefore share one slot, which is the upstream quirk being reproduced.
 */
function applyBut(sentiments: number[], n: number, bi: number): void {
  for (let k = 0; k < n; k++) {
    const value = sentiments[k] as number;
    if (value === 0) continue; // scaling a zero leaves the list unchanged
    const si = sentiments.indexOf(value); // the first match is at or before k, so within the text
    if (si < bi) sentiments[si] = value * 0.5;
    else if (si > bi) sentiments[si] = value * 1.5;
  }
}

/** Emphasis from "!" (up to four) and from two or more "?". */
function punctuationEmphasis(exclamations: number, questions: number): number {
  const ep = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_INCREMENT;
  const qm = questions > 1 ? (questions <= 3 ? questions * QUESTION_INCREMENT : QUESTION_CAP) : 0;
  return ep + qm;
}

function polarityOf(compound: number): Polarity {
  if (compound >= 0.05) return 1;
  if (compound <= -0.05) return -1;
  return 0;
}

const NO_TOKENS: readonly TokenContribution[] = Object.freeze([]);

/** Result for a text without tokens. */
const EMPTY: VaderResult = Object.freeze({
  score: 0,
  polarity: 0,
  tokens: NO_TOKENS,
  compound: 0,
  pos: 0,
  neu: 0,
  neg: 0,
});

/** Result for a text with tokens but no lexicon word: every sentiment is 0, so all tokens are neutral. */
const NEUTRAL: VaderResult = Object.freeze({ ...EMPTY, neu: 1 });

/** Sentiment per token, reused by every call (scoring is synchronous) so that a text costs no array. */
const sentiments: number[] = [];

/** Scores one text; see {@link createVaderScorer}. */
export function scoreVader(input: string): VaderResult {
  const { infos, count: n, lexiconWords, upperCase, exclamations, questions } = tokenize(input);
  if (n === 0) return EMPTY;
  if (lexiconWords === 0) return NEUTRAL;
  const capsDiffer = upperCase > 0 && upperCase < n;

  let bi = -1;
  let contributing = 0;
  for (let i = 0; i < n; i++) {
    const info = infos[i] as TokenInfo;
    if (info.word === Word.But && bi < 0) bi = i;
    const isModifier =
      info.booster !== 0 ||
      (info.word === Word.Kind && i < n - 1 && (infos[i + 1] as TokenInfo).word === Word.Of);
    const sentiment = isModifier || Number.isNaN(info.valence) ? 0 : wordValence(infos, n, i, capsDiffer);
    sentiments[i] = sentiment;
    if (sentiment !== 0) contributing++;
  }
  // Halving or scaling by 1.5 keeps every non-zero sentiment non-zero.
  if (bi >= 0) applyBut(sentiments, n, bi);

  const emphasis = punctuationEmphasis(exclamations, questions);
  let sum = 0;
  let posSum = 0;
  let negSum = 0;
  let neutral = 0;
  const tokens = new Array<TokenContribution>(contributing);
  for (let i = 0, t = 0; i < n; i++) {
    const s = sentiments[i] as number;
    sum += s;
    if (s === 0) {
      neutral++;
      continue;
    }
    tokens[t++] = { token: (infos[i] as TokenInfo).token, value: s };
    if (s > 0)
      posSum += s + 1; // +1 / -1 weigh a sentiment word against neutral words counted as 1
    else negSum += s - 1;
  }
  if (sum > 0) sum += emphasis;
  else if (sum < 0) sum -= emphasis;
  const normalised = sum / Math.sqrt(sum * sum + NORMALISE_ALPHA);
  const compoundRaw = normalised < -1 ? -1 : normalised > 1 ? 1 : normalised;

  if (posSum > Math.abs(negSum)) posSum += emphasis;
  else if (posSum < Math.abs(negSum)) negSum -= emphasis;
  const total = posSum + Math.abs(negSum) + neutral;

  const compound = pythonRound(compoundRaw, 4);
  return {
    score: compound,
    polarity: polarityOf(compound),
    tokens,
    compound,
    pos: pythonRound(Math.abs(posSum / total), 3),
    neu: pythonRound(Math.abs(neutral / total), 3),
    neg: pythonRound(Math.abs(negSum / total), 3),
  };
}

/** Creates the VADER scorer (results depend on the text alone; lexicons are parsed once per process). */
export function createVaderScorer(): Scorer<VaderResult> {
  return { name: 'vader', score: scoreVader };
}
