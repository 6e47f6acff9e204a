/**
 * Checks of time arguments. Bad window parameters are caller bugs or bad query parameters, not bad
 * data, so they throw a RangeError naming the parameter and its value (the query API maps it to 400).
 */

/** Most points a window function will produce, so one bad query cannot exhaust memory. */
export const MAX_POINTS = 1_000_000;

/** `value` must be a safe integer. */
export function requireInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer (ms), got ${value}`);
}

/** `value` must be a safe integer above 0. */
export function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer (ms), got ${value}`);
  }
}

/** `value` must be a positive whole multiple of `bucketMs` (already checked positive). */
export function requireMultipleOfBucket(name: string, value: number, bucketMs: number): void {
  requirePositiveInteger(name, value);
  if (value % bucketMs !== 0) {
    throw new RangeError(`${name} (${value}) must be a multiple of bucketMs (${bucketMs})`);
  }
}

/** `from` and `to` must be integers with `from ≤ to`. */
export function requireRange(from: number, to: number): void {
  requireInteger('from', from);
  requireInteger('to', to);
  if (to < from) throw new RangeError(`to (${to}) must not be before from (${from})`);
}

/** At most {@link MAX_POINTS} points per call. */
export function requirePointCount(n: number, what: string): void {
  if (n > MAX_POINTS) throw new RangeError(`${n} ${what} requested, more than the limit of ${MAX_POINTS}`);
}
