/**
 * `trendoff local`: the whole pipeline on one machine, through the same handlers as the cloud.
 * Emulators of Kinesis, DynamoDB and S3 on loopback (and, for the Kafka path, a Kafka-protocol
 * broker); the producer writes the source to the stream; the processor handler and a raw archiver
 * consume it as Lambda and Firehose would (on Kafka: as consumer-group members, the processor's as
 * the workers run it); the query API handler and the dashboard are served on 127.0.0.1.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Writable } from 'stream';
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { dynamoClient, kinesisClient, s3Client } from '../../lambda/adapters/aws-clients';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import { DynamoRecentIds, MAX_SAVED_IDS } from '../../lambda/adapters/dynamo-recent-ids';
import { KinesisStreamWriter } from '../../lambda/adapters/kinesis-stream-writer';
import { KafkaBatchConsumer, type KafkaBatchHandler } from '../../lambda/adapters/kafka-batch-consumer';
import { createKafka } from '../../lambda/adapters/kafka-client';
import { KafkaStreamWriter } from '../../lambda/adapters/kafka-stream-writer';
import type { StreamWriter } from '../../lambda/core/ports';
import type { AggregateStore, ArchiveStore } from '../../lambda/core/ports';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import { createQueryApi } from '../../lambda/core/api/routes';
import type { DebateConfig } from '../../lambda/core/debate-config';
import { isDecimalId } from '../../lambda/core/normalise/checks';
import type { Scorer } from '../../lambda/core/sentiment/scorer';
import {
  createBatchProcessor,
  createProcessor,
  type ProcessorBatchReport,
  type ProcessorDeps,
} from '../../lambda/handlers/processor';
import {
  ARCHIVE_KAFKA_GROUP,
  DEFAULT_KAFKA_GROUP,
  DEFAULT_KAFKA_TOPIC,
} from '../../lambda/handlers/env/kafka-env';
import { PROCESSOR_SERVICE } from '../../lambda/handlers/env/processor-env';
import { METRICS_NAMESPACE } from '../../lambda/handlers/handler-config';
import {
  openPostStream,
  readSourceLines,
  type PostFormatChoice,
  type SourceLine,
} from '../../lambda/io/post-file';
import { DedupingWriter } from '../../lambda/producer/dedupe-writer';
import { produce } from '../../lambda/producer/produce';
import { syntheticSource } from '../../lambda/producer/synthetic-source';
import { pumpLive } from '../../lambda/x/live-pump';
import { xStreamSource, type XStreamEvent } from '../../lambda/x/stream-source';
import { DEFAULT_STALL_MS } from '../../lambda/x/watchdog';
import { timeoutMs } from '../../lambda/adapters/network-timeouts';
import { startApiServer } from './api-server';
import { checkDataDirLayout } from './data-dir-layout';
import { EdgeCache } from './edge-cache';
import { Checkpoints } from './checkpoints';
import { startEmulatorProcess } from './emulator-process';
import { ensureBucket, ensureStream, ensureTable, startEmulators } from './emulators';
import { startKafkaBroker } from './kafka-broker';
import { createBatchArchiver, createRawArchiver } from './raw-archiver';
import { ProgressLine } from './progress-line';
import { partitionKeysSince } from './stream-tail';
import { StreamConsumer } from './stream-consumer';

export type LocalSource =
  | {
      readonly kind: 'synthetic';
      readonly minutes: number;
      readonly rate: number;
      readonly seed: string;
      readonly malformedRate: number;
    }
  | {
      readonly kind: 'replay';
      readonly input: string;
      /** @default 'auto' (see lambda/io/post-format.ts) */
      readonly format?: PostFormatChoice;
    }
  /** X's live filtered stream (runs until stopped); the token is in `xBearerToken`, never here. */
  | {
      readonly kind: 'x';
      readonly apiUrl: string;
      /** Most minutes a reconnect asks X to backfill (0 = off). */
      readonly backfillMinutes?: number;
    }
  /** Nothing new: serve what the data dir already holds (past debates). */
  | { readonly kind: 'none' };

