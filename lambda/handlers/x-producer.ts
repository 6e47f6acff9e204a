/**
 * The producer Lambda (live X source): takes the stream lease, holds X's filtered stream until
 * shortly before the function's timeout, writes every post to Kinesis, then releases the lease so
 * the next scheduled run takes over. Posts already sent — by this run or, through the window saved
 * beside the lease, the previous one — are dropped before the stream (../producer/dedupe-writer.ts).
 * Metrics: posts, duplicates dropped, reconnects by cause, seconds disconnected, and the hand-over
 * gap (previous holder's last streaming moment → this run's first connection).
 * Its environment: ./env/x-producer-env.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { dynamoClient } from '../adapters/aws-clients';
import { DynamoLease } from '../adapters/dynamo-lease';
import { DynamoRecentIds, MAX_SAVED_IDS } from '../adapters/dynamo-recent-ids';
import { awsNetworkSettings } from '../adapters/network-timeouts';
import type { RecentIdsStore, StreamWriter } from '../core/ports';
import { DedupingWriter } from '../producer/dedupe-writer';
import { DISCONNECT_CAUSES } from '../x/backoff';
import { acquireLease, type Lease } from '../x/lease-keeper';
import { pumpLive } from '../x/live-pump';
import { XStreamStats, xStreamSource } from '../x/stream-source';
import { parseXProducerEnv, X_PRODUCER_SERVICE } from './env/x-producer-env';
import { streamWriterFromEnv } from './stream-writer-env';
import { ConfigError, METRICS_NAMESPACE } from './handler-config';
import { SAFETY_MARGIN_MS } from './producer';

export interface XProducerDeps {
  readonly writer: StreamWriter;
  readonly lease: Lease;
  /** The lease holder's recent-id window, carried from run to run. */
  readonly recentIds: RecentIdsStore;
  readonly bearerToken: () => Promise<string>;
  readonly apiUrl: string;
  readonly leaseMaxWaitMs: number;
  /** 0 = off; else the most minutes a reconnect (or the first connection after a hand-over) asks X to backfill. */
  readonly backfillMinutes?: number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

export interface XProducerResult {
  readonly leased: boolean;
  readonly sent: number;
  /** Posts not sent because this run or the previous one already had. */
  readonly duplicates: number;
  readonly handoverGapMs: number | null;
}

export function createXProducer(deps: XProducerDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: X_PRODUCER_SERVICE });
  const metrics =
    deps.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: X_PRODUCER_SERVICE });
  return async (
    _event: unknown,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<XProducerResult> => {
    const endAt = Date.now() + Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
    const held = await acquireLease(deps.lease, {
      deadline: Math.min(endAt, Date.now() + deps.leaseMaxWaitMs),
    });
    if (held === undefined) {
      logger.info('the stream lease is held by another run; leaving it to the next scheduled run');
      return { leased: false, sent: 0, duplicates: 0, handoverGapMs: null };
    }
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), Math.max(0, endAt - Date.now()));
    held.lost.addEventListener('abort', () => {
      logger.warn('the stream lease was lost; disconnecting');
      stop.abort();
    });
    const stats = new XStreamStats();
    let writer: DedupingWriter | undefined;
    try {
      writer = await DedupingWriter.open(deps.writer, {
        store: deps.recentIds,
        capacity: MAX_SAVED_IDS,
        onSaveError: (error) => logger.warn('could not save the recent-id window', { error: String(error) }),
      });
      logger.info('recent-id window claimed', { ids: writer.remembered });
      const result = await pumpLive(
        xStreamSource({
          apiUrl: deps.apiUrl,
          bearerToken: await deps.bearerToken(),
          signal: stop.signal,
          stats,
          backfillMinutes: deps.backfillMinutes ?? 0,
          ...(held.previousAliveAt > 0 ? { resumeAfter: held.previousAliveAt } : {}),
          onEvent: (e) => {
            if (e.type === 'disconnected')
              logger.info('X stream disconnected', { cause: e.cause, delayMs: e.delayMs, detail: e.detail });
          },
        }),
        writer,
        { signal: stop.signal },
      );
      await writer.close();
      const gap =
        held.previousAliveAt > 0 && stats.firstConnectedAt !== undefined
          ? Math.max(0, stats.firstConnectedAt - held.previousAliveAt)
          : null;
      metrics.addMetric('XPosts', MetricUnit.Count, stats.posts);
      metrics.addMetric('XDuplicatesDropped', MetricUnit.Count, writer.dropped);
      metrics.addMetric('XSecondsDisconnected', MetricUnit.Seconds, stats.disconnectedMs / 1000);
      if (gap !== null) metrics.addMetric('XHandoverGapSeconds', MetricUnit.Seconds, gap / 1000);
      for (const cause of DISCONNECT_CAUSES) {
        if (stats.reconnects[cause] === 0) continue;
        const m = metrics.singleMetric();
        m.addDimension('cause', cause);
        m.addMetric('XReconnects', MetricUnit.Count, stats.reconnects[cause]);
      }
      logger.info('X stream run ended', {
        sent: result.sent,
        duplicates: writer.dropped,
        handoverGapMs: gap,
        reconnects: stats.reconnects,
      });
      return { leased: true, sent: result.sent, duplicates: writer.dropped, handoverGapMs: gap };
    } finally {
      clearTimeout(timer);
      // What was written before a failure is still worth handing over (a no-op after close).
      await writer?.close().catch(() => undefined);
      await held.release();
      metrics.publishStoredMetrics();
    }
  };
}

let token: Promise<string> | undefined;

/** The bearer token, read once per container; never logged. */
function tokenFromSecret(arn: string): Promise<string> {
  token ??= new SecretsManagerClient(awsNetworkSettings())
    .send(new GetSecretValueCommand({ SecretId: arn }))
    .then((s) => {
      const v = s.SecretString?.trim();
      if (!v) throw new ConfigError('the bearer-token secret is empty: put the X Bearer Token in it');
      return v;
    });
  return token;
}

let fromEnvironment: ReturnType<typeof createXProducer> | undefined;

/** Lambda entry: clients are built on the first invocation and reused by the container. */
export const handler = (event: unknown, context: Context): Promise<XProducerResult> => {
  if (fromEnvironment === undefined) {
    const settings = parseXProducerEnv(process.env);
    fromEnvironment = createXProducer({
      writer: streamWriterFromEnv(process.env, settings.streamName),
      lease: new DynamoLease({
        client: dynamoClient(),
        tableName: settings.tableName,
        debateId: settings.debate.id,
        holder: context.awsRequestId,
      }),
      recentIds: new DynamoRecentIds({
        client: dynamoClient(),
        tableName: settings.tableName,
        debateId: settings.debate.id,
        holder: context.awsRequestId,
      }),
      bearerToken: () => tokenFromSecret(settings.bearerTokenSecretArn),
      apiUrl: settings.apiUrl,
      leaseMaxWaitMs: settings.leaseMaxWaitMs,
      backfillMinutes: settings.backfillMinutes,
    });
  }
  return fromEnvironment(event, context);
};
