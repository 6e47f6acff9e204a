/**
 * The live X producer's environment, written by the XProducer construct and read by the handler
 * through this one module. The bearer token itself is never in it: only its secret's ARN.
 */
import type { DebateConfig } from '../../core/debate-config';
import { apiUrlFrom, parseBackfillMinutes, X_API_URL_ENV, X_BACKFILL_MINUTES_ENV } from '../../x/x-settings';
import {
  ConfigError,
  DEBATE_CONFIG_ENV,
  debateConfigText,
  debateFromEnv,
  requiredEnv,
} from '../handler-config';
import { streamNameFromEnv } from './producer-env';

export const X_PRODUCER_ENV = {
  /** The Kinesis stream (required unless KAFKA_BROKERS is set: see ./kafka-env.ts). */
  streamName: 'STREAM_NAME',
  /** The aggregates table, which holds the lease (required). */
  tableName: 'TABLE_NAME',
  /** The debate config as JSON (required; its id names the lease). */
  debate: DEBATE_CONFIG_ENV,
  /** The secret with the bearer token (required; read once per container). */
  bearerTokenSecretArn: 'X_BEARER_TOKEN_SECRET_ARN',
  /** Default https://api.x.com. */
  apiUrl: X_API_URL_ENV,
  /** Longest wait for the lease before leaving it to a later run, in ms (default 360000). */
  leaseMaxWaitMs: 'LEASE_MAX_WAIT_MS',
  /** 0 (default, off) or 1–5: minutes a reconnect asks X to backfill (X Enterprise only). */
  backfillMinutes: X_BACKFILL_MINUTES_ENV,
} as const;

export const DEFAULT_LEASE_MAX_WAIT_MS = 360_000;

/** Powertools service name: log field and metric dimension. */
export const X_PRODUCER_SERVICE = 'trendoff-x-producer';

export interface XProducerSettings {
  /** The Kinesis stream; absent on the Kafka path (the writer reads ./kafka-env.ts). */
  readonly streamName?: string;
  readonly tableName: string;
  readonly debate: DebateConfig;
  readonly bearerTokenSecretArn: string;
  /** @default https://api.x.com */
  readonly apiUrl?: string;
  /** @default DEFAULT_LEASE_MAX_WAIT_MS */
  readonly leaseMaxWaitMs?: number;
  /** @default 0 (off) */
  readonly backfillMinutes?: number;
}

export function xProducerEnvironment(settings: XProducerSettings): Record<string, string> {
  return {
    ...(settings.streamName !== undefined ? { [X_PRODUCER_ENV.streamName]: settings.streamName } : {}),
    [X_PRODUCER_ENV.tableName]: settings.tableName,
    [X_PRODUCER_ENV.debate]: debateConfigText(settings.debate),
    [X_PRODUCER_ENV.bearerTokenSecretArn]: settings.bearerTokenSecretArn,
    ...(settings.apiUrl !== undefined ? { [X_PRODUCER_ENV.apiUrl]: settings.apiUrl } : {}),
    ...(settings.leaseMaxWaitMs !== undefined
      ? { [X_PRODUCER_ENV.leaseMaxWaitMs]: String(settings.leaseMaxWaitMs) }
      : {}),
    ...(settings.backfillMinutes !== undefined && settings.backfillMinutes > 0
      ? { [X_PRODUCER_ENV.backfillMinutes]: String(settings.backfillMinutes) }
      : {}),
  };
}

/** @throws ConfigError naming the first variable that is missing or wrong. */
export function parseXProducerEnv(
  env: NodeJS.ProcessEnv,
): Required<Omit<XProducerSettings, 'streamName'>> & Pick<XProducerSettings, 'streamName'> {
  const raw = env[X_PRODUCER_ENV.leaseMaxWaitMs];
  const leaseMaxWaitMs = raw === undefined || raw === '' ? DEFAULT_LEASE_MAX_WAIT_MS : Number(raw);
  if (!(leaseMaxWaitMs >= 0))
    throw new ConfigError(`${X_PRODUCER_ENV.leaseMaxWaitMs} must be ms ≥ 0, got "${raw}"`);
  let backfillMinutes: number;
  try {
    backfillMinutes = parseBackfillMinutes(
      env[X_PRODUCER_ENV.backfillMinutes],
      X_PRODUCER_ENV.backfillMinutes,
    );
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  return {
    ...streamNameFromEnv(env, X_PRODUCER_ENV.streamName),
    tableName: requiredEnv(env, X_PRODUCER_ENV.tableName),
    debate: debateFromEnv(env),
    bearerTokenSecretArn: requiredEnv(env, X_PRODUCER_ENV.bearerTokenSecretArn),
    apiUrl: apiUrlFrom(env),
    leaseMaxWaitMs,
    backfillMinutes,
  };
}
