/**
 * How a process reaches Kafka: the variables shared by everything that produces to or consumes from
 * the posts topic (producers, the processor's workers, the archive consumer), written by the CDK
 * constructs and by `trendoff local`, read through this one module.
 */
export const KAFKA_ENV = {
  /** Comma-separated bootstrap brokers, `host:port` (required on the Kafka path). */
  brokers: 'KAFKA_BROKERS',
  /** The posts topic (default `trendoff-posts`). */
  topic: 'KAFKA_TOPIC',
  /** Consumer group of the speed layer's workers (default `trendoff-processor`). */
  group: 'KAFKA_GROUP',
  /** `iam` (MSK IAM auth over TLS, SASL OAUTHBEARER) or `none` (plaintext, local broker). Default `none`. */
  auth: 'KAFKA_AUTH',
  /** `true` to ask for an idempotent producer (the local mock broker refuses it). Default `false`. */
  idempotent: 'KAFKA_IDEMPOTENT',
} as const;

export const DEFAULT_KAFKA_TOPIC = 'trendoff-posts';
export const DEFAULT_KAFKA_GROUP = 'trendoff-processor';
/** The archive's consumer group: a second, independent reader of the same topic. */
export const ARCHIVE_KAFKA_GROUP = 'trendoff-archive';

export const KAFKA_AUTH_KINDS = ['none', 'iam'] as const;
export type KafkaAuth = (typeof KAFKA_AUTH_KINDS)[number];
