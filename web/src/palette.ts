/**
 * One colour per candidate: the debate config's colour when it is a valid `#rrggbb`, otherwise
 * the next colour of a fallback palette that is not close to any configured colour (two blues
 * side by side read as one candidate).
 */
import type { CandidateInfo } from '../../lambda/core/api/contract';

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

/** Tableau 10 (as in D3's `schemeTableau10`): ten distinct hues that read well on white. */
export const FALLBACK_PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
];

/** Candidate id → colour, in the order given. */
export function candidateColours(
  candidates: readonly CandidateInfo[],
  fallback: readonly string[] = FALLBACK_PALETTE,
): Map<string, string> {
  const configured = (c: CandidateInfo): string | undefined =>
    c.color !== undefined && HEX_COLOUR.test(c.color) ? c.color.toLowerCase() : undefined;
  const taken = candidates.map(configured).filter((c): c is string => c !== undefined);
  const free = fallback.map((c) => c.toLowerCase()).filter((c) => !taken.some((t) => similar(t, c)));
  // With more colourless candidates than free colours, cycling the full palette beats grey.
  const pool = free.length > 0 ? free : fallback;
  const colours = new Map<string, string>();
  let next = 0;
  for (const c of candidates) {
    colours.set(c.id, configured(c) ?? pool[next++ % pool.length]);
  }
  return colours;
}

/** Closer than this (Euclidean distance in RGB, 0–441) and two colours are hard to tell apart in a chart. */
const MIN_DISTANCE = 80;

function similar(a: string, b: string): boolean {
  const [ar, ag, ab] = rgb(a);
  const [br, bg, bb] = rgb(b);
  return Math.hypot(ar - br, ag - bg, ab - bb) < MIN_DISTANCE;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
