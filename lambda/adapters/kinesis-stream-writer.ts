/**
 * StreamWriter on Kinesis PutRecords. Records go out in calls the service accepts (≤ 500 records,
 * ≤ 5 MiB counting each record's data and partition key), one call at a time so a partition key's
 * records reach the stream in the order given. A partial failure (throttled shard, internal error)
 * re-sends only the failed entries, with exponential backoff and full jitter; a record that still
 * fails after the bounded attempts fails the write with an error that says how many and why.
 *
 * Order per partition key holds except across a retry: a re-sent record lands after the records of
 * its key that succeeded in the same call. Consumers do not depend on arrival order (aggregates
 * merge in any order; posts carry their own times).
 */
import {
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import type { StreamRecord, StreamWriter, WriteReport } from '../core/ports';

/** PutRecords limits (Kinesis service quotas). */
export const MAX_RECORDS_PER_CALL = 500;
export const MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
/** One record's data plus partition key. */
export const MAX_RECORD_BYTES = 1024 * 1024;
export const MAX_PARTITION_KEY_CHARS = 256;

export interface KinesisStreamWriterOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  /** Sends per call, the first included, before the write fails. @default 8 */
  readonly maxAttempts?: number;
  /** Backoff before the first re-send; doubles each time (full jitter: uniform in [0, delay)). @default 100 */
  readonly baseDelayMs?: number;
  /** Cap on the backoff. @default 5000 */
  readonly maxDelayMs?: number;
  /** Uniform [0, 1) source for the jitter. @default Math.random */
  readonly random?: () => number;
}

/** Some records could not be written after every attempt. */
export class StreamWriteError extends Error {
  override readonly name = 'StreamWriteError';

  constructor(
    message: string,
    /** Records that were not written by the failing call (later calls were not sent). */
    readonly failedCount: number,
    /** Records written before the failure. */
    readonly writtenCount: number,
    /** Error code of the last failure (entry `ErrorCode` or exception name). */
    readonly lastErrorCode: string,
  ) {
    super(message);
  }
}

/** Exceptions worth sending again: throttling and the service's own transient failures. */
const RETRYABLE_EXCEPTIONS = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'KMSThrottlingException',
  'InternalFailureException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ThrottlingException',
]);

