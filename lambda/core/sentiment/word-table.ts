/**
 * An open-addressing hash table over lower-cased words that is probed straight from a span of the
 * input text: the scanner hashes characters as it reads them, so a word that is not in the lexicon
 * (most of them) costs no substring, no lower-casing and no Map lookup.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class WordTable {
  private readonly words: string[] = [];
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>) {
    const list = [...new Set(words)];
    let size = 16;
    while (size < list.length * 3) size <<= 1;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (const w of list) this.insert(w);
  }

  /** Entry index of `word` (already lower-case), or -1. */
  indexOf(word: string): number {
    let h = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) h = step(h, word.charCodeAt(i));
    return this.find(h, word, 0, word.length);
  }

  /**
   * Entry index of the lower-cased text[start, end) whose FNV-1a hash (over lower-cased code units,
   * see {@link step}) is `hash`, or -1. Only ASCII upper case is folded here; callers send spans with
   * other cased letters through {@link indexOf} after `toLowerCase()`.
   */
  find(hash: number, text: string, start: number, end: number): number {
    const len = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const idx = this.slots[slot];
      if (idx < 0) return -1;
      const w = this.words[idx];
      if (w.length !== len) continue;
      let same = true;
      for (let i = 0; i < len; i++) {
        if (w.charCodeAt(i) !== lower(text.charCodeAt(start + i))) {
          same = false;
          break;
        }
      }
      if (same) return idx;
    }
  }

  word(index: number): string {
    return this.words[index];
  }

  get size(): number {
    return this.words.length;
  }

  private insert(word: string): void {
    let h = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) h = step(h, word.charCodeAt(i));
    let slot = h & this.mask;
    while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = this.words.length;
    this.words.push(word);
  }
}

export { FNV_OFFSET as HASH_SEED };

/** One FNV-1a step over a code unit that the caller has already lower-cased. */
export function step(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

/** ASCII lower case, and the typographic apostrophe as `'`, so "DON’T" finds "don't". */
export function lower(code: number): number {
  if (code >= 65 && code <= 90) return code | 32;
  if (code === 0x2019) return 39;
  return code;
}
