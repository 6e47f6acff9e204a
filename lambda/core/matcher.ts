/**
 * Which candidates a tweet is about. Terms from the debate config are compiled once into token
 * lookups, so matching costs one hash lookup per token instead of one regex per term, and is
 * word-boundary aware by construction ("rand" is a token of "Rand Paul", never of "grand").
 */
import type { DebateConfig } from './debate-config';
import { tokenize, type Token } from './tokenizer';

export interface CandidateMatcher {
  /** Candidate ids mentioned in the tokens, in config order, each at most once. */
  match(tokens: readonly Token[]): string[];
  /** Convenience: tokenize then match. */
  matchText(text: string): string[];
}

interface Phrase {
  /** Norms after the first token. */
  readonly rest: readonly string[];
  readonly candidate: number;
}

export function createMatcher(config: DebateConfig): CandidateMatcher {
  const ids = Object.keys(config.candidates);
  // Key prefixes keep the three kinds of term apart. A plain word matches the word, the #hashtag and
  // the @mention (as X's `track` parameter did, which matched mentioned screen names, so configs that
  // list handles as plain terms count what the original system counted); `#tag` matches only the
  // hashtag and `@handle` only the mention. An explicit #/@ term outranks a plain word's reach.
  const single = new Map<string, number>();
  const phrases = new Map<string, Phrase[]>();
  const explicit = new Set<string>();
  ids.forEach((id, index) => {
    for (const term of config.candidates[id].terms) {
      const keys = tokenize(nfc(term)).filter((t) => t.kind !== 'punct' || t.text === '-');
      if (keys.length === 0) continue;
      if (keys.length === 1) {
        const t = keys[0];
        if (t.kind === 'mention' || t.kind === 'hashtag') {
          single.set(t.norm, index);
          explicit.add(t.norm);
        } else {
          const w = stripPossessive(t.norm);
          single.set('w:' + w, index);
          if (!explicit.has('#' + w)) single.set('#' + w, index);
          if (!explicit.has('@' + w)) single.set('@' + w, index);
        }
        continue;
      }
      const norms = keys.map((k) => (k.kind === 'word' || k.kind === 'number' ? 'w:' + k.norm : k.norm));
      const list = phrases.get(norms[0]) ?? [];
      list.push({ rest: norms.slice(1), candidate: index });
      phrases.set(norms[0], list);
    }
  });

  const keyOf = (t: Token): string | undefined => {
    switch (t.kind) {
      case 'word':
      case 'number':
        return 'w:' + nfc(t.norm);
      case 'mention':
      case 'hashtag':
        return nfc(t.norm);
      default:
        return undefined;
    }
  };

  const match = (tokens: readonly Token[]): string[] => {
    const hits = new Uint8Array(ids.length);
    const keys: (string | undefined)[] = new Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) keys[i] = keyOf(tokens[i]);
    for (let i = 0; i < tokens.length; i++) {
      const key = keys[i];
      if (key === undefined) continue;
      let hit = single.get(key);
      if (hit === undefined && key.startsWith('w:')) {
        const bare = stripPossessive(key);
        if (bare !== key) hit = single.get(bare);
      }
      if (hit !== undefined) hits[hit] = 1;
      const starting = phrases.get(key);
      if (starting !== undefined) {
        for (const p of starting) if (phraseAt(keys, i + 1, p.rest)) hits[p.candidate] = 1;
      }
    }
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) if (hits[i] === 1) out.push(ids[i]);
    return out;
  };

  return { match, matchText: (text) => match(tokenize(text)) };
}

/** Composed form, so "é" typed as e + U+0301 meets the config's "é"; ASCII (most words) skips the work. */
function nfc(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return s.normalize('NFC');
  return s;
}

function phraseAt(keys: readonly (string | undefined)[], from: number, rest: readonly string[]): boolean {
  if (from + rest.length > keys.length) return false;
  for (let j = 0; j < rest.length; j++) {
    const k = keys[from + j];
    if (k === undefined) return false;
    if (k === rest[j]) continue;
    // The last word of a phrase may carry a possessive: "Jeb Bush's".
    if (j === rest.length - 1 && stripPossessive(k) === rest[j]) continue;
    return false;
  }
  return true;
}

/** "trump's" → "trump", "cruz'" → "cruz"; anything else unchanged. */
function stripPossessive(norm: string): string {
  if (norm.endsWith("'s")) return norm.slice(0, -2);
  if (norm.endsWith("'")) return norm.slice(0, -1);
  return norm;
}
