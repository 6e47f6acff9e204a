/**
 * Splits a text into the tokens VADER scores, as the reference does (emoji replaced by their
 * descriptions, Python `str.split()`, then punctuation trimmed unless that leaves ≤ 2 characters),
 * gives each token its {@link TokenInfo} and counts the "!" and "?".
 *
 * Speed matters here (it is most of the scorer's time), hence one pass over the characters that
 * classifies ASCII with a table: an ASCII token that cannot be a listed word (most of a tweet:
 * names, hashtags, links, stop words) gets a shared plain info without building its string, and
 * emoji descriptions are read from a table instead of being spliced into a copy of the text.
 */
import { emojiAt, MIN_EMOJI } from './emoji';
import { codePointLength, isPunctuation, isPythonSpace, pythonSplit } from './python-text';
import {
  mayBeListed,
  PLAIN,
  PLAIN_UPPER,
  tokenInfo,
  WORD_HASH_SEED,
  wordHashStep,
  type TokenInfo,
} from './token-info';

/** Character classes of ASCII code units, as bits. */
const SPACE = 1;
const PUNCTUATION = 2;
const UPPER = 4;
const LOWER = 8;
const APOSTROPHE = 16;
const NON_ASCII = 32;

const ASCII_CLASS = new Uint8Array(128);
/** ASCII code units with letters lower-cased. */
const ASCII_LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_LOWER[c] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
  if (isPythonSpace(c)) ASCII_CLASS[c] = SPACE;
  else if (isPunctuation(c)) ASCII_CLASS[c] = c === 0x27 ? PUNCTUATION | APOSTROPHE : PUNCTUATION;
  else if (c >= 0x41 && c <= 0x5a) ASCII_CLASS[c] = UPPER;
  else if (c >= 0x61 && c <= 0x7a) ASCII_CLASS[c] = LOWER;
}

/**
 * The tokens of the last text given to {@link tokenize}. One instance is reused by every call
 * (scoring is synchronous) so that a text costs no arrays; read it before the next call.
 */
export interface TokenList {
  /** Infos of the tokens, in text order; only the first `count` entries are current. */
  readonly infos: TokenInfo[];
  count: number;
  /** Tokens that are lexicon words; when 0, every sentiment is 0. */
  lexiconWords: number;
  /** Tokens for which Python's `isupper()` is true. */
  upperCase: number;
  /** "!" and "?" in the text, emoji descriptions included. */
  exclamations: number;
  questions: number;
}

const list: TokenList = { infos: [], count: 0, lexiconWords: 0, upperCase: 0, exclamations: 0, questions: 0 };

/** An emoji description as the tokenizer consumes it. */
interface Description {
  /** Infos of its words; the last one only stands alone when whitespace or another emoji follows. */
  readonly infos: readonly TokenInfo[];
  /** Its last word, which glues to the characters that follow the emoji otherwise ("a😀b": "faceb"). */
  readonly last: string;
  readonly exclamations: number;
  readonly questions: number;
}

/** Descriptions met so far (at most one per emoji of the table). */
const DESCRIPTIONS = new Map<string, Description>();

function descriptionTokens(description: string): Description {
  let tokens = DESCRIPTIONS.get(description);
  if (tokens === undefined) {
    const words = pythonSplit(description);
    tokens = {
      infos: words.map((word) => tokenInfo(stripPunctuationIfWord(word))),
      last: words[words.length - 1] as string,
      exclamations: description.split('!').length - 1,
      questions: description.split('?').length - 1,
    };
    DESCRIPTIONS.set(description, tokens);
  }
  return tokens;
}

function addToken(info: TokenInfo): void {
  list.infos[list.count++] = info;
  if (info.upper) list.upperCase++;
  if (!Number.isNaN(info.valence)) list.lexiconWords++;
}

