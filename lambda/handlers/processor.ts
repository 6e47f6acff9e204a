/**
 * The stream processor: a Kinesis event source batch in, per-candidate aggregates out. Thin: decode
 * the records, let the core build the batch's delta, store it exactly once in effect, quarantine
 * what could not be read. Runs as a Lambda, locally driven by `trendoff local` with the same event,
 * and (through `createBatchProcessor`) as the Kafka path's workers.
 */
import { gzipSync } from 'zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { archiveKey } from '../core/archive-keys';
import { buildBatch, type BatchCounts, type StreamLine } from '../core/batch';
import type { DebateConfig } from '../core/debate-config';
import { createTweetPipeline } from '../core/pipeline';
import type { Scorer } from '../core/sentiment/scorer';
import type { AggregateStore, ArchiveStore, DebateMeta } from '../core/ports';
import { debateMetaOf } from '../core/debate-meta';
import { dynamoClient, s3Client } from '../adapters/aws-clients';
import { DynamoAggregateStore } from '../adapters/dynamo-aggregate-store';
import { S3ArchiveStore } from '../adapters/s3-archive-store';
import { loadScorer, ScorerSetupError } from '../io/load-scorer';
import { parseProcessorEnv, PROCESSOR_METRICS, PROCESSOR_SERVICE } from './env/processor-env';
import { ConfigError, METRICS_NAMESPACE } from './handler-config';

export interface ProcessorDeps {
  readonly store: AggregateStore;
  readonly archive: ArchiveStore;
  readonly config: DebateConfig;
  readonly scorer: Scorer;
  readonly bucketMs: number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Called after each batch (the local runner's progress line). */
  readonly onBatch?: (report: ProcessorBatchReport) => void;
}

export interface ProcessorBatchReport {
  readonly shardId: string;
  readonly counts: BatchCounts;
  readonly newestPostAt: number | null;
  readonly newestArrivalAt: number;
  /** Arrival time of each record (epoch ms), for lag statistics. */
  readonly arrivals: readonly number[];
  readonly failed: boolean;
}

export type ProcessorHandler = (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

/** One shard's (or topic-partition's) records, in stream order, at least one. */
export interface StreamBatch {
  readonly shardId: string;
  readonly lines: readonly StreamLine[];
}

/**
 * Processes one batch of any stream: true when its aggregates (and quarantine) are stored, false
 * when storing failed and the batch must be delivered again from its first record (Kinesis: a
 * batch item failure; Kafka: its offsets are not committed).
 */
export type BatchProcessor = (batch: StreamBatch) => Promise<boolean>;

/** The processor behind every host: the Kinesis Lambda, the MSK Lambda and the Kafka workers. */
export function createBatchProcessor(deps: ProcessorDeps): BatchProcessor {
  const logger = deps.logger ?? new Logger({ serviceName: PROCESSOR_SERVICE });
  const metrics =
    deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: PROCESSOR_SERVICE });
  // De-duplication by post id spans batches for as long as this container lives.
  const pipeline = createTweetPipeline({ config: deps.config, scorer: deps.scorer });
  const meta: DebateMeta = debateMetaOf(deps.config, deps.bucketMs, deps.scorer.name);
  let registered: Promise<void> | undefined;

  return async ({ shardId, lines }) => {
    const result = buildBatch(lines, { pipeline, debateId: meta.id, shardId, bucketMs: deps.bucketMs });
    let stored = true;
    try {
      registered ??= deps.store.putDebate(meta);
      await registered;
      await deps.store.applyBatch(result.delta);
      if (result.rejected.length > 0) {
        const key = archiveKey({
          kind: 'quarantine',
          debateId: meta.id,
          at: result.rejected[0]!.arrivalMs,
          shardId,
          firstSequence: lines[0]!.sequenceNumber,
          lastSequence: result.delta.lastSequence,
        });
        const body = result.rejected.map((r) => JSON.stringify(r)).join('\n') + '\n';
        await deps.archive.put(key, gzipSync(body));
      }
    } catch (err) {
      stored = false;
      registered = undefined;
      // Aggregates are written per batch, so a failure is the batch's: it is delivered again from
      // its first record (or bisected); watermarks make the retry safe.
      logger.error('batch failed; asking for a retry from its first record', {
        shardId,
        error: err as Error,
      });
    }
    // Whatever happens below, what was counted is published once for this batch.
    try {
      if (!stored) {
        metrics.addMetric(PROCESSOR_METRICS.batchesFailed, MetricUnit.Count, 1);
        deps.onBatch?.({
          shardId,
          counts: result.counts,
          newestPostAt: null,
          newestArrivalAt: result.delta.newestArrivalAt,
          arrivals: lines.map((l) => l.arrivalMs),
          failed: true,
        });
        return false;
      }
      // Counted only once stored: a retried batch is counted when it succeeds.
      const c = result.counts;
      metrics.addMetric(PROCESSOR_METRICS.recordsIn, MetricUnit.Count, c.records);
      metrics.addMetric(PROCESSOR_METRICS.postsScored, MetricUnit.Count, c.scored);
      metrics.addMetric(PROCESSOR_METRICS.postsUnmatched, MetricUnit.Count, c.unmatched);
      metrics.addMetric(PROCESSOR_METRICS.postsDuplicate, MetricUnit.Count, c.duplicate);
      metrics.addMetric(PROCESSOR_METRICS.recordsRejected, MetricUnit.Count, c.rejected);
      deps.onBatch?.({
        shardId,
        counts: c,
        newestPostAt: result.delta.newestPostAt,
        newestArrivalAt: result.delta.newestArrivalAt,
        arrivals: lines.map((l) => l.arrivalMs),
        failed: false,
      });
      return true;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

/** The Kinesis event source's handler: decodes the event, processes it as one batch. */
export function createProcessor(deps: ProcessorDeps): ProcessorHandler {
  const processBatch = createBatchProcessor(deps);
  return async (event) => {
    const records = event.Records;
    if (records.length === 0) return { batchItemFailures: [] };
    const first = records[0]!;
    const shardId = first.eventID.split(':')[0] ?? 'shard';
    const lines: StreamLine[] = records.map((r) => ({
      sequenceNumber: r.kinesis.sequenceNumber,
      arrivalMs: Math.round(r.kinesis.approximateArrivalTimestamp * 1000),
      line: Buffer.from(r.kinesis.data, 'base64').toString('utf8'),
    }));
    const stored = await processBatch({ shardId, lines });
    return { batchItemFailures: stored ? [] : [{ itemIdentifier: first.kinesis.sequenceNumber }] };
  };
}

/** Everything the processor needs, from the environment its construct wrote (clients built once). */
export function processorDepsFromEnv(env: NodeJS.ProcessEnv): ProcessorDeps {
  const settings = parseProcessorEnv(env);
  let scorer: Scorer;
  try {
    scorer = loadScorer(settings.scorer, settings.labmtFile);
  } catch (err) {
    if (err instanceof ScorerSetupError) throw new ConfigError(err.message);
    throw err;
  }
  return {
    config: settings.debate,
    scorer,
    bucketMs: settings.bucketMs,
    store: new DynamoAggregateStore({ client: dynamoClient(), tableName: settings.tableName }),
    archive: new S3ArchiveStore({ client: s3Client(), bucket: settings.archiveBucket }),
  };
}

let fromEnvironment: ProcessorHandler | undefined;

/** Lambda entry: adapters and clients are built on the first invocation and reused by the container. */
export const handler: ProcessorHandler = (event) => {
  fromEnvironment ??= createProcessor(processorDepsFromEnv(process.env));
  return fromEnvironment(event);
};
