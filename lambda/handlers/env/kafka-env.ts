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

/** How a process reaches the posts topic. */
export interface KafkaSettings {
  /** Bootstrap brokers, `host:port`; one comma-separated string (it may be a CDK token). */
  readonly brokers: string;
  /** @default DEFAULT_KAFKA_TOPIC */
  readonly topic?: string;
  /** @default DEFAULT_KAFKA_GROUP (consumers only) */
  readonly group?: string;
  /** @default 'none' */
  readonly auth?: KafkaAuth;
  /** @default false */
  readonly idempotent?: boolean;
}

/** The environment that makes a producer or consumer reach the topic as `settings` say. */
export function kafkaEnvironment(settings: KafkaSettings): Record<string, string> {
  return {
    [KAFKA_ENV.brokers]: settings.brokers,
    [KAFKA_ENV.topic]: settings.topic ?? DEFAULT_KAFKA_TOPIC,
    ...(settings.group !== undefined ? { [KAFKA_ENV.group]: settings.group } : {}),
    [KAFKA_ENV.auth]: settings.auth ?? 'none',
    [KAFKA_ENV.idempotent]: String(settings.idempotent ?? false),
  };
}

/** What {@link parseKafkaEnv} reads: the brokers as a list, every default applied. */
export interface KafkaEnvSettings {
  readonly brokers: string[];
  readonly topic: string;
  readonly group: string;
  readonly auth: KafkaAuth;
  readonly idempotent: boolean;
}

/**
 * The Kafka settings of the environment, or undefined when KAFKA_BROKERS is not set (the Kinesis path).
 * @throws Error naming the variable that is wrong.
 */
export function parseKafkaEnv(env: NodeJS.ProcessEnv): KafkaEnvSettings | undefined {
  const raw = env[KAFKA_ENV.brokers];
  if (raw === undefined || raw.trim() === '') return undefined;
  const auth = env[KAFKA_ENV.auth] || 'none';
  if (!(KAFKA_AUTH_KINDS as readonly string[]).includes(auth))
    throw new Error(`${KAFKA_ENV.auth} must be ${KAFKA_AUTH_KINDS.join(' or ')}, got "${auth}"`);
  const idempotent = env[KAFKA_ENV.idempotent] || 'false';
  if (idempotent !== 'true' && idempotent !== 'false')
    throw new Error(`${KAFKA_ENV.idempotent} must be true or false, got "${idempotent}"`);
  return {
    brokers: raw
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
    topic: env[KAFKA_ENV.topic] || DEFAULT_KAFKA_TOPIC,
    group: env[KAFKA_ENV.group] || DEFAULT_KAFKA_GROUP,
    auth: auth as KafkaAuth,
    idempotent: idempotent === 'true',
  };
}