/** Splits `text` into VADER tokens (see {@link TokenList} for the lifetime of the result). */
export function tokenize(text: string): TokenList {
  list.count = 0;
  list.lexiconWords = 0;
  list.upperCase = 0;
  const n = text.length;
  let exclamations = 0;
  let questions = 0;
  // The last word of an emoji description that the current field continues, or ''.
  let glued = '';
  let i = 0;
  while (i < n) {
    const first = text.charCodeAt(i);
    if (first < 128 ? ASCII_CLASS[first] === SPACE : isPythonSpace(first)) {
      i++;
      continue;
    }
    const start = i;
    let classes = 0;
    let hash = WORD_HASH_SEED;
    let emoji: string | undefined;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const cls = ASCII_CLASS[c] as number;
        if (cls === SPACE) break;
        classes |= cls;
        if ((cls & PUNCTUATION) === 0) hash = wordHashStep(hash, ASCII_LOWER[c] as number);
        else if (c === 0x21) exclamations++;
        else if (c === 0x3f) questions++;
      } else {
        if (isPythonSpace(c)) break;
        if (c >= MIN_EMOJI && (emoji = emojiAt(text, i)) !== undefined) break;
        classes |= NON_ASCII;
      }
    }
    if (glued !== '') {
      addToken(otherToken(glued + text.slice(start, i)));
      glued = '';
    } else if (i > start) {
      addToken(
        (classes & NON_ASCII) === 0
          ? asciiToken(text, start, i, classes, hash)
          : otherToken(text.slice(start, i)),
      );
    }
    if (emoji === undefined) continue;

    // The reference splices the description in with a space before it (unless one is there
    // already) and none after, so it always starts a new field and its last word runs on into
    // whatever follows the emoji up to the next whitespace or emoji.
    const description = descriptionTokens(emoji);
    exclamations += description.exclamations;
    questions += description.questions;
    const words = description.infos.length;
    for (let w = 0; w < words - 1; w++) addToken(description.infos[w] as TokenInfo);
    i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
    if (i < n && !isPythonSpace(text.charCodeAt(i)) && emojiAt(text, i) === undefined)
      glued = description.last;
    else addToken(description.infos[words - 1] as TokenInfo);
  }
  list.exclamations = exclamations;
  list.questions = questions;
  return list;
}

/** Info of the ASCII field `text[start, end)`, whose character classes are `classes`. */
function asciiToken(text: string, start: number, end: number, classes: number, hash: number): TokenInfo {
  // An apostrophe may make a negation ("n't"), which the filter does not cover.
  if ((classes & APOSTROPHE) === 0 && !mayBeListed(hash)) {
    // Punctuation and digits are uncased, so the whole field decides isupper() for the trimmed token.
    return (classes & (UPPER | LOWER)) === UPPER ? PLAIN_UPPER : PLAIN;
  }
  let s = start;
  let e = end;
  if ((classes & PUNCTUATION) !== 0) {
    while (s < e && (ASCII_CLASS[text.charCodeAt(s)] as number) & PUNCTUATION) s++;
    while (e > s && (ASCII_CLASS[text.charCodeAt(e - 1)] as number) & PUNCTUATION) e--;
    // As stripPunctuationIfWord: an ASCII span's length is its length in code points.
    if (e - s <= 2) {
      s = start;
      e = end;
    }
  }
  return tokenInfo(text.slice(s, e));
}

/** Info of any field: the general (slower) path. */
function otherToken(field: string): TokenInfo {
  return tokenInfo(stripPunctuationIfWord(field));
}

/** `field` as the reference's `_strip_punc_if_word` leaves it. */
export function stripPunctuationIfWord(field: string): string {
  let s = 0;
  let e = field.length;
  while (s < e && isPunctuation(field.charCodeAt(s))) s++;
  while (e > s && isPunctuation(field.charCodeAt(e - 1))) e--;
  // Trimming that leaves two characters or fewer was probably an emoticon: keep the token whole.
  return (s === 0 && e === field.length) || codePointLength(field, s, e) <= 2 ? field : field.slice(s, e);
}
