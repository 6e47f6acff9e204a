/**
 * Hedonometer-style average happiness with the labMT 1.0 word list (Dodds et al. 2011, PLoS ONE 6(12)
 * e26752): words rated 1 (sad) to 9 (happy), 5 neutral. A text's score is the frequency-weighted mean
 * rating of its words, ignoring the neutral "lens" 4 < h < 6 (Δh = 1) so that function words do not
 * drown the signal. The list is not bundled (its redistributed copies carry a non-commercial licence):
 * users supply the file and the CLI passes its text to {@link parseLabMT}.
 */
import type { Polarity, Scorer, SentimentResult, TokenContribution } from './scorer';
import { collapseRepeats, tokenize } from '../tokenizer';

export const LABMT_NEUTRAL = 5;

export interface LabMTOptions {
  /** Words with |h − 5| < deltaH are ignored. @default 1 */
  readonly deltaH?: number;
}

export type LabMTParse =
  | { readonly ok: true; readonly words: ReadonlyMap<string, number> }
  | { readonly ok: false; readonly error: string };

/**
 * Reads the labMT 1.0 data file (`Data_Set_S1.txt`: a few lines of preamble, then a tab-separated
 * table whose header names `word` and `happiness_average`) or a plain two-column list
 * (`word<TAB or comma>score`, no header). Reports the first bad line by number.
 */
export function parseLabMT(text: string): LabMTParse {
  const lines = text.split(/\r?\n/);
  let wordCol = 0;
  let scoreCol = 1;
  let first = 0;
  const headerAt = lines.findIndex((l) => /(^|\t)word(\t|$)/.test(l) && l.includes('happiness_average'));
  if (headerAt >= 0) {
    const cols = lines[headerAt].split('\t').map((c) => c.trim());
    wordCol = cols.indexOf('word');
    scoreCol = cols.indexOf('happiness_average');
    first = headerAt + 1;
  }
  const words = new Map<string, number>();
  for (let i = first; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(headerAt >= 0 ? '\t' : /[\t,]/);
    const word = cells[wordCol]?.trim().toLowerCase();
    const score = Number(cells[scoreCol]);
    if (!word || cells[scoreCol] === undefined || !Number.isFinite(score) || score < 1 || score > 9) {
      return {
        ok: false,
        error: `line ${i + 1}: expected a word and a happiness score from 1 to 9, got "${line.slice(0, 60)}"`,
      };
    }
    words.set(word, score);
  }
  if (words.size === 0)
    return { ok: false, error: 'no words found (expected the labMT 1.0 table or word/score lines)' };
  return { ok: true, words };
}

export function createLabMTScorer(words: ReadonlyMap<string, number>, options: LabMTOptions = {}): Scorer {
  const deltaH = options.deltaH ?? 1;
  if (!(deltaH >= 0 && deltaH < 4)) throw new RangeError(`deltaH must be in [0, 4), got ${deltaH}`);
  const lookup = (norm: string, raw: string, elongated: boolean): number | undefined => {
    const h = words.get(norm);
    if (h !== undefined || !elongated) return h;
    return words.get(collapseRepeats(raw));
  };

  const score = (text: string): SentimentResult => {
    const tokens: TokenContribution[] = [];
    let sum = 0;
    let n = 0;
    for (const t of tokenize(text)) {
      if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
      const tag = t.kind === 'hashtag';
      const h = lookup(tag ? t.norm.slice(1) : t.norm, tag ? t.text.slice(1) : t.text, t.elongated);
      if (h === undefined || Math.abs(h - LABMT_NEUTRAL) < deltaH) continue;
      sum += h;
      n++;
      tokens.push({ token: t.text, value: h });
    }
    // No rated word outside the lens: the text says nothing measurable, so it sits at neutral.
    const h = n === 0 ? LABMT_NEUTRAL : sum / n;
    const polarity: Polarity = h > LABMT_NEUTRAL ? 1 : h < LABMT_NEUTRAL ? -1 : 0;
    return { score: h, polarity, tokens };
  };
  return { name: 'labmt', score, userWords: words };
}
