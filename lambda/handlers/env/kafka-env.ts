/**
 * How a process reaches Kafka: the variables shared by everything that produces to or consumes from
 * the posts topic (producers, the processor's workers, the archive consumer), written by the CDK
 * constructs and by `trendoff local`, read through this one module.
 */
import { ConfigError, requiredEnv } from '../handler-config';

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
  /**
   * Workers: ms the group's leader waits before handing out partitions, so that slow followers
   * join the same round on the local mock broker (which refuses late ones). Default 0.
   */
  leaderSyncDelayMs: 'KAFKA_LEADER_SYNC_DELAY_MS',
} as const;

export const DEFAULT_KAFKA_TOPIC = 'trendoff-posts';
export const DEFAULT_KAFKA_GROUP = 'trendoff-processor';
/** The archive's consumer group: a second, independent reader of the same topic. */
export const ARCHIVE_KAFKA_GROUP = 'trendoff-archive';

export const KAFKA_AUTH_KINDS = ['none', 'iam'] as const;
export type KafkaAuth = (typeof KAFKA_AUTH_KINDS)[number];

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly group: string;
  readonly auth: KafkaAuth;
  readonly idempotent: boolean;
  readonly leaderSyncDelayMs: number;
}

/** The environment that makes a process read `settings`. */
export function kafkaEnvironment(settings: KafkaSettings): Record<string, string> {
  return {
    [KAFKA_ENV.brokers]: settings.brokers.join(','),
    [KAFKA_ENV.topic]: settings.topic,
    [KAFKA_ENV.group]: settings.group,
    [KAFKA_ENV.auth]: settings.auth,
    [KAFKA_ENV.idempotent]: String(settings.idempotent),
    [KAFKA_ENV.leaderSyncDelayMs]: String(settings.leaderSyncDelayMs),
  };
}

/** @throws ConfigError naming the first variable that is missing or wrong. */
export function parseKafkaEnv(env: NodeJS.ProcessEnv): KafkaSettings {
  const brokers = requiredEnv(env, KAFKA_ENV.brokers)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const bad = brokers.find((b) => !/^[^\s:]+:[0-9]{1,5}$/.test(b));
  if (brokers.length === 0 || bad !== undefined)
    throw new ConfigError(
      `${KAFKA_ENV.brokers} must be comma-separated host:port, got "${env[KAFKA_ENV.brokers]}"`,
    );
  const auth = env[KAFKA_ENV.auth] || 'none';
  if (!(KAFKA_AUTH_KINDS as readonly string[]).includes(auth))
    throw new ConfigError(`${KAFKA_ENV.auth} must be ${KAFKA_AUTH_KINDS.join(' or ')}, got "${auth}"`);
  const idempotent = env[KAFKA_ENV.idempotent] || 'false';
  if (idempotent !== 'true' && idempotent !== 'false')
    throw new ConfigError(`${KAFKA_ENV.idempotent} must be true or false, got "${idempotent}"`);
  const delay = env[KAFKA_ENV.leaderSyncDelayMs] || '0';
  if (!/^[0-9]{1,6}$/.test(delay))
    throw new ConfigError(`${KAFKA_ENV.leaderSyncDelayMs} must be whole milliseconds, got "${delay}"`);
  return {
    brokers,
    topic: env[KAFKA_ENV.topic] || DEFAULT_KAFKA_TOPIC,
    group: env[KAFKA_ENV.group] || DEFAULT_KAFKA_GROUP,
    auth: auth as KafkaAuth,
    idempotent: idempotent === 'true',
    leaderSyncDelayMs: Number(delay),
  };
}
