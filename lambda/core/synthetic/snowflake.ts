/**
 * Snowflake-style post ids: milliseconds since X's epoch in the high bits, then 22 low bits (worker
 * and sequence), so ids increase with time. Values exceed 2^53, so the decimal string is assembled
 * from two exact halves instead of going through one imprecise number (or a slow BigInt).
 */

/** X's snowflake epoch (2010-11-04T01:42:54.657Z). */
export const SNOWFLAKE_EPOCH_MS = 1288834974657;
/** Number of low bits below the timestamp. */
export const SNOWFLAKE_LOW_BITS = 22;
const LOW_RANGE = 4194304; // 2^22

/** Decimal id for a creation time and a low part in [0, 2^22). */
export function snowflakeId(createdAt: number, low: number): string {
  const t = createdAt - SNOWFLAKE_EPOCH_MS;
  if (t < 0) throw new RangeError(`snowflake ids start at ${new Date(SNOWFLAKE_EPOCH_MS).toISOString()}`);
  // value = t·2^22 + low = (a·1e6 + b)·2^22 + low, each product below 2^53.
  const a = Math.floor(t / 1e6);
  const b = t - a * 1e6;
  let hi = a * LOW_RANGE;
  let lo = b * LOW_RANGE + low;
  const carry = Math.floor(lo / 1e6);
  hi += carry;
  lo -= carry * 1e6;
  return hi === 0 ? String(lo) : String(hi) + String(lo).padStart(6, '0');
}

/** The creation time encoded in a snowflake id (for tests and tools; uses BigInt). */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> BigInt(SNOWFLAKE_LOW_BITS)) + SNOWFLAKE_EPOCH_MS;
}
