/**
 * VADER sentiment scorer, giving the same compound/pos/neu/neg as vaderSentiment 3.3.2's
 * `SentimentIntensityAnalyzer.polarity_scores` (including its quirks, which are kept on purpose:
 * the goal is parity with published numbers, not a better VADER).
 */
import type { Polarity, Scorer, TokenContribution, VaderResult } from '../scorer';
import { VADER_EMOJI_TSV } from './emoji-data';
import { VADER_LEXICON_TSV } from './lexicon-data';
import {
  codePointLength,
  isPunctuation,
  pythonIsUpper,
  pythonLower,
  pythonRound,
  pythonSplit,
} from './python-text';
import {
  BOOSTERS,
  CAPS_INCREMENT,
  EXCLAMATION_INCREMENT,
  MAX_EXCLAMATIONS,
  NEGATIONS,
  NEGATION_SCALAR,
  NORMALISE_ALPHA,
  QUESTION_CAP,
  QUESTION_INCREMENT,
  SPECIAL_CASES,
} from './rules';

function parseLexicon(tsv: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of tsv.split('\n')) {
    const tab = line.lastIndexOf('\t');
    map.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return map;
}

function parseEmoji(tsv: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const line of tsv.split('\n')) {
    const tab = line.indexOf('\t');
    map.set(line.codePointAt(0) as number, line.slice(tab + 1));
  }
  return map;
}

/** Parsed once per process: every scorer shares the same read-only tables. */
const LEXICON = parseLexicon(VADER_LEXICON_TSV);
const EMOJI = parseEmoji(VADER_EMOJI_TSV);
const MIN_EMOJI = Math.min(...EMOJI.keys());

/** Words that occur in some multi-word special case or booster; phrases are only built around them. */
const PHRASE_WORDS: ReadonlySet<string> = new Set(
  [...SPECIAL_CASES.keys(), ...BOOSTERS.keys()].filter((k) => k.includes(' ')).flatMap((k) => k.split(' ')),
);

/**
 * The reference replaces each emoji code point by its description, inserting a space before it
 * unless the previous character was a plain space (and none after: "a😀b" becomes "a grinning faceb").
 */
function replaceEmoji(text: string): string {
  let out: string[] | undefined;
  let segmentStart = 0;
  let previousIsSpace = true; // as upstream: true before the first character
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < MIN_EMOJI) continue;
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const description = EMOJI.get(cp);
    if (description !== undefined) {
      if (i > segmentStart) previousIsSpace = text.charCodeAt(i - 1) === 0x20;
      out ??= [];
      out.push(text.slice(segmentStart, i));
      if (!previousIsSpace) out.push(' ');
      out.push(description);
      previousIsSpace = false; // the description itself never ends in a space
      segmentStart = i + width;
    }
    if (width === 2) i++;
  }
  if (out === undefined) return text;
  out.push(text.slice(segmentStart));
  return out.join('');
}

/** Counts of "!" and "?" seen by the last {@link tokenize} call (scratch state, reset per call). */
const punctuationCounts = { exclamations: 0, questions: 0 };

