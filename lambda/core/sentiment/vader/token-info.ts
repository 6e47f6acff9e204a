/**
 * What VADER's rules need to know about one token (lexicon valence, booster, negation, case), looked
 * up once per distinct token and memoised, plus a cheap test that tells most ordinary words apart
 * from the few thousand words the rules care about without building a string for them.
 */
import { VADER_LEXICON_TSV } from './lexicon-data';
import { isPunctuation, pythonIsUpper, pythonLower } from './python-text';
import { BOOSTERS, NEGATIONS, SPECIAL_CASES } from './rules';

function parseLexicon(tsv: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of tsv.split('\n')) {
    const tab = line.lastIndexOf('\t');
    map.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return map;
}

/** Parsed once per process: every scorer shares the same read-only table. */
export const LEXICON: ReadonlyMap<string, number> = parseLexicon(VADER_LEXICON_TSV);

/** Words the rules test by name, as small integers so that the rules compare numbers, not strings. */
export enum Word {
  Other,
  No,
  But,
  Kind,
  Of,
  Least,
  At,
  Very,
  Never,
  So,
  This,
  Without,
  Doubt,
  Or,
  Nor,
}

const WORDS: ReadonlyMap<string, Word> = new Map([
  ['no', Word.No],
  ['but', Word.But],
  ['kind', Word.Kind],
  ['of', Word.Of],
  ['least', Word.Least],
  ['at', Word.At],
  ['very', Word.Very],
  ['never', Word.Never],
  ['so', Word.So],
  ['this', Word.This],
  ['without', Word.Without],
  ['doubt', Word.Doubt],
  ['or', Word.Or],
  ['nor', Word.Nor],
]);

/** Words that occur in some multi-word special case or booster; phrases are only built around them. */
const PHRASE_WORDS: ReadonlySet<string> = new Set(
  [...SPECIAL_CASES.keys(), ...BOOSTERS.keys()].filter((k) => k.includes(' ')).flatMap((k) => k.split(' ')),
);

/** What the rules need to know about one token. */
export interface TokenInfo {
  /** The token as written. */
  readonly token: string;
  readonly lower: string;
  /** Python `isupper()` of the token. */
  readonly upper: boolean;
  /** Lexicon valence of the lower-cased token, or NaN when it is not a lexicon word. */
  readonly valence: number;
  /** Booster/dampener increment, 0 when the token is none (no booster is worth 0). */
  readonly booster: number;
  /** Negation word, or contains "n't". */
  readonly negation: boolean;
  readonly word: Word;
  /** Part of some multi-word idiom or booster. */
  readonly phrase: boolean;
}

function infoOf(token: string, upper = pythonIsUpper(token)): TokenInfo {
  const lower = pythonLower(token);
  return {
    token,
    lower,
    upper,
    valence: LEXICON.get(lower) ?? NaN,
    booster: BOOSTERS.get(lower) ?? 0,
    // The reference lower-cases again before testing; lower-casing is idempotent here.
    negation: NEGATIONS.has(lower) || lower.includes("n't"),
    word: WORDS.get(lower) ?? Word.Other,
    phrase: PHRASE_WORDS.has(lower),
  };
}

const TOKEN_CACHE = new Map<string, TokenInfo>();
/** Bound on memoised tokens; the cache is simply emptied when full (a long-running process stays flat). */
const TOKEN_CACHE_LIMIT = 50_000;

/** The memoised {@link TokenInfo} of `token` (tweets reuse few distinct tokens). */
export function tokenInfo(token: string): TokenInfo {
  let info = TOKEN_CACHE.get(token);
  if (info === undefined) {
    info = infoOf(token);
    if (TOKEN_CACHE.size >= TOKEN_CACHE_LIMIT) TOKEN_CACHE.clear();
    TOKEN_CACHE.set(token, info);
  }
  return info;
}

// Built like every other info (not frozen, not spread) so that all infos share one hidden class
// and the rules' property reads stay monomorphic.
/** Shared info of a token none of the rules or tables know (its text is never needed). */
export const PLAIN: TokenInfo = infoOf('', false);
/** {@link PLAIN}, for an all-capitals token (it counts towards the caps emphasis). */
export const PLAIN_UPPER: TokenInfo = infoOf('', true);

// Listed words: every string whose info is not plain, apart from the "n't" forms (callers test for
// an apostrophe themselves). One bit per hash of a word says "maybe listed"; a clear bit proves the
// token plain, so most words skip building a string and the memo look-up. The hash skips
// punctuation and ignores ASCII letter case, so trimming a token or its case never changes it.
const FILTER_BITS = 17;
const FILTER = new Int32Array(1 << (FILTER_BITS - 5));

/** Start value of a {@link wordHashStep} chain. */
export const WORD_HASH_SEED = 0x811c9dc5 | 0;

/** Adds one character (ASCII, not punctuation, letters lower-cased) to a word hash. */
export function wordHashStep(hash: number, lowerAscii: number): number {
  return Math.imul(hash ^ lowerAscii, 0x01000193);
}

/** Word hash of an ASCII string. */
function wordHash(word: string): number {
  let h = WORD_HASH_SEED;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!isPunctuation(c)) h = wordHashStep(h, c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
  }
  return h;
}

function filterBit(hash: number): number {
  // Final mix: the top bits of the product select the bit.
  return Math.imul(hash ^ (hash >>> 15), 0x9e3779b1) >>> (32 - FILTER_BITS);
}

for (const key of [...LEXICON.keys(), ...BOOSTERS.keys(), ...NEGATIONS, ...WORDS.keys(), ...PHRASE_WORDS]) {
  // Non-ASCII tokens never consult the filter, so only ASCII words need a bit.
  if (!/^[\x20-\x7e]*$/.test(key)) continue;
  const bit = filterBit(wordHash(key));
  FILTER[bit >>> 5] |= 1 << (bit & 31);
}

/** False when an ASCII token whose word hash is `hash` is certainly no listed word. */
export function mayBeListed(hash: number): boolean {
  const bit = filterBit(hash);
  return (FILTER[bit >>> 5] & (1 << (bit & 31))) !== 0;
}
