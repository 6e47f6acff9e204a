/**
 * Keys of trendoff's single DynamoDB table (string `pk` / `sk`). Numbers in sort keys are
 * zero-padded decimals so that string order is numeric order and BETWEEN selects time ranges:
 *
 * | item      | pk                           | sk                                  |
 * | --------- | ---------------------------- | ----------------------------------- |
 * | aggregate | `agg#<debate>#<candidate>`   | bucket start, 15 digits, `#<shard>` |
 * | geo posts | `geo#<debate>`               | minute start, 15 digits (epoch ms)  |
 * | debate    | `debate`                     | debate id                           |
 */

/** DynamoDB's rule for table names: 3-255 letters, digits, `_`, `-` and `.`. */
export const DYNAMODB_TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/** Digits of a time sort key: epoch ms up to the year 33658. */
export const TIME_KEY_DIGITS = 15;
/** Digits of a stored sequence number: Kinesis's reach 56 digits, Kafka offsets 19. */
export const SEQUENCE_DIGITS = 64;

const MAX_TIME = 10 ** TIME_KEY_DIGITS - 1;

export const DEBATE_PK = 'debate';

export function aggregatePk(debateId: string, candidate: string): string {
  return `agg#${debateId}#${candidate}`;
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
 * Sort key of one shard's part of an aggregate bucket. Each shard writes its own item, so shards
 * never contend for one item (no conditional-write retries); reads merge a bucket's parts, which
 * the aggregates' associative merge makes exact.
 */
export function aggregateSk(bucketStart: number, shardId: string): string {
  return `${timeKey(bucketStart)}#${shardId}`;
}

/** Bucket start of an aggregate sort key (`aggregateSk`, or a bare time key). */
export function bucketOfSk(sk: string): number {
  return Number(sk.slice(0, TIME_KEY_DIGITS));
}

/** Upper BETWEEN bound that includes every shard's part of the bucket at `high`. */
export function withAllShards(high: string): string {
  return `${high}#\uffff`;
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
