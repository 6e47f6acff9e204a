/** Hashtags and mentions: from X's entity arrays when a payload has them, else found in the text. */

import { arrayOf, isObject } from './json-value';

/**
 * Lower-cased values of `key` in an X entity array (`entities.hashtags[].tag`, `…mentions[].username`),
 * in the order given, skipping malformed entries and stripping a stray leading `#`/`@`.
 */
export function entityValues(list: unknown, key: string): string[] {
  const items = arrayOf(list);
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) continue;
    const value = item[key];
    if (typeof value !== 'string' || value.length === 0) continue;
    const c = value.charCodeAt(0);
    const bare = c === 35 || c === 64 ? value.slice(1) : value; // '#' or '@'
    if (bare.length > 0) out.push(bare.toLowerCase());
  }
  return out;
}

// Close to twitter-text's rules without its full tables: a hashtag is `#` after a non-word character
// (nor `/`, as in a URL's "/#anchor"), then letters/marks/digits/underscores with at least one non-digit;
// a mention is `@` after a character that cannot end an e-mail local part or a URL path segment, then
// 1–15 of [A-Za-z0-9_] not followed by another handle character.
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&/])[#＃]([\p{L}\p{M}\p{N}_]+)/gu;
const ALL_DIGITS = /^\p{N}+$/u;
const MENTION = /(?<![A-Za-z0-9_!@＠#$%&*/])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@＠])/g;

/** Hashtags in `text`, lower-cased without `#`, in order of appearance (for sources without entities). */
export function hashtagsInText(text: string): string[] {
  const out: string[] = [];
  if (text.indexOf('#') === -1 && text.indexOf('＃') === -1) return out;
  HASHTAG.lastIndex = 0;
  for (let m = HASHTAG.exec(text); m !== null; m = HASHTAG.exec(text)) {
    const tag = m[1] as string;
    if (!ALL_DIGITS.test(tag)) out.push(tag.toLowerCase());
  }
  return out;
}

/** Mentioned handles in `text`, lower-cased without `@`, in order of appearance. */
export function mentionsInText(text: string): string[] {
  const out: string[] = [];
  if (text.indexOf('@') === -1 && text.indexOf('＠') === -1) return out;
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(text); m !== null; m = MENTION.exec(text))
    out.push((m[1] as string).toLowerCase());
  return out;
}

/**
 * Splits an export's hashtag or mention cell ("GOPDebate Trump", "#a, #b", "@x @y", "['#a', '#b']")
 * into bare, lower-cased values.
 */
export function splitListCell(cell: string): string[] {
  const out: string[] = [];
  const n = cell.length;
  let i = 0;
  while (i < n) {
    while (i < n && isListSeparator(cell.charCodeAt(i))) i++;
    const start = i;
    while (i < n && !isListSeparator(cell.charCodeAt(i))) i++;
    if (i > start) {
      let value = cell.slice(start, i);
      const c = value.charCodeAt(0);
      if (c === 35 || c === 64) value = value.slice(1);
      if (value.length > 0) out.push(value.toLowerCase());
    }
  }
  return out;
}

/** Blanks, `,`, `;`, `|`, and the brackets and quotes of list-literal cells. */
function isListSeparator(c: number): boolean {
  return (
    c === 32 ||
    c === 44 ||
    c === 59 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 124 ||
    c === 91 ||
    c === 93 ||
    c === 39 ||
    c === 34
  );
}
