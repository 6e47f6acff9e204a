/**
 * How a generated post says so on the wire. Generated posts carry ids shaped like X's, so nothing else
 * tells them from real ones; without the mark the dashboard and the report would link to posts that do
 * not exist. X's own payloads never carry the key, so everything read from X counts as real.
 */

import { describeValue } from './checks';

/** Top-level key of an X-shaped JSON record (v2 envelope, v1.1 status) and CSV column of a generated post. */
export const SYNTHETIC_KEY = 'trendoff_synthetic';

/**
 * The mark's value in JSON: `true` for a generated post, `false` or absent for a real one, and a reason
 * for anything else (a typo must not pass a made-up post for a real one, or the reverse).
 */
export function syntheticFlag(value: unknown, field: string = SYNTHETIC_KEY): boolean | string {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  return `bad ${field} ${describeValue(value)}: true or false expected`;
}

/**
 * The mark's value in a CSV cell: empty, `false` or `0` for a real post, `true` or `1` for a generated
 * one, and a reason naming `where` the cell is for anything else.
 */
export function syntheticCell(cell: string, where: string): boolean | string {
  const v = cell.trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  return `bad ${SYNTHETIC_KEY} ${describeValue(cell)} (${where}): true or false expected`;
}
