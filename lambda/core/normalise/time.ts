/**
 * Strict, allocation-light parsers for the timestamps found in X payloads and CSV exports. They return
 * epoch milliseconds, or NaN when the text is not a valid time: `Date.parse` is deliberately avoided
 * because it accepts nearly anything ("2015", "March 7") and its non-ISO behaviour is engine-specific.
 */

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [
    m,
    i + 1,
  ]),
);

/** Posts cannot predate the Unix epoch; this also keeps clear of Date.UTC mapping years 0–99 to 19xx. */
const MIN_YEAR = 1970;

/** Reads `n` ASCII digits of `s` at `i` as a number, or -1 when any of them is not a digit. */
function digits(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch ms of a validated civil time at a UTC offset (minutes east of UTC), or NaN. */
function civilToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): number {
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

/**
 * Parses a zone designator from `i` to the end of `s`: `Z`, `UTC`, `GMT`, `±HH`, `±HHMM` or `±HH:MM`,
 * optionally after one space; nothing at all means UTC. Returns minutes east of UTC, or NaN.
 */
function zoneOffset(s: string, i: number): number {
  if (i === s.length) return 0;
  if (s.charCodeAt(i) === 32) i++; // "2015-08-07 09:54:46 -0700"
  const rest = s.length - i;
  if (rest === 1 && (s[i] === 'Z' || s[i] === 'z')) return 0;
  if (rest === 3 && (s.startsWith('UTC', i) || s.startsWith('GMT', i))) return 0;
  const sign = s[i] === '+' ? 1 : s[i] === '-' ? -1 : 0;
  if (sign === 0) return NaN;
  const hh = digits(s, i + 1, 2);
  let mm: number;
  if (rest === 3) mm = 0;
  else if (rest === 5) mm = digits(s, i + 3, 2);
  else if (rest === 6 && s.charCodeAt(i + 3) === 58) mm = digits(s, i + 4, 2);
  else return NaN;
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return NaN;
  return sign * (hh * 60 + mm);
}

/**
 * ISO 8601 / RFC 3339 date-time, as X API v2 writes it ("2022-09-12T19:00:00.000Z"), and the common
 * export variants: a space instead of `T`, no seconds, any fraction, no zone (UTC), or a zone after a
 * space ("2015-08-07 09:54:46 -0700"). A date without a time is not accepted.
 */
export function parseIsoDateTime(s: string): number {
  // YYYY-MM-DD?HH:MM is the shortest accepted form.
  if (s.length < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58)
    return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return NaN; // 'T', 't' or ' '
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return NaN;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    second = digits(s, i + 1, 2);
    if (second < 0) return NaN;
    i += 3;
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      // Fraction of a second: keep milliseconds, ignore finer digits.
      let k = i + 1;
      let scale = 100;
      while (k < s.length) {
        const c = s.charCodeAt(k) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        k++;
      }
      if (k === i + 1) return NaN;
      ms = Math.floor(ms);
      i = k;
    }
  }
  const offset = zoneOffset(s, i);
  if (Number.isNaN(offset)) return NaN;
  return civilToEpoch(year, month, day, hour, minute, second, ms, offset);
}

/**
 * The X API v1.1 `created_at` format, "Wed Sep 16 23:59:59 +0000 2015" (also with "UTC" as the zone,
 * as some archives rewrote it). The weekday is not checked against the date.
 */
export function parseXV1Time(s: string): number {
  const parts = s.split(' ');
  if (parts.length !== 6) return NaN;
  const [weekday, mon, dayText, clock, zone, yearText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (weekday.length !== 3) return NaN;
  const month = MONTHS.get(mon);
  if (month === undefined || clock.length !== 8 || clock[2] !== ':' || clock[5] !== ':') return NaN;
  if (dayText.length < 1 || dayText.length > 2 || yearText.length !== 4) return NaN;
  const day = digits(dayText, 0, dayText.length);
  const year = digits(yearText, 0, 4);
  const hour = digits(clock, 0, 2);
  const minute = digits(clock, 3, 2);
  const second = digits(clock, 6, 2);
  if (day < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) return NaN;
  const offset = zoneOffset(zone, 0);
  if (Number.isNaN(offset)) return NaN;
  return civilToEpoch(year, month, day, hour, minute, second, 0, offset);
}

/**
 * Any time a CSV export may hold: ISO 8601 and its variants (see {@link parseIsoDateTime}), the v1.1
 * format, or epoch seconds (10 digits) / milliseconds (13 digits). Surrounding blanks are ignored.
 */
export function parseFlexibleTime(text: string): number {
  const s = text.trim();
  if (s.length === 0) return NaN;
  const first = s.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    if (s.length === 10 || s.length === 13) {
      const v = digits(s, 0, s.length);
      if (v >= 0) return s.length === 10 ? v * 1000 : v;
    }
    return parseIsoDateTime(s);
  }
  return parseXV1Time(s);
}
