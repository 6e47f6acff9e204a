/**
 * The one scorer factory: a lexicon name, plus for labMT the path of its word list, to a Scorer.
 * Used by the processor handler and every CLI command that scores; each maps the error to its own
 * way of reporting (a handler's config error, a CLI usage or input error).
 */
import * as fs from 'fs';
import { createScorer, parseLabMT, type Scorer, type ScorerName } from '../core/sentiment';

/** The environment variable naming the labMT 1.0 word list, for the CLI and the handlers alike. */
export const LABMT_FILE_ENV = 'TRENDOFF_LABMT_FILE';

/** Why no scorer could be built: the labMT word list was not named, or it could not be used. */
export class ScorerSetupError extends Error {
  override name = 'ScorerSetupError';
  constructor(
    readonly reason: 'missing-labmt-file' | 'bad-labmt-file',
    message: string,
  ) {
    super(message);
  }
}

/** @throws ScorerSetupError when `labmt` comes without a readable, valid word list. */
export function loadScorer(name: ScorerName, labmtFile: string | undefined): Scorer {
  if (name !== 'labmt') return createScorer(name);
  if (!labmtFile)
    throw new ScorerSetupError(
      'missing-labmt-file',
      `the labmt lexicon needs the labMT 1.0 word list: set ${LABMT_FILE_ENV} to its path`,
    );
  let text: string;
  try {
    text = fs.readFileSync(labmtFile, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ScorerSetupError('bad-labmt-file', `cannot read the labMT word list ${labmtFile}: ${reason}`);
  }
  const parsed = parseLabMT(text);
  if (!parsed.ok) throw new ScorerSetupError('bad-labmt-file', `${labmtFile}: ${parsed.error}`);
  return createScorer('labmt', { labmtWords: parsed.words });
}
