/**
 * The few Python `str`/`float` behaviours VADER's results depend on, reproduced exactly so that
 * scores match the reference implementation. ASCII takes fast paths; other text falls back to
 * Unicode property tests, which only run on the rare non-ASCII token.
 */

/** Code points for which Python's `str.isspace()` is true: `str.split()` breaks on runs of these. */
export function isPythonSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Runs of the characters {@link isPythonSpace} accepts, for the engine's native `split`. */
// Python counts the C0 separators \x1c-\x1f as whitespace, so they belong in the class.
// eslint-disable-next-line no-control-regex
const PYTHON_SPACE_RUN = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Python `str.split()` with no argument: whitespace-separated fields, no empty strings. */
export function pythonSplit(text: string): string[] {
  const fields = text.split(PYTHON_SPACE_RUN);
  // Only a leading or trailing run leaves an empty field.
  if (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  if (fields.length > 0 && fields[0] === '') fields.shift();
  return fields;
}

/** Python's `string.punctuation`, as a lookup table over ASCII. */
const PUNCTUATION = new Uint8Array(128);
for (const ch of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') PUNCTUATION[ch.charCodeAt(0)] = 1;

/** True for the ASCII characters of Python's `string.punctuation`. */
export function isPunctuation(code: number): boolean {
  return code < 128 && PUNCTUATION[code] === 1;
}

/** Python `token.strip(string.punctuation)`. */
export function stripPunctuation(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && isPunctuation(token.charCodeAt(start))) start++;
  while (end > start && isPunctuation(token.charCodeAt(end - 1))) end--;
  return start === 0 && end === token.length ? token : token.slice(start, end);
}

/** Python `len()`: length in code points (a lone surrogate counts as one, as in Python). */
export function codePointLength(text: string, start = 0, end = text.length): number {
  let n = end - start;
  for (let i = start; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Python `str.lower()`; both languages apply the same full (special-casing) Unicode mapping. */
export function pythonLower(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f || (c >= 0x41 && c <= 0x5a)) return text.toLowerCase();
  }
  return text;
}

const UPPERCASE = /\p{Uppercase}/u;
const LOWER_OR_TITLE = /[\p{Lowercase}\p{Lt}]/u;

/**
 * Python `str.isupper()`: at least one cased character and no lowercase or titlecase one. Python
 * counts `Uppercase`/`Lowercase` derived properties (so e.g. Ⓐ is upper), hence the property escapes.
 */
export function pythonIsUpper(text: string): boolean {
  let cased = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x61 && c <= 0x7a) return false;
      if (c >= 0x41 && c <= 0x5a) cased = true;
      continue;
    }
    const cp = text.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    if (cp > 0xffff) i++;
    if (LOWER_OR_TITLE.test(ch)) return false;
    if (UPPERCASE.test(ch)) cased = true;
  }
  return cased;
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000];

/**
 * Python `round(x, digits)` for floats: the decimal nearest to the exact binary value, with exact
 * ties going to the even digit (round(0.0625, 3) is 0.062, where `toFixed` gives 0.063).
 */
export function pythonRound(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.abs(x);
  const scale = digits < POWERS_OF_TEN.length ? (POWERS_OF_TEN[digits] as number) : 10 ** digits;
  const scaled = magnitude * scale;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  // Fast path: the product's error is ~1e-12, far from a halfway point, so the direction is
  // certain, and integer / 10^digits is exactly the double nearest to the decimal result.
  if (Math.abs(fraction - 0.5) > 1e-6 && scaled < 1e15) {
    const rounded = (fraction < 0.5 ? floor : floor + 1) / scale;
    return x < 0 ? -rounded : rounded;
  }
  return roundNearHalf(x, digits);
}

/** {@link pythonRound} near a halfway point (kept apart so that the common path stays small). */
function roundNearHalf(x: number, digits: number): number {
  const magnitude = Math.abs(x);
  // Decide on the exact binary value. It is exactly halfway only if it is an odd multiple of
  // 2^-(digits+1); then toFixed(digits + 1) is exact and ends in 5.
  const longer = magnitude.toFixed(digits + 1);
  let rounded: number;
  if (Number.isInteger(magnitude * 2 ** (digits + 1)) && longer.endsWith('5')) {
    const truncated = longer.slice(0, digits === 0 ? -2 : -1);
    const lastDigit = truncated.charCodeAt(truncated.length - 1) - 0x30;
    rounded = lastDigit % 2 === 0 ? Number(truncated) : Number(magnitude.toFixed(digits));
  } else {
    rounded = Number(magnitude.toFixed(digits));
  }
  return x < 0 ? -rounded : rounded;
}
