/** Scorers by name: the one place that knows every lexicon. */
import { createAfinnScorer } from './afinn';
import { createLabMTScorer } from './labmt';
import type { Scorer, ScorerName } from './scorer';
import { createVaderScorer } from './vader';

export interface ScorerOptions {
  /** labMT word → happiness, required for `labmt` (parse the user's file with `parseLabMT`). */
  readonly labmtWords?: ReadonlyMap<string, number>;
}

export function createScorer(name: ScorerName, options: ScorerOptions = {}): Scorer {
  switch (name) {
    case 'vader':
      return createVaderScorer();
    case 'afinn':
      return createAfinnScorer();
    case 'labmt':
      if (options.labmtWords === undefined) {
        throw new RangeError(
          'the labmt scorer needs the labMT 1.0 word list (see README: "Sentiment lexicons")',
        );
      }
      return createLabMTScorer(options.labmtWords);
  }
}

export * from './scorer';
export { parseLabMT } from './labmt';
