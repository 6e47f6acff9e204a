/**
 * A Kafka consumer-group member that hands each partition's messages, in offset order and in
 * batches of at most `batchSize`, to a batch handler (the processor, the raw archiver), and commits
 * a batch's offsets only once the handler has stored it. A batch the handler could not store is
 * offered again, with backoff, until it is stored or the member stops; what is not committed is
 * read again by whichever member holds the partition next, and the stores' per-partition watermarks
 * (partition = shard, offset = sequence number) make that redelivery change nothing.
 *
 * `stop()` drains: the batch in hand is finished and committed, nothing more is fetched, and the
 * member leaves its group so the others take its partitions at once (a spot interruption's two
 * minutes are ample). A member that dies without leaving is noticed after the session timeout.
 * A member whose client crashes on an error kafkajs does not recover from (the local mock broker
 * answers a late SyncGroup during a rebalance with INVALID_REQUEST) starts a new client and joins
 * again, with backoff, rather than sitting out the rest of the run.
 */
import {
  PartitionAssigners,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type PartitionAssigner,
} from 'kafkajs';
import { kafkaBatchInput, type KafkaBatchInput } from '../core/kafka-batch';

export type KafkaBatchHandler = (batch: KafkaBatchInput) => Promise<boolean>;

export interface KafkaBatchConsumerOptions {
  readonly kafka: Pick<Kafka, 'consumer' | 'admin'>;
  readonly topic: string;
  readonly groupId: string;
  readonly handler: KafkaBatchHandler;
  /** Messages per handler call. @default 1000 */
  readonly batchSize?: number;
  /** Longest wait for a fetch to fill before it answers. @default 500 */
  readonly batchWindowMs?: number;
  /** A member silent this long is dropped from the group and its partitions reassigned. @default 10000 */
  readonly sessionTimeoutMs?: number;
  /** Longest backoff between offers of a batch that could not be stored. @default 5000 */
  readonly maxRetryDelayMs?: number;
  /**
   * As the group's leader, wait this long before handing out the assignment. librdkafka's mock
   * broker closes a rebalance as soon as the leader's assignment arrives and answers a follower's
   * SyncGroup that comes after it with INVALID_REQUEST; the wait lets followers get theirs in.
   * @default 0
   */
  readonly leaderSyncDelayMs?: number;
  /** Called when a batch could not be stored (it will be offered again). */
  readonly onRetry?: (shardId: string, attempt: number) => void;
  /** Called when the client crashed and the member is about to join again with a new one. */
  readonly onCrash?: (error: string) => void;
  /** Called after each join of the group with the partitions this member now holds. */
  readonly onAssigned?: (partitions: readonly number[]) => void;
}

/** What the member is doing, for its health endpoint and metrics. */
export interface KafkaConsumerHealth {
  readonly running: boolean;
  /** Partitions this member holds now. */
  readonly partitions: readonly number[];
  /** Epoch ms of the last batch stored and committed; null before the first. */
  readonly lastCommitAt: number | null;
  /** Messages behind the partition's end after the last batch of each partition, summed. */
  readonly offsetLag: number;
  readonly batchesStored: number;
  /** Offers of a batch that failed (each one retried). */
  readonly batchesFailed: number;
  /** Crashes the member started again from. */
  readonly restarts: number;
  /** The last crash's error, if any. */
  readonly lastCrash: string | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class KafkaBatchConsumer {
  private consumer: Consumer;
  private readonly batchSize: number;
  private readonly maxRetryDelayMs: number;
  private readonly lagByPartition = new Map<number, number>();
  private partitions: number[] = [];
  private running = false;
  private lastCommitAt: number | null = null;
  private batchesStored = 0;
  private batchesFailed = 0;
  private restarts = 0;
  private lastCrash: string | null = null;
  private restarting: Promise<void> | undefined;
  private admin: Admin | undefined;

  constructor(private readonly o: KafkaBatchConsumerOptions) {
    this.batchSize = o.batchSize ?? 1000;
    this.maxRetryDelayMs = o.maxRetryDelayMs ?? 5000;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 10_000)
      throw new RangeError(`batchSize must be 1..10000, got ${this.batchSize}`);
    this.consumer = this.newConsumer();
  }

