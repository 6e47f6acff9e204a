/**
 * What a post's text contains, found the way X's own entity extraction finds it: hashtags, @mentions
 * and links, with offsets counted in Unicode code points (both API versions count that way, so an
 * emoji before a hashtag shifts it by one, not two). Also which filtered-stream rules a text matches.
 */
import type { DebateConfig } from '../debate-config';
import { DEBATE_RULE_TAG } from '../stream-rules';
import { codePointLength } from '../normalise/checks';

export { codePointLength };

export interface TextEntity {
  /** Code-point offset of the first character (`#`, `@` or the link's `h`). */
  readonly start: number;
  /** Code-point offset just past the last character. */
  readonly end: number;
  /** Hashtag without `#`, handle without `@`, or the link itself, as written. */
  readonly value: string;
}

export interface TextEntities {
  readonly hashtags: readonly TextEntity[];
  readonly mentions: readonly TextEntity[];
  readonly urls: readonly TextEntity[];
}

// A hashtag needs at least one letter and must not follow a word character (so "a#b" is no tag).
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&#@＃＠])[#＃]([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)/gu;
// Handles are 1-15 ASCII word characters; an e-mail address is not a mention.
const MENTION = /(?<![A-Za-z0-9_!#$%&*@＠])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@＠])/g;
const URL = /https?:\/\/[^\s]+/g;

/** The first `count` code points of a text (never splits a surrogate pair). */
export function sliceCodePoints(text: string, count: number): string {
  let units = 0;
  for (let n = 0; n < count && units < text.length; n++) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
  }
  return text.slice(0, units);
}

/** Hashtags, mentions and links of a text with code-point offsets, each list in text order. */
export function extractEntities(text: string): TextEntities {
  const toCp = codePointCounter(text);
  const scan = (re: RegExp, group: number): TextEntity[] => {
    const found: { index: number; length: number; value: string }[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      found.push({ index: m.index, length: m[0].length, value: m[group] });
    }
    return found.map((f) => ({ start: toCp(f.index), end: toCp(f.index + f.length), value: f.value }));
  };
  return { hashtags: scan(HASHTAG, 1), mentions: scan(MENTION, 1), urls: scan(URL, 0) };
}

/** Maps increasing UTF-16 offsets to code-point offsets in one pass overall. */
function codePointCounter(text: string): (utf16: number) => number {
  let unit = 0;
  let pairs = 0;
  return (utf16: number): number => {
    if (utf16 < unit) {
      unit = 0;
      pairs = 0;
    }
    for (; unit < utf16; unit++) {
      const c = text.charCodeAt(unit);
      if (c >= 0xdc00 && c <= 0xdfff && unit > 0) {
        const p = text.charCodeAt(unit - 1);
        if (p >= 0xd800 && p <= 0xdbff) pairs++;
      }
    }
    return utf16 - pairs;
  };
}

interface Term {
  /** Lower-cased. */
  readonly term: string;
  readonly candidate: number;
}

interface CompiledRules {
  readonly ids: readonly string[];
  /** Terms by their first character (and second, after `#` or `@`), see {@link termKey}. */
  readonly byStart: ReadonlyMap<number, readonly Term[]>;
  /** 1 for each code unit a term can start with: a cheap filter before the map lookup. */
  readonly starts: Uint8Array;
  readonly debateTags: ReadonlySet<string>;
}

const compiled = new WeakMap<DebateConfig, CompiledRules>();

/** Lookup key of a term starting at `at`: its first code unit, plus the second after `#`/`@`. */
function termKey(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return c === 0x23 || c === 0x40 ? c * 65536 + (text.charCodeAt(at + 1) || 0) : c;
}

function compile(config: DebateConfig): CompiledRules {
  let rules = compiled.get(config);
  if (rules === undefined) {
    const ids = Object.keys(config.candidates);
    const byStart = new Map<number, Term[]>();
    const starts = new Uint8Array(65536);
    ids.forEach((id, candidate) => {
      for (const raw of config.candidates[id].terms) {
        const term = raw.trim().toLowerCase();
        if (term === '') continue;
        starts[term.charCodeAt(0)] = 1;
        const key = termKey(term, 0);
        const list = byStart.get(key) ?? [];
        list.push({ term, candidate });
        byStart.set(key, list);
      }
    });
    rules = {
      ids,
      byStart,
      starts,
      debateTags: new Set(config.hashtags.map((h) => (h.startsWith('#') ? h.slice(1) : h).toLowerCase())),
    };
    compiled.set(config, rules);
  }
  return rules;
}

/**
 * Tags of the filtered-stream rules a post matches, in config order: each candidate whose terms the
 * text contains as whole tokens (case-insensitive; "Name's" and "#Name" contain "Name", but "@Name" is
 * another account), then `debate` when it carries one of the event's hashtags.
 */
export function matchRuleTags(config: DebateConfig, text: string, hashtags: readonly string[]): string[] {
  const rules = compile(config);
  const lower = text.toLowerCase();
  let hits = 0;
  let extra: Set<number> | undefined; // candidates beyond the 31 a bit mask holds
  // A term can only start where a token starts: at the beginning or after a non-word character.
  for (let at = 0; at < lower.length; at++) {
    if (rules.starts[lower.charCodeAt(at)] === 0 || (at > 0 && isWordCode(lower.charCodeAt(at - 1))))
      continue;
    const terms = rules.byStart.get(termKey(lower, at));
    if (terms === undefined) continue;
    for (const { term, candidate } of terms) {
      if (!lower.startsWith(term, at) || !isToken(lower, at, term)) continue;
      if (candidate < 31) hits |= 1 << candidate;
      else (extra ??= new Set()).add(candidate);
    }
  }
  const tags: string[] = [];
  for (let i = 0; i < rules.ids.length; i++) {
    if (i < 31 ? (hits & (1 << i)) !== 0 : extra?.has(i) === true) tags.push(rules.ids[i]);
  }
  if (hashtags.some((h) => rules.debateTags.has(h))) tags.push(DEBATE_RULE_TAG);
  return tags;
}

function isToken(text: string, at: number, term: string): boolean {
  return !isWordAt(text, at - 1, term, true) && !isWordAt(text, at + term.length, term, false);
}

/** Whether the character next to a term continues a word (so the term is only part of a token). */
function isWordAt(text: string, index: number, term: string, before: boolean): boolean {
  if (index < 0 || index >= text.length) return false;
  // A term that itself starts or ends with a symbol (#tag, @handle) is already delimited on that side.
  const edge = before ? term.charCodeAt(0) : term.charCodeAt(term.length - 1);
  if (!isWordCode(edge)) return false;
  const c = text.charCodeAt(index);
  if (before && (c === 0x40 || c === 0xff20)) return true; // "@name" is a handle, not the word "name"
  if (c < 0x80) return isWordCode(c);
  // Outside ASCII, fall back to Unicode classes (a low surrogate is looked at with its pair).
  const from = c >= 0xdc00 && c <= 0xdfff && index > 0 ? index - 1 : index;
  return /^[\p{L}\p{M}\p{N}_]/u.test(text.slice(from, from + 2));
}

function isWordCode(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c >= 0x80
  );
}