/** The stream between producer and processor. */
export const LOCAL_STREAMS = ['kinesis', 'kafka'] as const;
export type LocalStream = (typeof LOCAL_STREAMS)[number];

export interface LocalOptions {
  readonly config: DebateConfig;
  /** @default 'kinesis' */
  readonly stream?: LocalStream;
  /**
   * Kafka: consumer-group members running the processor, each with its own client and
   * de-duplication window, as separate workers would (at most `shards`). @default 1
   */
  readonly workers?: number;
  readonly source: LocalSource;
  /** The X bearer token, for `source.kind === 'x'` (kept out of the source, which is saved). */
  readonly xBearerToken?: string;
  /** Replay speed (× real time); Infinity = as fast as possible. */
  readonly speed: number;
  readonly scorer: Scorer;
  readonly bucketMs: number;
  /** State directory; undefined = in memory (nothing survives the run). */
  readonly dataDir: string | undefined;
  readonly fresh: boolean;
  readonly once: boolean;
  /** API and dashboard port on 127.0.0.1 (0 = any free port). */
  readonly port: number;
  /** Put the CloudFront-like shared cache in front of the API. @default false */
  readonly edgeCache?: boolean;
  /** Kinesis shards, or Kafka partitions. */
  readonly shards: number;
  readonly batchSize: number;
  readonly batchWindowMs: number;
  /**
   * Most records sent but not yet processed before the producer waits (0 = no bound). Keeps a
   * replay at `--speed max` from racing ahead of the processor on the same machine.
   */
  readonly maxBacklog: number;
  /** Built dashboard to serve (web/dist), if any. */
  readonly webDir: string | undefined;
  readonly stderr: Writable;
  readonly signal: AbortSignal;
  /**
   * While true, the processor reads nothing: records wait in the stream as behind a stalled
   * consumer, and /health says so (to rehearse what the dashboard shows then). The Kinesis path
   * only. @default never
   */
  readonly paused?: () => boolean;
  /**
   * The CLI bundle, to run the emulators in a child process on another core; in this process when
   * undefined (tests, programmatic use).
   */
  readonly emulatorScript?: string;
  /** Called once the API is up. */
  readonly onReady?: (url: string) => void;
  /** With `once`: called when everything is processed, before anything stops (tests query the API here). */
  readonly whenDone?: (ctx: {
    readonly url: string;
    readonly store: AggregateStore;
    readonly archive: ArchiveStore;
  }) => Promise<void>;
}

export interface LocalSummary {
  readonly tweets_in: number;
  readonly processed: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly unmatched: number;
  readonly per_candidate: Record<string, number>;
  readonly elapsed_s: number;
  readonly tweets_per_s: number;
  /** 95th percentile of the processing lag (`PROCESSING_LAG` in lambda/core/api/contract.ts) over the run. */
  readonly processing_lag_p95_ms: number | null;
}

const STREAM = 'trendoff-local';
/** See `leaderSyncDelayMs` (lambda/adapters/kafka-batch-consumer.ts): the mock broker's late followers. */
const MOCK_LEADER_SYNC_DELAY_MS = 2000;
/** The local table and archive bucket (the report reads them from a data directory too). */
export const TABLE = 'trendoff-local';
export const BUCKET = 'trendoff-archive';

