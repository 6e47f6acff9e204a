/**
 * Timestamps as the wire formats write them, UTC and locale-independent. Posts arrive in time
 * order, so the text of the current second is kept and only the milliseconds change (formatting a
 * Date from scratch costs several times more).
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let isoSecond = NaN;
let isoPrefix = '';

/** `2015-09-17T00:59:59.123Z` (what `Date.prototype.toISOString` gives for years 0-9999). */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const frac = ms - second * 1000;
  return `${isoPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
}

let v1Second = NaN;
let v1Text = '';

/** `Thu Sep 17 00:59:59 +0000 2015`, the v1.1 `created_at` form (whole seconds). */
export function v1Time(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== v1Second) {
    v1Second = second;
    const d = new Date(second * 1000);
    const two = (n: number): string => String(n).padStart(2, '0');
    v1Text =
      `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
      `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
  }
  return v1Text;
}
