/**
 * The producers' stream writer, chosen by their environment: Kafka when KAFKA_BROKERS is set (MSK
 * with IAM auth when KAFKA_AUTH is `iam`, tokens from ../adapters/msk-iam-auth.ts), else Kinesis.
 */
import { kinesisClient } from '../adapters/aws-clients';
import { createKafka } from '../adapters/kafka-client';
import { KafkaStreamWriter } from '../adapters/kafka-stream-writer';
import { KinesisStreamWriter } from '../adapters/kinesis-stream-writer';
import { mskIamTokenProvider } from '../adapters/msk-iam-auth';
import type { StreamWriter } from '../core/ports';
import { KAFKA_ENV, parseKafkaEnv } from './env/kafka-env';
import { ConfigError } from './handler-config';

/** Client id the producers give the brokers (shown in their logs and quotas). */
export const PRODUCER_CLIENT_ID = 'trendoff-producer';

/**
 * @param streamName the Kinesis stream, when the environment names one
 * @throws ConfigError when neither stream is configured, or a Kafka variable is wrong.
 */
export function streamWriterFromEnv(env: NodeJS.ProcessEnv, streamName: string | undefined): StreamWriter {
  if (env[KAFKA_ENV.brokers]) {
    const kafka = parseKafkaEnv(env);
    const client = createKafka({
      brokers: kafka.brokers,
      clientId: PRODUCER_CLIENT_ID,
      auth: kafka.auth,
      ...(kafka.auth === 'iam'
        ? { oauthBearerProvider: mskIamTokenProvider({ region: env.AWS_REGION ?? '' }) }
        : {}),
    });
    return new KafkaStreamWriter({ kafka: client, topic: kafka.topic, idempotent: kafka.idempotent });
  }
  if (streamName === undefined || streamName === '')
    throw new ConfigError('STREAM_NAME is not set (nor KAFKA_BROKERS, for the Kafka path)');
  return new KinesisStreamWriter({ client: kinesisClient(), streamName });
}
