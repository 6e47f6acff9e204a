/**
 * Query parameter parsing. Every value comes from a stranger, so each parser either returns a value
 * that is safe to compute with (integers in range, known names) or throws a 400 naming the parameter.
 */
import { DEFAULT_LIMIT, MAX_LIMIT } from './limits';
import { badParameter } from './responses';

/** A request's query parameters, name → value (API Gateway joins repeated names with commas). */
export type Query = ReadonlyMap<string, string>;

/** Latest time accepted or produced: 9999-12-31T23:59:59.999Z keeps every ISO string four-digit. */
export const MAX_TIME_MS = 253_402_300_799_999;

/**
 * The query parameters of a request, refusing names the route does not take (a misspelt `form=`
 * silently ignored would answer a different question than the one asked) and empty values.
 */
export function readQuery(
  params: Readonly<Record<string, string | undefined>> | undefined,
  known: readonly string[],
): Query {
  const query = new Map<string, string>();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    if (!known.includes(name)) {
      const takes = known.length === 0 ? 'takes no parameters' : `takes ${known.join(', ')}`;
      throw badParameter(name, `unknown parameter "${clip(name)}" (this route ${takes})`);
    }
    if (value.trim() === '') throw badParameter(name, `${name} is empty`);
    query.set(name, value);
  }
  return query;
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+\- ])(\d{2})(?::?(\d{2}))?)$/;
const EPOCH_MS = /^\d{1,15}$/;

/**
 * An instant, as ISO 8601 with a zone (`2015-09-17T01:00:00Z`, `2015-09-16T21:00-04:00`, fractions
 * cut to the millisecond) or epoch milliseconds (`1442451600000`), between 1970 and 9999. A zone is
 * required: without one the same text means different instants on different machines. A space
 * where the offset's `+` belongs is read as `+`, since form encoding turns an unescaped `+` into one.
 */
export function parseTime(name: string, text: string): number {
  const t = text.trim();
  let ms: number | undefined;
  if (EPOCH_MS.test(t)) ms = Number(t);
  else {
    const m = ISO_TIME.exec(t);
    if (m !== null) ms = isoToMs(m);
  }
  if (ms === undefined) {
    throw badParameter(
      name,
      `${name} must be an ISO 8601 time with a zone (e.g. 2015-09-17T01:00:00Z) or epoch milliseconds, got "${clip(text)}"`,
    );
  }
  if (ms < 0 || ms > MAX_TIME_MS) {
    throw badParameter(name, `${name} must be between 1970-01-01 and 9999-12-31, got "${clip(text)}"`);
  }
  return ms;
}

/** The instant of an ISO match, or undefined if a field is out of range (month 13, 31 April, 25:00). */
function isoToMs(m: RegExpExecArray): number | undefined {
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const milli = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMs = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMs = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  // Not Date.UTC, which reads years 0–99 as 1900–1999 (0070 would pass as 1970): setUTCFullYear
  // takes the year as written, so years before 1970 come out negative and the range check refuses them.
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, minute, second, milli);
  return t.getTime() - offsetMs;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const DURATION = /^(\d{1,12}(?:\.\d{1,6})?)(ms|s|m|min|h|d)?$/;
const ISO_DURATION = /^PT(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,9}(?:\.\d{1,3})?)S)?$/i;

/**
 * A length of time as a whole, positive number of milliseconds: `5s`, `1m`, `10min`, `1.5h`, `2d`,
 * `500ms`, bare milliseconds (`5000`) or ISO 8601 (`PT10M`).
 */
export function parseDuration(name: string, text: string): number {
  const t = text.trim();
  let ms = Number.NaN;
  const m = DURATION.exec(t);
  if (m !== null) ms = Number(m[1]) * UNIT_MS[m[2] ?? 'ms'];
  else {
    const iso = ISO_DURATION.exec(t);
    if (iso !== null && (iso[1] ?? iso[2] ?? iso[3]) !== undefined) {
      ms =
        Number(iso[1] ?? 0) * 3_600_000 +
        Number(iso[2] ?? 0) * 60_000 +
        Math.round(Number(iso[3] ?? 0) * 1000);
    }
  }
  // Float products like 0.1 × 3 600 000 can land a hair off a whole number: round what is nearly one.
  const rounded = Math.round(ms);
  if (Math.abs(ms - rounded) < 1e-6) ms = rounded;
  if (!Number.isSafeInteger(ms) || ms <= 0 || ms > MAX_TIME_MS) {
    throw badParameter(
      name,
      `${name} must be a positive duration in whole milliseconds like 5s, 1m, 10min or 5000, got "${clip(text)}"`,
    );
  }
  return ms;
}

