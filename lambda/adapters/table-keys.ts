/**
 * Keys of trendoff's single DynamoDB table (string `pk` / `sk`). Numbers in sort keys are
 * zero-padded decimals so that string order is numeric order and BETWEEN selects time ranges:
 *
 * | item                              | pk                             | sk                       |
 * | --------------------------------- | ------------------------------ | ------------------------ |
 * | series stats, extremes, hashtags  | `<kind>#<debate>#<slot ms>`    | block start, 15 digits   |
 * | whole aggregates of one candidate | `detail#<debate>#<candidate>`  | block start, 15 digits   |
 * | geo posts                         | `geo#<debate>`                 | minute start, 15 digits  |
 * | debate                            | `debate`                       | debate id                |
 *
 * A block item holds one block of slots of one rollup level (lambda/core/aggregate/rollup.ts) for
 * every candidate, merged over shards; detail items hold the base buckets' whole aggregates.
 */

/** DynamoDB's rule for table names: 3-255 letters, digits, `_`, `-` and `.`. */
export const DYNAMODB_TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/** Digits of a time sort key: epoch ms up to the year 33658. */
export const TIME_KEY_DIGITS = 15;
/** Digits of a stored sequence number: Kinesis's reach 56 digits, Kafka offsets 19. */
export const SEQUENCE_DIGITS = 64;

const MAX_TIME = 10 ** TIME_KEY_DIGITS - 1;

export const DEBATE_PK = 'debate';

/** Partition of one kind of block items of one debate and rollup level. */
export function blockPk(kind: 'stats' | 'extremes' | 'hashtags', debateId: string, slotMs: number): string {
  return `${kind}#${debateId}#${slotMs}`;
}

/** Partition of one candidate's whole aggregates (base buckets, blocks of the finest level). */
export function detailPk(debateId: string, candidate: string): string {
  return `detail#${debateId}#${candidate}`;
}

export function geoPk(debateId: string): string {
  return `geo#${debateId}`;
}

/**
 * Sort key of an instant.
 * @throws RangeError unless `ms` is an integer in [0, 10^15).
 */
export function timeKey(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_TIME) {
    throw new RangeError(`time key must be an integer from 0 to ${MAX_TIME} (epoch ms), got ${ms}`);
  }
  return String(ms).padStart(TIME_KEY_DIGITS, '0');
}

/**
 * Sort-key bounds (inclusive, for BETWEEN) of the instants with from ≤ t < to, clamped to what a
 * key can hold; undefined when no instant qualifies.
 */
export function timeKeyRange(from: number, to: number): { low: string; high: string } | undefined {
  if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
  const lo = Math.max(0, Math.ceil(from));
  const hi = Math.min(MAX_TIME, Math.ceil(to) - 1);
  if (lo > hi) return undefined;
  return { low: timeKey(lo), high: timeKey(hi) };
}

/**
 * A sequence number (Kinesis) or offset (Kafka) in its stored, comparable form: decimal digits
 * left-padded to {@link SEQUENCE_DIGITS}, so string comparison is numeric comparison.
 * @throws RangeError if `seq` is not 1 to 64 decimal digits.
 */
export function sequenceKey(seq: string): string {
  if (!/^[0-9]{1,64}$/.test(seq)) {
    throw new RangeError(`sequence number must be 1 to ${SEQUENCE_DIGITS} decimal digits, got "${seq}"`);
  }
  return seq.padStart(SEQUENCE_DIGITS, '0');
}
