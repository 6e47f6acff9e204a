/**
 * The producer Lambda (replay source): reads a recorded debate from S3 (`REPLAY_URI`, any format the
 * normalisers read, gzip or not; `REPLAY_FORMAT` or detected) and writes it to the stream at `REPLAY_SPEED` × real time, stopping
 * cleanly before the function's timeout. Its environment: ./env/producer-env.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { s3Client } from '../adapters/aws-clients';
import type { StreamWriter } from '../core/ports';
import type { S3Client } from '@aws-sdk/client-s3';
import { openPostStream, readSourceLines } from '../io/post-file';
import type { PostFormatChoice } from '../io/post-format';
import { produce, type ProduceProgress } from '../producer/produce';
import { parseProducerEnv, PRODUCER_SERVICE } from './env/producer-env';
import { streamWriterFromEnv } from './stream-writer-env';

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
  const logger = deps.logger ?? new Logger({ serviceName: PRODUCER_SERVICE });
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

let fromEnvironment: ReturnType<typeof createReplayProducer> | undefined;

/** Lambda entry: clients are built on the first invocation and reused by the container. */
export const handler = (event: unknown, context: Context): Promise<ProduceProgress> => {
  if (fromEnvironment === undefined) {
    const settings = parseProducerEnv(process.env);
    fromEnvironment = createReplayProducer({
      writer: streamWriterFromEnv(process.env, settings.streamName),
      s3: s3Client(),
      replayUri: settings.replayUri,
      speed: settings.speed,
      format: settings.format,
    });
  }
  return fromEnvironment(event, context);
};