  private newConsumer(): Consumer {
    const sessionTimeout = this.o.sessionTimeoutMs ?? 10_000;
    const consumer = this.o.kafka.consumer({
      groupId: this.o.groupId,
      sessionTimeout,
      heartbeatInterval: Math.max(100, Math.floor(sessionTimeout / 10)),
      rebalanceTimeout: 60_000,
      maxWaitTimeInMs: this.o.batchWindowMs ?? 500,
      allowAutoTopicCreation: false,
      partitionAssigners: [delayedAssigner(this.o.leaderSyncDelayMs ?? 0)],
    });
    const { GROUP_JOIN, CRASH } = consumer.events;
    consumer.on(GROUP_JOIN, (e) => {
      this.partitions = [...(e.payload.memberAssignment[this.o.topic] ?? [])].sort((a, b) => a - b);
      for (const p of [...this.lagByPartition.keys()])
        if (!this.partitions.includes(p)) this.lagByPartition.delete(p);
      this.o.onAssigned?.(this.partitions);
    });
    // kafkajs restarts the member itself after a retriable error; after any other, a new client.
    consumer.on(CRASH, (e) => {
      if (e.payload.restart || !this.running) return;
      this.lastCrash = e.payload.error.message;
      this.partitions = [];
      this.o.onCrash?.(this.lastCrash);
      this.restarting ??= this.restart().finally(() => (this.restarting = undefined));
    });
    return consumer;
  }

  private async restart(): Promise<void> {
    for (let attempt = 1; this.running; attempt++) {
      await sleep(Math.min(30_000, 500 * 2 ** attempt));
      if (!this.running) return;
      await this.consumer.disconnect().catch(() => undefined);
      this.consumer = this.newConsumer();
      this.restarts++;
      try {
        await this.run();
        return;
      } catch (err) {
        this.lastCrash = (err as Error).message;
      }
    }
  }

  private async run(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.o.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Joins the group and starts consuming (from the earliest message when the group has no offsets). */
  async start(): Promise<void> {
    this.running = true;
    await this.run();
  }

  /** Finishes and commits the batch in hand, then leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    await this.restarting;
    await this.consumer.disconnect();
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  health(): KafkaConsumerHealth {
    return {
      running: this.running && this.restarting === undefined,
      partitions: this.partitions,
      lastCommitAt: this.lastCommitAt,
      offsetLag: [...this.lagByPartition.values()].reduce((a, b) => a + b, 0),
      batchesStored: this.batchesStored,
      batchesFailed: this.batchesFailed,
      restarts: this.restarts,
      lastCrash: this.lastCrash,
    };
  }

  /**
   * True when the group (every member, not only this one) has committed every partition up to its
   * end: redelivered batches cannot fool it, as counting records would be.
   */
  async caughtUp(): Promise<boolean> {
    if (this.admin === undefined) {
      const admin = this.o.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    const [ends, committed] = await Promise.all([
      this.admin.fetchTopicOffsets(this.o.topic),
      this.admin.fetchOffsets({ groupId: this.o.groupId, topics: [this.o.topic] }),
    ]);
    const done = new Map(
      (committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset === '-1' ? '0' : p.offset)]),
    );
    return ends.every((e) => (done.get(e.partition) ?? 0n) >= BigInt(e.high));
  }

  private async eachBatch(p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    const messages = batch.messages;
    for (let i = 0; i < messages.length; i += this.batchSize) {
      if (!p.isRunning() || p.isStale()) return;
      const chunk = messages.slice(i, i + this.batchSize);
      const input = kafkaBatchInput(
        batch.topic,
        batch.partition,
        chunk.map((m) => ({
          offset: m.offset,
          timestampMs: Number(m.timestamp),
          value: m.value === null ? '' : m.value.toString('utf8'),
        })),
      );
      for (let attempt = 1; !(await this.o.handler(input)); attempt++) {
        this.batchesFailed++;
        this.o.onRetry?.(input.shardId, attempt);
        // Stopping leaves the batch uncommitted: the partition's next holder reads it again.
        if (!p.isRunning() || p.isStale()) return;
        await sleep(Math.min(this.maxRetryDelayMs, 100 * 2 ** attempt));
        await p.heartbeat();
      }
      const last = chunk[chunk.length - 1]!.offset;
      p.resolveOffset(last);
      await p.commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }],
          },
        ],
      });
      this.lastCommitAt = Date.now();
      this.batchesStored++;
      this.lagByPartition.set(batch.partition, Math.max(0, Number(batch.highWatermark) - Number(last) - 1));
      await p.heartbeat();
    }
  }
}

/** kafkajs's round-robin assignment, handed out after `delayMs` (see `leaderSyncDelayMs`). */
function delayedAssigner(delayMs: number): PartitionAssigner {
  if (delayMs <= 0) return PartitionAssigners.roundRobin;
  return (config) => {
    const inner = PartitionAssigners.roundRobin(config);
    return {
      ...inner,
      assign: async (group) => {
        await sleep(delayMs);
        return inner.assign(group);
      },
    };
  };
}
