/** Field checks shared by every normaliser: each returns a one-line reason, or undefined when the value is fine. */

/** X's longest post (X Premium long posts), in characters (Unicode code points). */
export const MAX_TEXT_CHARS = 25_000;

/** Post and user ids are unsigned 64-bit integers: at most 20 decimal digits. */
const MAX_ID_DIGITS = 20;

/** True when `s` is 1–20 ASCII digits (X ids exceed 2^53, so they travel as strings). */
export function isDecimalId(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > MAX_ID_DIGITS) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

type WellFormedCheck = (s: string) => boolean;

// Node 20 ships String.prototype.isWellFormed (ES2024) but the project's lib is ES2023, so it is looked up
// once here; the scan below is the fallback for older runtimes.
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

function scanWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false; // low surrogate without a high one before it
    const next = s.charCodeAt(i + 1); // NaN past the end
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** True when `s` has no lone UTF-16 surrogate (JSON.parse happily produces them from "\ud800"). */
export const isWellFormedText: WellFormedCheck = nativeIsWellFormed
  ? (s) => nativeIsWellFormed.call(s)
  : scanWellFormed;

/** Number of Unicode code points in `s` (a surrogate pair counts once). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Why `text` (found at `field`) cannot be analysed, or undefined. */
export function textProblem(text: string, field: string): string | undefined {
  if (text.length === 0 || text.trim().length === 0) return `missing ${field} (empty)`;
  // Cheap check first: a string of at most MAX_TEXT_CHARS code units cannot hold more code points.
  if (text.length > MAX_TEXT_CHARS) {
    const chars = codePointLength(text);
    if (chars > MAX_TEXT_CHARS) return `${field} longer than ${MAX_TEXT_CHARS} characters (${chars})`;
  }
  if (!isWellFormedText(text)) return `${field} contains a lone UTF-16 surrogate`;
  return undefined;
}

/** Why a point is not a valid WGS 84 position, or undefined. */
export function pointProblem(lon: number, lat: number, field: string): string | undefined {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return `${field} is not a pair of numbers`;
  if (lon < -180 || lon > 180) return `${field} longitude ${lon} out of range [-180, 180]`;
  if (lat < -90 || lat > 90) return `${field} latitude ${lat} out of range [-90, 90]`;
  return undefined;
}

const HTML_ENTITY = /&(amp|lt|gt);/g;
const HTML_CHAR: { readonly [name: string]: string } = { amp: '&', lt: '<', gt: '>' };

/**
 * Undoes the only HTML escaping X applies to post text (`&amp;`, `&lt;`, `&gt;`), in one pass so
 * `&amp;lt;` (a literal "&lt;" typed by the author) comes back as "&lt;".
 */
export function unescapeXText(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(HTML_ENTITY, (_m, name: string) => HTML_CHAR[name] ?? '');
}

/** A short, one-line rendering of a bad value for a rejection reason. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
