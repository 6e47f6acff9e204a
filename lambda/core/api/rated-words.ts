/**
 * The words of a post that its scorer's lexicon rates, with where they are in the text: what the
 * dashboard highlights as the words that drove a post's score. A rated word's value is its lexicon
 * valence relative to the lexicon's neutral (labMT: h − 5), so its sign says which way it pushed;
 * the scorers' rules on top (VADER's negation and boosters) are not replayed here.
 */
import { LABMT_NEUTRAL } from '../sentiment/labmt';
import type { ValenceLexicon } from '../sentiment/valence';
import { tokenize, type TokenKind } from '../tokenizer';
import type { RatedWord } from './contract';

/** Tokens a lexicon may rate: words, emoticons and emoji (not links, handles, tags or numbers). */
const RATED_KINDS: ReadonlySet<TokenKind> = new Set(['word', 'emoticon', 'emoji']);

export function ratedWords(text: string, lexicon: ValenceLexicon): RatedWord[] {
  const out: RatedWord[] = [];
  let cursor = 0;
  for (const token of tokenize(text)) {
    const start = text.indexOf(token.text, cursor);
    if (start < 0) continue;
    cursor = start + token.text.length;
    if (!RATED_KINDS.has(token.kind)) continue;
    const v = lexicon.valence(token.norm);
    if (v === undefined) continue;
    const valence = lexicon.scorer === 'labmt' ? v - LABMT_NEUTRAL : v;
    if (valence !== 0) out.push({ start, end: cursor, valence });
  }
  return out;
}