export async function runLocal(o: LocalOptions): Promise<LocalSummary> {
  const stream = o.stream ?? 'kinesis';
  const workers = o.workers ?? 1;
  if (stream === 'kafka') checkKafkaRun(o, workers);
  if (o.dataDir !== undefined && o.fresh) fs.rmSync(o.dataDir, { recursive: true, force: true });
  if (o.dataDir !== undefined) checkDataDirLayout(o.dataDir);
  // A replay from S3 reads the user's real bucket: its client is built before the emulators'
  // endpoints take over the SDK's environment.
  const sourceS3 = o.source.kind === 'replay' && o.source.input.startsWith('s3://') ? s3Client() : undefined;
  const emulatorOptions = { dataDir: o.dataDir === undefined ? undefined : path.join(o.dataDir, 'aws') };
  const emulators =
    o.emulatorScript === undefined
      ? await startEmulators(emulatorOptions)
      : await startEmulatorProcess(o.emulatorScript, emulatorOptions);
  const stops: (() => Promise<void>)[] = [() => emulators.stop()];
  try {
    // The handlers and adapters read the SDK's standard settings, as they do in Lambda.
    Object.assign(process.env, {
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      // s3rver accepts only its own fixed key pair; the other emulators accept any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_KINESIS: emulators.endpoints.kinesis,
      AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
      // Locally, metrics go to the status line, not as CloudWatch EMF lines on stdout.
      POWERTOOLS_METRICS_DISABLED: 'true',
      // The SDK's notice about its future Node.js 22 floor would interrupt the status line on every run.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    const kinesis = kinesisClient();
    const dynamo = dynamoClient();
    const s3 = s3Client();
    await Promise.all([
      ...(stream === 'kinesis' ? [ensureStream(kinesis, STREAM, o.shards)] : []),
      ensureTable(dynamo, TABLE),
      ensureBucket(s3, BUCKET),
    ]);
    const store = new DynamoAggregateStore({ client: dynamo, tableName: TABLE });
    const archive = new S3ArchiveStore({ client: s3, bucket: BUCKET });

    const stats = new RunStats();
    const processorDeps: ProcessorDeps = {
      store,
      archive,
      config: o.config,
      scorer: o.scorer,
      bucketMs: o.bucketMs,
      logger: new Logger({ serviceName: 'trendoff-processor', logLevel: 'ERROR' }),
      metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: PROCESSOR_SERVICE }),
      onBatch: (r) => stats.batch(r),
    };
    let consumers: LocalConsumers;
    let writer: StreamWriter & { close?: () => Promise<void> };
    if (stream === 'kafka') {
      const broker = await startKafkaBroker([{ name: DEFAULT_KAFKA_TOPIC, partitions: o.shards }]);
      stops.push(() => broker.stop());
      const kafkaFor = (clientId: string) => createKafka({ brokers: broker.brokers, clientId, auth: 'none' });
      const member = (clientId: string, groupId: string, handler: KafkaBatchHandler) =>
        new KafkaBatchConsumer({
          kafka: kafkaFor(clientId),
          topic: DEFAULT_KAFKA_TOPIC,
          groupId,
          handler,
          batchSize: o.batchSize,
          batchWindowMs: o.batchWindowMs,
          leaderSyncDelayMs: MOCK_LEADER_SYNC_DELAY_MS,
        });
      // Each worker its own processor, as separate processes would have: own client, own de-duplication window.
      const processors = Array.from({ length: workers }, (_, i) =>
        member(`trendoff-worker-${i + 1}`, DEFAULT_KAFKA_GROUP, createBatchProcessor(processorDeps)),
      );
      const archiver = member(
        'trendoff-archiver',
        ARCHIVE_KAFKA_GROUP,
        createBatchArchiver(archive, o.config.id),
      );
      consumers = {
        start: async () => {
          await Promise.all([...processors, archiver].map((c) => c.start()));
        },
        stop: async () => {
          await Promise.all([archiver, ...processors].map((c) => c.stop()));
        },
        caughtUp: async () => (await processors[0]!.caughtUp()) && (await archiver.caughtUp()),
      };
      writer = new KafkaStreamWriter({ kafka: kafkaFor('trendoff-producer'), topic: DEFAULT_KAFKA_TOPIC });
    } else {
      const checkpoint = (name: string): Checkpoints =>
        new Checkpoints(
          o.dataDir === undefined ? undefined : path.join(o.dataDir, 'checkpoints', `${name}.json`),
        );
      const consumerBase = {
        client: kinesis,
        streamName: STREAM,
        batchSize: o.batchSize,
        batchWindowMs: o.batchWindowMs,
      };
      const processing = new StreamConsumer({
        ...consumerBase,
        handler: createProcessor(processorDeps),
        checkpoints: checkpoint('processor'),
        ...(o.paused !== undefined ? { paused: o.paused } : {}),
        onFailure: (event, error) =>
          o.stderr.write(`\nprocessor gave up on ${event.Records.length} records: ${error}\n`),
      });
      const archiving = new StreamConsumer({
        ...consumerBase,
        handler: createRawArchiver(archive, o.config.id),
        checkpoints: checkpoint('archiver'),
      });
      consumers = {
        start: async () => {
          await processing.start();
          await archiving.start();
        },
        stop: async () => {
          await archiving.stop();
          await processing.stop();
        },
        caughtUp: async () => processing.caughtUp && archiving.caughtUp,
      };
      writer = new KinesisStreamWriter({ client: kinesis, streamName: STREAM });
    }
    await consumers.start();
    stops.unshift(() => consumers.stop());
    if (writer.close !== undefined) {
      const close = writer.close.bind(writer);
      stops.unshift(close);
    }

    const api = await startApiServer({
      handler: createQueryApi({
        store,
        archive,
        labmtWords: o.scorer.userWords,
        pipeline: () => ({
          // Only the Kinesis path's processor can be paused (see `paused`).
          state: stream === 'kinesis' && o.paused?.() === true ? 'paused' : 'running',
          waiting: Math.max(0, stats.sent - stats.handled),
        }),
      }),
      staticDir: o.webDir,
      port: o.port,
      ...(o.edgeCache === true ? { edgeCache: new EdgeCache() } : {}),
    });
    stops.unshift(() => api.close());
    o.onReady?.(api.url);

    const progress = new ProgressLine(o.stderr, stats);
    stops.unshift(async () => progress.stop());
    const started = Date.now();
    // A restart resumes the same source where it stopped instead of sending its posts again.
    const resume = new ProducerCheckpoint(o.dataDir, sourceFingerprint(o));
    // A live stream cannot be resumed by position: what X sends next is new.
    const alreadySent = o.source.kind === 'x' ? 0 : resume.sent;
    if (alreadySent > 0)
      o.stderr.write(
        `resuming the source after the ${alreadySent.toLocaleString('en-US')} records already sent\n`,
      );
    const produceOptions = {
      signal: o.signal,
      beforeWrite: async () => {
        // Counts of this run only: what this run sent against what it processed.
        while (o.maxBacklog > 0 && stats.sent - stats.handled > o.maxBacklog && !o.signal.aborted) {
          await new Promise((r) => setTimeout(r, 10));
        }
      },
      onProgress: (p: { sent: number }) => {
        stats.produced(p.sent);
        resume.save(alreadySent + p.sent);
      },
    };
    // The live source drops posts already sent, as the cloud's leased producer does, with its window
    // kept in the local table so a restart's reconnect (and its backfill) is de-duplicated too.
    const liveWriter =
      o.source.kind === 'x'
        ? await DedupingWriter.open(writer, {
            store: new DynamoRecentIds({
              client: dynamo,
              tableName: TABLE,
              debateId: o.config.id,
              holder: 'local',
            }),
            capacity: MAX_SAVED_IDS,
          })
        : undefined;
    // A stop between a write and the save of the place resends that write's posts on resume: the
    // posts that reached the stream since the last save are read back and not sent again.
    const resumeWriter = async () =>
      alreadySent > 0 && resume.savedAt !== undefined
        ? DedupingWriter.open(writer, {
            capacity: MAX_SAVED_IDS,
            alreadySent: (await partitionKeysSince(kinesis, STREAM, resume.savedAt - CLOCK_SLACK_MS)).filter(
              isDecimalId,
            ),
          })
        : writer;
    const produced =
      o.source.kind === 'x' && liveWriter !== undefined
        ? await pumpLive(
            xStreamSource({
              apiUrl: o.source.apiUrl,
              bearerToken: o.xBearerToken ?? '',
              signal: o.signal,
              // A shorter network timeout (TRENDOFF_TIMEOUT_MS) also shortens the wait for a silent stream.
              stallMs: Math.min(DEFAULT_STALL_MS, timeoutMs()),
              backfillMinutes: o.source.backfillMinutes ?? 0,
              onEvent: (e) => progress.source(describeXEvent(e)),
            }),
            liveWriter,
            produceOptions,
          ).finally(() => liveWriter.close())
        : await produce(skipLines(await openSource(o, sourceS3), alreadySent), await resumeWriter(), {
            ...produceOptions,
            speed: o.speed,
          });
    stats.produced(produced.sent);

    if (!o.once && !o.signal.aborted) {
      progress.note(
        `trendoff local: the source has ended (${(alreadySent + produced.sent).toLocaleString('en-US')} ` +
          'records sent in all); the API and dashboard stay up until Ctrl-C; run again with --fresh to start over',
      );
      progress.source('source ended');
    }
    if (o.once) {
      // Done when both consumers have read to the end of the stream and handled it.
      while (!(stats.handled >= produced.sent && (await consumers.caughtUp())) && !o.signal.aborted) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await o.whenDone?.({ url: api.url, store, archive });
    } else {
      await new Promise<void>((resolve) => {
        if (o.signal.aborted) resolve();
        else o.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    const elapsed = (Date.now() - started) / 1000;
    const perCandidate: Record<string, number> = {};
    for (const id of Object.keys(o.config.candidates)) {
      let n = 0;
      for (const agg of (await store.readBuckets(o.config.id, id, 0, 8.64e15)).values()) n += agg.count;
      perCandidate[id] = n;
    }
    return {
      tweets_in: produced.sent,
      processed: stats.handled,
      rejected: stats.rejected,
      duplicates: stats.duplicates,
      unmatched: stats.unmatched,
      per_candidate: perCandidate,
      elapsed_s: Math.round(elapsed * 1000) / 1000,
      tweets_per_s: Math.round(produced.sent / Math.max(elapsed, 1e-3)),
      processing_lag_p95_ms: stats.p95Lag(),
    };
  } finally {
    for (const stop of stops) await stop();
  }
}

/** The stream's consumers (processor and archiver), whatever the stream. */
interface LocalConsumers {
  start(): Promise<void>;
  /** Finishes the batches in hand and stops. */
  stop(): Promise<void>;
  /** Every record in the stream handled by both. */
  caughtUp(): Promise<boolean>;
}

/**
 * A consumer group gives each partition to one member, so members beyond the partitions would sit
 * idle. (The command line also refuses a data dir holding state: the local broker keeps nothing
 * between runs, so its offsets would start again at 0 under the stored watermarks.)
 */
function checkKafkaRun(o: LocalOptions, workers: number): void {
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new RangeError(`workers must be a positive integer, got ${workers}`);
  if (workers > o.shards)
    throw new RangeError(`workers (${workers}) must be at most the topic's partitions (${o.shards})`);
}

/** The first `n` records of a source, dropped (what an earlier run of the same source already sent). */
async function* skipLines(
  source: AsyncIterable<SourceLine[]> | Iterable<SourceLine[]>,
  n: number,
): AsyncGenerator<SourceLine[]> {
  let left = n;
  for await (const batch of source) {
    if (left >= batch.length) {
      left -= batch.length;
      continue;
    }
    yield left > 0 ? batch.slice(left) : batch;
    left = 0;
  }
}

function sourceFingerprint(o: LocalOptions): string {
  return JSON.stringify({ debate: o.config.id, source: o.source });
}

/** Margin for the read-back of a resumed replay: arrival times and the saved time are both this machine's clock. */
const CLOCK_SLACK_MS = 1000;

/** How much of which source the producer has sent, and when that was saved, under the data dir. */
class ProducerCheckpoint {
  readonly sent: number;
  /** Epoch ms of the last save (absent in checkpoints written before it was recorded). */
  readonly savedAt: number | undefined;
  private readonly file: string | undefined;

  constructor(
    dataDir: string | undefined,
    private readonly source: string,
  ) {
    this.file = dataDir === undefined ? undefined : path.join(dataDir, 'checkpoints', 'producer.json');
    let sent = 0;
    let savedAt: number | undefined;
    if (this.file !== undefined && fs.existsSync(this.file)) {
      const saved = JSON.parse(fs.readFileSync(this.file, 'utf8')) as {
        source?: string;
        sent?: number;
        savedAt?: number;
      };
      if (saved.source === source && typeof saved.sent === 'number') {
        sent = saved.sent;
        if (typeof saved.savedAt === 'number') savedAt = saved.savedAt;
      }
    }
    this.sent = sent;
    this.savedAt = savedAt;
  }

  save(sent: number): void {
    if (this.file === undefined) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ source: this.source, sent, savedAt: Date.now() }));
    fs.renameSync(tmp, this.file);
  }
}