/** `field` as the reference's `_strip_punc_if_word` would leave it. */
function stripPunctuationIfWord(field: string): string {
  const end = field.length;
  let s = 0;
  let e = end;
  while (s < e && isPunctuation(field.charCodeAt(s))) s++;
  while (e > s && isPunctuation(field.charCodeAt(e - 1))) e--;
  // Trimming that leaves two characters or fewer was probably an emoticon: keep the token whole.
  return (s === 0 && e === end) || codePointLength(field, s, e) <= 2 ? field : field.slice(s, e);
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * Tokens as the reference sees them (Python `str.split()`, then punctuation trimmed unless that
 * leaves ≤ 2 characters), and the counts of "!" and "?". The engine's own `split` and `indexOf`
 * do the scanning, which is faster than a character loop in script.
 */
function tokenize(text: string): string[] {
  const tokens = pythonSplit(text);
  for (let i = 0; i < tokens.length; i++) tokens[i] = stripPunctuationIfWord(tokens[i] as string);
  punctuationCounts.exclamations = count(text, '!');
  punctuationCounts.questions = count(text, '?');
  return tokens;
}

function isNegation(lower: string): boolean {
  // The reference lower-cases again before testing; lower-casing is idempotent here.
  return NEGATIONS.has(lower) || lower.includes("n't");
}

function phrase2(a: string, b: string): number | undefined {
  return PHRASE_WORDS.has(a) && PHRASE_WORDS.has(b) ? SPECIAL_CASES.get(`${a} ${b}`) : undefined;
}

function phrase3(a: string, b: string, c: string): number | undefined {
  return PHRASE_WORDS.has(a) && PHRASE_WORDS.has(b) && PHRASE_WORDS.has(c)
    ? SPECIAL_CASES.get(`${a} ${b} ${c}`)
    : undefined;
}

function booster2(a: string, b: string): number | undefined {
  return PHRASE_WORDS.has(a) && PHRASE_WORDS.has(b) ? BOOSTERS.get(`${a} ${b}`) : undefined;
}

function booster3(a: string, b: string, c: string): number | undefined {
  return PHRASE_WORDS.has(a) && PHRASE_WORDS.has(b) && PHRASE_WORDS.has(c)
    ? BOOSTERS.get(`${a} ${b} ${c}`)
    : undefined;
}

/** What the rules need to know about one token; memoised because tweets reuse few distinct tokens. */
interface TokenInfo {
  /** The token as written. */
  readonly token: string;
  readonly lower: string;
  readonly upper: boolean;
  /** Lexicon valence of the lower-cased token, or NaN when it is not a lexicon word. */
  readonly valence: number;
  readonly booster: boolean;
  /** Negation word, or contains "n't". */
  readonly negation: boolean;
}

const TOKEN_CACHE = new Map<string, TokenInfo>();
/** Bound on memoised tokens; the cache is simply emptied when full (a long-running process stays flat). */
const TOKEN_CACHE_LIMIT = 50_000;

function tokenInfo(token: string): TokenInfo {
  let info = TOKEN_CACHE.get(token);
  if (info === undefined) {
    const lower = pythonLower(token);
    info = {
      token,
      lower,
      upper: pythonIsUpper(token),
      valence: LEXICON.get(lower) ?? NaN,
      booster: BOOSTERS.has(lower),
      negation: isNegation(lower),
    };
    if (TOKEN_CACHE.size >= TOKEN_CACHE_LIMIT) TOKEN_CACHE.clear();
    TOKEN_CACHE.set(token, info);
  }
  return info;
}

/** Per-text state shared by the rules, so they need no extra arguments. */
interface Context {
  readonly infos: readonly TokenInfo[];
  readonly lowers: readonly string[];
  readonly capsDiffer: boolean;
}

/** Booster/dampener effect of `words[j]` on a sentiment word whose valence is currently `valence`. */
function boosterEffect(ctx: Context, j: number, valence: number): number {
  const info = ctx.infos[j] as TokenInfo;
  if (!info.booster) return 0.0;
  const base = BOOSTERS.get(info.lower) as number;
  let scalar = valence < 0 ? -base : base;
  if (ctx.capsDiffer && info.upper) {
    scalar = valence > 0 ? scalar + CAPS_INCREMENT : scalar - CAPS_INCREMENT;
  }
  return scalar;
}

/** Negation by the word `distance + 1` places back, with the "never so/this" and "without doubt" exceptions. */
function applyNegation(ctx: Context, distance: number, i: number, valence: number): number {
  const { lowers, infos } = ctx;
  const negates = (j: number): boolean => (infos[j] as TokenInfo).negation;
  const back1 = lowers[i - 1] as string;
  if (distance === 0) return negates(i - 1) ? valence * NEGATION_SCALAR : valence;
  const back2 = lowers[i - 2] as string;
  if (distance === 1) {
    if (back2 === 'never' && (back1 === 'so' || back1 === 'this')) return valence * 1.25;
    if (back2 === 'without' && back1 === 'doubt') return valence;
    return negates(i - 2) ? valence * NEGATION_SCALAR : valence;
  }
  const back3 = lowers[i - 3] as string;
  // Upstream's operator precedence: a "so"/"this" just before the word counts as "never so" on its own.
  if ((back3 === 'never' && (back2 === 'so' || back2 === 'this')) || back1 === 'so' || back1 === 'this') {
    return valence * 1.25;
  }
  if (back3 === 'without' && (back2 === 'doubt' || back1 === 'doubt')) return valence;
  return negates(i - 3) ? valence * NEGATION_SCALAR : valence;
}

/** Special-case idioms around word i (only reached when i > 2), then multi-word dampeners before it. */
function applyIdioms(lowers: readonly string[], i: number, valence: number): number {
  const w0 = lowers[i] as string;
  const w1 = lowers[i - 1] as string;
  const w2 = lowers[i - 2] as string;
  const w3 = lowers[i - 3] as string;
  const before =
    phrase2(w1, w0) ?? phrase3(w2, w1, w0) ?? phrase2(w2, w1) ?? phrase3(w3, w2, w1) ?? phrase2(w3, w2);
  let v = before ?? valence;
  const n = lowers.length;
  if (n - 1 > i) {
    const after = phrase2(w0, lowers[i + 1] as string);
    if (after !== undefined) v = after;
  }
  if (n - 1 > i + 1) {
    const after = phrase3(w0, lowers[i + 1] as string, lowers[i + 2] as string);
    if (after !== undefined) v = after;
  }
  v += booster3(w3, w2, w1) ?? 0;
  v += booster2(w3, w2) ?? 0;
  v += booster2(w2, w1) ?? 0;
  return v;
}

/** "least" before a word negates it, except in "at least" / "very least". */
function applyLeast(lowers: readonly string[], i: number, valence: number): number {
  if (i > 0 && lowers[i - 1] === 'least' && !LEXICON.has('least')) {
    if (i === 1) return valence * NEGATION_SCALAR;
    const back2 = lowers[i - 2];
    return back2 !== 'at' && back2 !== 'very' ? valence * NEGATION_SCALAR : valence;
  }
  return valence;
}

/** Valence of the sentiment word at i after "no", caps, boosters, negation, idioms and "least". */
function wordValence(ctx: Context, i: number): number {
  const { infos, lowers } = ctx;
  const info = infos[i] as TokenInfo;
  const base = info.valence;
  if (Number.isNaN(base)) return 0;
  const n = infos.length;
  let valence = base;
  // "no" before another lexicon word acts as a negation rather than as a negative word.
  if (info.lower === 'no' && i !== n - 1 && !Number.isNaN((infos[i + 1] as TokenInfo).valence)) valence = 0.0;
  if (
    (i > 0 && lowers[i - 1] === 'no') ||
    (i > 1 && lowers[i - 2] === 'no') ||
    (i > 2 && lowers[i - 3] === 'no' && (lowers[i - 1] === 'or' || lowers[i - 1] === 'nor'))
  ) {
    valence = base * NEGATION_SCALAR;
  }
  if (ctx.capsDiffer && info.upper) {
    valence = valence > 0 ? valence + CAPS_INCREMENT : valence - CAPS_INCREMENT;
  }
  for (let distance = 0; distance < 3; distance++) {
    const j = i - (distance + 1);
    if (j < 0 || !Number.isNaN((infos[j] as TokenInfo).valence)) continue;
    let scalar = boosterEffect(ctx, j, valence);
    if (distance === 1 && scalar !== 0) scalar = scalar * 0.95;
    if (distance === 2 && scalar !== 0) scalar = scalar * 0.9;
    valence = valence + scalar;
    valence = applyNegation(ctx, distance, i, valence);
    if (distance === 2) valence = applyIdioms(lowers, i, valence);
  }
  return applyLeast(lowers, i, valence);
}

/**
 * The "but" rule exactly as upstream runs it: for each position, the *first* entry equal to that
 * position's current value is scaled (×0.5 before the first "but", ×1.5 after it). Equal values
 * therefore share one slot, which is the upstream quirk being reproduced.
 */
function applyBut(sentiments: number[], bi: number): void {
  for (let k = 0; k < sentiments.length; k++) {
    const value = sentiments[k] as number;
    if (value === 0) continue; // scaling a zero leaves the list unchanged
    const si = sentiments.indexOf(value);
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

const EMPTY: VaderResult = Object.freeze({
  score: 0,
  polarity: 0,
  tokens: Object.freeze([]),
  compound: 0,
  pos: 0,
  neu: 0,
  neg: 0,
});

/** Scores one text; see {@link createVaderScorer}. */
export function scoreVader(input: string): VaderResult {
  const text = replaceEmoji(input);
  // The token array becomes the array of lower-cased tokens; each info keeps the token as written.
  const lowers = tokenize(text);
  const n = lowers.length;
  if (n === 0) return EMPTY;

  const infos = new Array<TokenInfo>(n);
  let upperCount = 0;
  for (let i = 0; i < n; i++) {
    const info = tokenInfo(lowers[i] as string);
    infos[i] = info;
    lowers[i] = info.lower;
    if (info.upper) upperCount++;
  }
  const ctx: Context = { infos, lowers, capsDiffer: upperCount > 0 && upperCount < n };

  const sentiments = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const info = infos[i] as TokenInfo;
    const isModifier = info.booster || (info.lower === 'kind' && i < n - 1 && lowers[i + 1] === 'of');
    sentiments[i] = isModifier ? 0 : wordValence(ctx, i);
  }
  const bi = lowers.indexOf('but');
  if (bi >= 0) applyBut(sentiments, bi);

  const emphasis = punctuationEmphasis(punctuationCounts.exclamations, punctuationCounts.questions);
  let sum = 0;
  let posSum = 0;
  let negSum = 0;
  let neutral = 0;
  for (let i = 0; i < n; i++) {
    const s = sentiments[i] as number;
    sum += s;
    if (s > 0)
      posSum += s + 1; // +1 / -1 weigh a sentiment word against neutral words counted as 1
    else if (s < 0) negSum += s - 1;
    else neutral++;
  }
  if (sum > 0) sum += emphasis;
  else if (sum < 0) sum -= emphasis;
  const normalised = sum / Math.sqrt(sum * sum + NORMALISE_ALPHA);
  const compoundRaw = normalised < -1 ? -1 : normalised > 1 ? 1 : normalised;

  if (posSum > Math.abs(negSum)) posSum += emphasis;
  else if (posSum < Math.abs(negSum)) negSum -= emphasis;
  const total = posSum + Math.abs(negSum) + neutral;

  const compound = pythonRound(compoundRaw, 4);
  const tokens: TokenContribution[] = [];
  for (let i = 0; i < n; i++) {
    const value = sentiments[i] as number;
    if (value !== 0) tokens.push({ token: (infos[i] as TokenInfo).token, value });
  }
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

/** Creates the VADER scorer (stateless; the lexicons are parsed once per process). */
export function createVaderScorer(): Scorer<VaderResult> {
  return { name: 'vader', score: scoreVader };
}
