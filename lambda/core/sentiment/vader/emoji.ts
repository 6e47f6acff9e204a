/**
 * VADER's emoji handling: each emoji code point is replaced by its English description before
 * the text is split into words. The tokenizer does this on the fly; {@link replaceEmoji} is the
 * reference's transformation itself, against which the tokenizer is tested.
 */
import { VADER_EMOJI_TSV } from './emoji-data';

function parseEmoji(tsv: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const line of tsv.split('\n')) {
    const tab = line.indexOf('\t');
    map.set(line.codePointAt(0) as number, line.slice(tab + 1));
  }
  return map;
}

/** Parsed once per process: every scorer shares the same read-only table. */
const EMOJI = parseEmoji(VADER_EMOJI_TSV);
/** Smallest emoji code point (©); every code unit below it is certainly no emoji. */
export const MIN_EMOJI = Math.min(...EMOJI.keys());

/** Description of the emoji code point at `text[i]` (a surrogate pair is one code point), if it is one. */
export function emojiAt(text: string, i: number): string | undefined {
  return EMOJI.get(text.codePointAt(i) as number);
}

/**
 * The reference replaces each emoji code point by its description, inserting a space before it
 * unless the previous character was a plain space (and none after: "a😀b" becomes "a grinning faceb").
 */
export function replaceEmoji(text: string): string {
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