export class KinesisStreamWriter implements StreamWriter {
  readonly maxRecordBytes = MAX_RECORD_BYTES;
  private readonly client: KinesisClient;
  private readonly streamName: string;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(options: KinesisStreamWriterOptions) {
    this.client = options.client;
    this.streamName = options.streamName;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
    this.random = options.random ?? Math.random;
    if (this.streamName === '') throw new TypeError('streamName must not be empty');
    if (!Number.isSafeInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${this.maxAttempts}`);
    }
    for (const [name, v] of [
      ['baseDelayMs', this.baseDelayMs],
      ['maxDelayMs', this.maxDelayMs],
    ] as const) {
      if (!Number.isFinite(v) || v < 0)
        throw new RangeError(`${name} must be a non-negative number, got ${v}`);
    }
  }

  /**
   * Writes every record; resolves once all are in the stream.
   * @throws RangeError before sending anything if a record breaks a per-record limit (producers
   *   keep to {@link maxRecordBytes}, so this means a bug, not bad input).
   * @throws StreamWriteError if records still fail after `maxAttempts` sends of their call.
   */
  async write(records: readonly StreamRecord[]): Promise<WriteReport> {
    const entries = records.map(toEntry);
    let written = 0;
    let retried = 0;
    for (const batch of sizedRuns(entries, MAX_RECORDS_PER_CALL, MAX_BYTES_PER_CALL)) {
      const r = await this.putBatch(batch, written);
      written += batch.length;
      retried += r;
    }
    return { written, retried };
  }

  /** Sends one call's entries until all are in; returns how many entries were re-sent. */
  private async putBatch(batch: Entry[], writtenBefore: number): Promise<number> {
    let pending = batch;
    let retried = 0;
    let lastError = { code: '', message: '' };
    for (let attempt = 1; ; attempt++) {
      const failed: Entry[] = [];
      try {
        const out = await this.client.send(
          new PutRecordsCommand({ StreamName: this.streamName, Records: pending.map((e) => e.request) }),
        );
        const results: PutRecordsResultEntry[] = out.Records ?? [];
        if ((out.FailedRecordCount ?? 0) > 0 || results.length !== pending.length) {
          pending.forEach((e, i) => {
            const r = results[i];
            if (r === undefined || r.ErrorCode !== undefined || r.SequenceNumber === undefined) {
              failed.push(e);
              lastError = { code: r?.ErrorCode ?? 'MissingResult', message: r?.ErrorMessage ?? '' };
            }
          });
        }
      } catch (err) {
        if (!isRetryable(err)) throw err;
        failed.push(...pending);
        lastError = { code: errorName(err), message: (err as Error).message };
      }
      if (failed.length === 0) return retried;
      if (attempt >= this.maxAttempts) {
        const done = writtenBefore + batch.length - failed.length;
        throw new StreamWriteError(
          `${failed.length} record(s) could not be written to stream "${this.streamName}" after ` +
            `${attempt} attempts (last error: ${lastError.code}${lastError.message ? `: ${lastError.message}` : ''}); ` +
            `${done} record(s) were written`,
          failed.length,
          done,
          lastError.code,
        );
      }
      retried += failed.length;
      pending = failed;
      await sleep(this.backoff(attempt));
    }
  }

  /** Full jitter: uniform in [0, min(cap, base · 2^(attempt−1))). */
  private backoff(attempt: number): number {
    return this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
  }
}

interface Entry {
  readonly request: PutRecordsRequestEntry;
  /** Bytes counted against the call's 5 MiB: data plus partition key. */
  readonly size: number;
}

function toEntry(r: StreamRecord, index: number): Entry {
  const { data, size } = checkedRecord(r, index);
  return { request: { PartitionKey: r.partitionKey, Data: data }, size };
}

/**
 * A record's data as bytes and its size against the limits (data plus partition key), the same on
 * Kinesis and on the Kafka path, so both refuse the same records.
 * @throws RangeError naming the record when its key or size is out of bounds.
 */
export function checkedRecord(r: StreamRecord, index: number): { data: Buffer; size: number } {
  const data = Buffer.from(r.data, 'utf8');
  const keyChars = [...r.partitionKey].length;
  if (keyChars < 1 || keyChars > MAX_PARTITION_KEY_CHARS) {
    throw new RangeError(
      `record ${index}: partition key must have 1 to ${MAX_PARTITION_KEY_CHARS} characters, got ${keyChars}`,
    );
  }
  const size = data.length + Buffer.byteLength(r.partitionKey, 'utf8');
  if (size > MAX_RECORD_BYTES) {
    throw new RangeError(
      `record ${index}: data and partition key take ${size} bytes, over ${MAX_RECORD_BYTES}`,
    );
  }
  return { data, size };
}

/** Consecutive runs of entries, each of at most `maxCount` entries and `maxBytes` bytes. */
export function* sizedRuns<T extends { readonly size: number }>(
  entries: readonly T[],
  maxCount: number,
  maxBytes: number,
): Generator<T[]> {
  let run: T[] = [];
  let bytes = 0;
  for (const e of entries) {
    if (run.length === maxCount || (run.length > 0 && bytes + e.size > maxBytes)) {
      yield run;
      run = [];
      bytes = 0;
    }
    run.push(e);
    bytes += e.size;
  }
  if (run.length > 0) yield run;
}

function isRetryable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    RETRYABLE_EXCEPTIONS.has(errorName(err)) ||
    (err as { $retryable?: unknown }).$retryable !== undefined ||
    (status !== undefined && status >= 500)
  );
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'UnknownError';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
