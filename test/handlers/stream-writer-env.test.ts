import { KafkaStreamWriter } from '../../lambda/adapters/kafka-stream-writer';
import { KinesisStreamWriter } from '../../lambda/adapters/kinesis-stream-writer';
import { KAFKA_ENV, kafkaEnvironment, parseKafkaEnv } from '../../lambda/handlers/env/kafka-env';
import { parseProducerEnv } from '../../lambda/handlers/env/producer-env';
import { ConfigError } from '../../lambda/handlers/handler-config';
import { streamWriterFromEnv } from '../../lambda/handlers/stream-writer-env';

const MSK = kafkaEnvironment({
  brokers: ['b-1.example:9098', 'b-2.example:9098'],
  topic: 'trendoff-posts',
  group: 'trendoff-processor',
  auth: 'iam',
  idempotent: true,
  leaderSyncDelayMs: 0,
});

describe('the producers’ stream from their environment', () => {
  test('GIVEN the Kafka variables a construct writes WHEN read back THEN the same settings, defaults filled', () => {
    expect(parseKafkaEnv(MSK)).toEqual({
      brokers: ['b-1.example:9098', 'b-2.example:9098'],
      topic: 'trendoff-posts',
      group: 'trendoff-processor',
      auth: 'iam',
      idempotent: true,
      leaderSyncDelayMs: 0,
    });
  });

  test('GIVEN KAFKA_BROKERS WHEN the writer is chosen THEN it writes to Kafka, and STREAM_NAME is not needed', () => {
    const env = { ...MSK, AWS_REGION: 'us-east-1', REPLAY_URI: 's3://b/k.jsonl' };
    expect(streamWriterFromEnv(env, undefined)).toBeInstanceOf(KafkaStreamWriter);
    expect(parseProducerEnv(env).streamName).toBeUndefined();
  });

  test('GIVEN only STREAM_NAME WHEN the writer is chosen THEN it writes to Kinesis', () => {
    expect(streamWriterFromEnv({}, 'posts')).toBeInstanceOf(KinesisStreamWriter);
  });

  test('fails if neither stream is set, or a Kafka variable is wrong, naming it', () => {
    expect(() => streamWriterFromEnv({}, undefined)).toThrow(ConfigError);
    expect(() => streamWriterFromEnv({}, undefined)).toThrow('STREAM_NAME is not set (nor KAFKA_BROKERS');
    expect(() => parseProducerEnv({ REPLAY_URI: 's3://b/k' })).toThrow('STREAM_NAME is not set');
    expect(() => streamWriterFromEnv({ ...MSK, [KAFKA_ENV.auth]: 'scram' }, undefined)).toThrow(
      'KAFKA_AUTH must be none or iam, got "scram"',
    );
    expect(() => streamWriterFromEnv({ ...MSK, [KAFKA_ENV.idempotent]: 'yes' }, undefined)).toThrow(
      'KAFKA_IDEMPOTENT must be true or false, got "yes"',
    );
  });
});