/**
 * Candidate ids from a comma-separated list (repeated `candidate=` arrive joined by commas), each
 * one of the debate's, duplicates dropped; all of the debate's, in its order, when absent.
 */
export function parseCandidates(text: string | undefined, known: readonly string[]): string[] {
  if (text === undefined) return [...known];
  const picked: string[] = [];
  for (const raw of text.split(',')) {
    const id = raw.trim();
    if (!known.includes(id)) {
      throw badParameter(
        'candidate',
        `candidate "${clip(id)}" is not in this debate (candidates: ${known.join(', ')})`,
      );
    }
    if (!picked.includes(id)) picked.push(id);
  }
  return picked;
}

/** Exactly one candidate id of the debate (routes about one candidate's words). */
export function parseCandidate(text: string | undefined, known: readonly string[]): string {
  if (text === undefined) {
    throw badParameter('candidate', `candidate is required: one of ${known.join(', ')}`);
  }
  const id = text.trim();
  if (!known.includes(id)) {
    throw badParameter(
      'candidate',
      `candidate "${clip(id)}" is not in this debate (candidates: ${known.join(', ')}); give one`,
    );
  }
  return id;
}

/**
 * What a word shift compares its window with: the window of equal length just before it
 * (`previous`, the default) or everything from the debate's first post up to it (`sofar`).
 */
export type ShiftReference = 'previous' | 'sofar';

const SHIFT_REFERENCES: readonly ShiftReference[] = ['previous', 'sofar'];

export function parseShiftReference(text: string | undefined): ShiftReference {
  if (text === undefined) return 'previous';
  const t = text.trim();
  const ref = SHIFT_REFERENCES.find((r) => r === t);
  if (ref === undefined) {
    throw badParameter(
      'reference',
      `reference must be ${SHIFT_REFERENCES.join(' or ')}, got "${clip(text)}"`,
    );
  }
  return ref;
}

const HANDLE = /^[A-Za-z0-9_]{1,50}$/;

/** Exactly two different handles, `@` optional, lower-cased (handles are case-insensitive on X). */
export function parseUsers(text: string | undefined): [string, string] {
  if (text === undefined) throw badParameter('users', 'users is required: two handles, e.g. users=alice,bob');
  const parts = text.split(',').map((p) => p.trim().replace(/^@/, ''));
  if (parts.length !== 2) {
    throw badParameter(
      'users',
      `users must be exactly two handles separated by a comma, got ${parts.length}`,
    );
  }
  for (const p of parts) {
    if (!HANDLE.test(p)) {
      throw badParameter('users', `"${clip(p)}" is not a handle (1-50 letters, digits or _, @ optional)`);
    }
  }
  const [a, b] = parts.map((p) => p.toLowerCase());
  if (a === b) throw badParameter('users', `users must be two different handles, got "${a}" twice`);
  return [a, b];
}

/** How many entries a ranking shows: an integer 1…{@link MAX_LIMIT}, {@link DEFAULT_LIMIT} when absent. */
export function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const t = text.trim();
  const n = /^\d{1,4}$/.test(t) ? Number(t) : Number.NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) {
    throw badParameter('limit', `limit must be an integer from 1 to ${MAX_LIMIT}, got "${clip(text)}"`);
  }
  return n;
}

/** How /series encodes its steps: an object per point (default) or columns of numbers. */
export type SeriesFormat = 'points' | 'columns';

const SERIES_FORMATS: readonly SeriesFormat[] = ['points', 'columns'];

/** `format` of /series: `points` when absent. */
export function parseSeriesFormat(text: string | undefined): SeriesFormat {
  if (text === undefined) return 'points';
  const t = text.trim();
  const format = SERIES_FORMATS.find((f) => f === t);
  if (format === undefined) {
    throw badParameter('format', `format must be ${SERIES_FORMATS.join(' or ')}, got "${clip(text)}"`);
  }
  return format;
}

/** Echo at most 40 characters of a caller's value in a message. */
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
