/**
 * Drives a handler with Kinesis events exactly as Lambda's event source mapping would: per shard,
 * GetRecords from the checkpoint (or TRIM_HORIZON), batches of up to `batchSize` gathered for up to
 * `batchWindowMs`, a `KinesisStreamEvent` per batch, `batchItemFailures` honoured (the checkpoint
 * stops before the first failed record and that record is read again), bounded retries, then the
 * batch goes to `onFailure` (Lambda's on-failure destination) and the shard moves on.
 */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
  type _Record,
} from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { Checkpoints } from './checkpoints';

export type StreamHandler = (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | void>;

export interface StreamConsumerOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  readonly handler: StreamHandler;
  readonly checkpoints: Checkpoints;
  /** Records per event. @default 500 */
  readonly batchSize?: number;
  /** Longest wait to fill a batch. @default 500 */
  readonly batchWindowMs?: number;
  /** Pause between empty reads. @default 200 */
  readonly pollIntervalMs?: number;
  /** Attempts of one batch before it goes to `onFailure`. @default 3 */
  readonly maxAttempts?: number;
  readonly onFailure?: (event: KinesisStreamEvent, error: string) => void;
  readonly region?: string;
  /**
   * While true, nothing is read or handled (records wait in the stream, as behind a stalled
   * consumer); a stop still finishes the batch in hand. @default never paused
   */
  readonly paused?: () => boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class StreamConsumer {
  private running = false;
  private loops: Promise<void>[] = [];
  /** Shards whose last read came back empty with nothing pending. */
  private readonly idle = new Map<string, boolean>();
  private readonly batchSize: number;
  private readonly windowMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly o: StreamConsumerOptions) {
    this.batchSize = o.batchSize ?? 500;
    this.windowMs = o.batchWindowMs ?? 500;
    this.pollMs = o.pollIntervalMs ?? 200;
    this.maxAttempts = o.maxAttempts ?? 3;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 10_000) {
      throw new RangeError(`batchSize must be 1..10000, got ${this.batchSize}`);
    }
  }

  async start(): Promise<void> {
    const shards = await this.o.client.send(new ListShardsCommand({ StreamName: this.o.streamName }));
    this.running = true;
    this.loops = (shards.Shards ?? []).map((s) => this.consumeShard(s.ShardId!));
  }

  /** Stops reading; resolves when every in-flight batch has been handled and checkpointed. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** True when every shard's last read found nothing new and nothing is pending. */
  get caughtUp(): boolean {
    return this.idle.size > 0 && [...this.idle.values()].every(Boolean);
  }

  private async iterator(shardId: string, at?: { type: 'AT' | 'AFTER'; seq: string }): Promise<string> {
    const checkpoint = this.o.checkpoints.get(shardId);
    const from = at ?? (checkpoint !== undefined ? { type: 'AFTER' as const, seq: checkpoint } : undefined);
    const r = await this.o.client.send(
      new GetShardIteratorCommand({
        StreamName: this.o.streamName,
        ShardId: shardId,
        ShardIteratorType:
          from === undefined
            ? 'TRIM_HORIZON'
            : from.type === 'AT'
              ? 'AT_SEQUENCE_NUMBER'
              : 'AFTER_SEQUENCE_NUMBER',
        ...(from !== undefined ? { StartingSequenceNumber: from.seq } : {}),
      }),
    );
    return r.ShardIterator!;
  }

  private async consumeShard(shardId: string): Promise<void> {
    let iterator = await this.iterator(shardId);
    let pending: _Record[] = [];
    let pendingSince = 0;
    let attempts = 0;
    while (this.running || pending.length > 0) {
      if (this.running && this.o.paused?.() === true) {
        this.idle.set(shardId, false);
        await sleep(this.pollMs);
        continue;
      }
      let fetched: _Record[] = [];
      if (this.running && pending.length < this.batchSize) {
        const r = await this.o.client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.batchSize - pending.length }),
        );
        fetched = r.Records ?? [];
        iterator = r.NextShardIterator ?? iterator;
        if (fetched.length > 0 && pending.length === 0) pendingSince = Date.now();
        pending = pending.concat(fetched);
      }
      const full = pending.length >= this.batchSize;
      const windowOver = pending.length > 0 && (Date.now() - pendingSince >= this.windowMs || !this.running);
      if (!full && !windowOver) {
        this.idle.set(shardId, pending.length === 0 && fetched.length === 0);
        if (fetched.length === 0) await sleep(this.pollMs);
        continue;
      }
      this.idle.set(shardId, false);
      const batch = pending;
      const event = this.event(shardId, batch);
      let failedAt: string | undefined;
      let error = '';
      try {
        const response = await this.o.handler(event);
        failedAt = response?.batchItemFailures?.[0]?.itemIdentifier;
        if (failedAt !== undefined) error = `batchItemFailures from ${failedAt}`;
      } catch (err) {
        failedAt = batch[0]!.SequenceNumber!;
        error = (err as Error).message;
      }
      if (failedAt === undefined) {
        this.o.checkpoints.set(shardId, batch[batch.length - 1]!.SequenceNumber!);
        pending = [];
        attempts = 0;
        continue;
      }
      const failedIndex = Math.max(
        0,
        batch.findIndex((r) => r.SequenceNumber === failedAt),
      );
      if (failedIndex > 0) this.o.checkpoints.set(shardId, batch[failedIndex - 1]!.SequenceNumber!);
      attempts++;
      if (attempts >= this.maxAttempts) {
        // Give up on this batch like Lambda after MaximumRetryAttempts: hand it to the on-failure destination.
        this.o.onFailure?.(this.event(shardId, batch.slice(failedIndex)), error);
        this.o.checkpoints.set(shardId, batch[batch.length - 1]!.SequenceNumber!);
        attempts = 0;
        pending = [];
        iterator = await this.iterator(shardId);
        continue;
      }
      // Read again from the failed record, as the event source mapping does.
      pending = [];
      iterator = await this.iterator(shardId, { type: 'AT', seq: failedAt });
      await sleep(Math.min(1000, 100 * 2 ** attempts));
    }
  }

  private event(shardId: string, records: readonly _Record[]): KinesisStreamEvent {
    return kinesisEventFrom(records, { shardId, streamName: this.o.streamName, region: this.o.region });
  }
}

/** GetRecords' records as the Kinesis event source mapping hands them to a Lambda function. */
export function kinesisEventFrom(
  records: readonly _Record[],
  o: { readonly shardId: string; readonly streamName: string; readonly region?: string },
): KinesisStreamEvent {
  const region = o.region ?? 'us-east-1';
  const arn = `arn:aws:kinesis:${region}:000000000000:stream/${o.streamName}`;
  return {
    Records: records.map((r): KinesisStreamRecord => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: r.PartitionKey!,
        sequenceNumber: r.SequenceNumber!,
        data: Buffer.from(r.Data ?? new Uint8Array()).toString('base64'),
        approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${o.shardId}:${r.SequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::000000000000:role/trendoff-local`,
      awsRegion: region,
      eventSourceARN: arn,
    })),
  };
}
