import type { CandidateInfo } from '../../lambda/core/api/contract';
import { candidateColours } from './palette';

/** A candidate as the page shows it: config order, display name, resolved colour. */
export interface CandidateView {
  readonly id: string;
  readonly name: string;
  readonly party?: string;
  readonly colour: string;
}

/** The debate's candidates in config order, each with its colour. */
export function candidateViews(candidates: readonly CandidateInfo[]): CandidateView[] {
  const colours = candidateColours(candidates);
  return candidates.map((c) => ({
    id: c.id,
    name: c.name,
    ...(c.party !== undefined ? { party: c.party } : {}),
    colour: colours.get(c.id) ?? '#666666',
  }));
}
