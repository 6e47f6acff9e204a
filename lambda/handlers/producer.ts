/**
 * The producer Lambda (replay source): reads a recorded debate from S3 (`REPLAY_URI`, any format the
 * normalisers read, gzip or not) and writes it to the stream at `REPLAY_SPEED` × real time, stopping
 * cleanly before the function's timeout. The live X source is a later addition beside it.
 *   REPLAY_URI     s3://bucket/key (required)
 *   REPLAY_SPEED   a number > 0, or "max" (default 1: real time)
 *   REPLAY_FORMAT  jsonl, csv or auto (default: by the key's extension, else by most of the first lines)
 *   STREAM_NAME    the Kinesis stream (required)
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { kinesisClient, s3Client } from '../adapters/aws-clients';
import { KinesisStreamWriter } from '../adapters/kinesis-stream-writer';
import type { StreamWriter } from '../core/ports';
import type { S3Client } from '@aws-sdk/client-s3';
import { openPostStream, readSourceLines } from '../io/post-file';
import { POST_FORMAT_CHOICES, type PostFormatChoice } from '../io/post-format';
import { produce, type ProduceProgress } from '../producer/produce';
import { ConfigError, requiredEnv } from './handler-config';

export interface ReplayProducerDeps {
  readonly writer: StreamWriter;
  readonly s3: S3Client;
  readonly replayUri: string;
  readonly speed: number;
  /** @default 'auto' */
  readonly format?: PostFormatChoice;
  readonly logger?: Logger;
}

/** Time kept in hand before the function's timeout, to finish the batch in flight and report. */
export const SAFETY_MARGIN_MS = 10_000;

export function createReplayProducer(deps: ReplayProducerDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: 'trendoff-producer' });
  return async (
    _event: unknown,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<ProduceProgress> => {
    const budget = Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budget);
    try {
      const source = readSourceLines(await openPostStream(deps.replayUri, { s3: deps.s3 }), {
        format: deps.format,
        name: deps.replayUri,
      });
      const result = await produce(source, deps.writer, { speed: deps.speed, signal: controller.signal });
      logger.info('replay run ended', { ...result, stoppedByTimeBudget: controller.signal.aborted });
      return result;
    } finally {
      clearTimeout(timer);
    }
  };
}

export function replaySpeedFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.REPLAY_SPEED ?? '1';
  if (raw === 'max') return Infinity;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n))
    throw new ConfigError(`REPLAY_SPEED must be a number > 0 or "max", got "${raw}"`);
  return n;
}

export function replayFormatFromEnv(env: NodeJS.ProcessEnv): PostFormatChoice {
  const raw = env.REPLAY_FORMAT ?? 'auto';
  const choice = POST_FORMAT_CHOICES.find((c) => c === raw);
  if (choice === undefined)
    throw new ConfigError(`REPLAY_FORMAT must be one of ${POST_FORMAT_CHOICES.join(', ')}, got "${raw}"`);
  return choice;
}

let fromEnvironment: ReturnType<typeof createReplayProducer> | undefined;

/** Lambda entry: clients are built on the first invocation and reused by the container. */
export const handler = (event: unknown, context: Context): Promise<ProduceProgress> => {
  fromEnvironment ??= createReplayProducer({
    writer: new KinesisStreamWriter({
      client: kinesisClient(),
      streamName: requiredEnv(process.env, 'STREAM_NAME'),
    }),
    s3: s3Client(),
    replayUri: requiredEnv(process.env, 'REPLAY_URI'),
    speed: replaySpeedFromEnv(process.env),
    format: replayFormatFromEnv(process.env),
  });
  return fromEnvironment(event, context);
};