async function openSource(
  o: LocalOptions,
  s3: S3Client | undefined,
): Promise<AsyncIterable<SourceLine[]> | Iterable<SourceLine[]>> {
  if (o.source.kind === 'synthetic') {
    const { minutes, rate, seed, malformedRate } = o.source;
    return syntheticSource(o.config, { minutes, rate, seed, malformedRate });
  }
  if (o.source.kind === 'x') throw new Error('the X source is read by pumpLive, not openSource');
  if (o.source.kind === 'none') return [];
  return readSourceLines(await openPostStream(o.source.input, { s3 }), {
    format: o.source.format,
    name: o.source.input,
  });
}

/** What the live X source is doing, for the status line: connecting, connected, stalled, reconnecting. */
function describeXEvent(e: XStreamEvent): string {
  if (e.type === 'connecting') return `X: connecting to ${e.host}`;
  if (e.type === 'connected') return 'X: connected';
  const wait = `reconnecting in ${Math.round(e.delayMs / 100) / 10} s`;
  return e.cause === 'stall' ? `X: stalled (${e.detail}), ${wait}` : `X: ${wait} (${e.cause}: ${e.detail})`;
}

/** Counters of the run, fed by the processor after each batch. */
class RunStats {
  sent = 0;
  handled = 0;
  rejected = 0;
  duplicates = 0;
  unmatched = 0;
  newestPostAt: number | null = null;
  private lags: number[] = [];

  batch(r: ProcessorBatchReport): void {
    if (r.failed) return;
    const done = Date.now();
    this.handled += r.counts.records;
    this.rejected += r.counts.rejected;
    this.duplicates += r.counts.duplicate;
    this.unmatched += r.counts.unmatched + r.counts.otherLanguage;
    if (r.newestPostAt !== null) this.newestPostAt = Math.max(this.newestPostAt ?? 0, r.newestPostAt);
    for (const a of r.arrivals) this.lags.push(done - a);
  }

  produced(sent: number): void {
    this.sent = sent;
  }

  /** 95th percentile of the processing lag (record arrival in the stream → its aggregates stored). */
  p95Lag(): number | null {
    if (this.lags.length === 0) return null;
    const sorted = Float64Array.from(this.lags).sort();
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!);
  }

  /** The processing lag of the newest record of the latest batch (what /health reports too). */
  latestLag(): number | null {
    return this.lags.length === 0 ? null : this.lags[this.lags.length - 1]!;
  }
}
