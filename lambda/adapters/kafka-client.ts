/**
 * The kafkajs client every Kafka producer and consumer of trendoff is built from: plaintext to the
 * local broker (`none`), or TLS with SASL OAUTHBEARER to Amazon MSK (`iam`), whose tokens come from
 * the caller's provider (lambda/adapters/msk-iam-auth.ts). Timeouts follow the project's network
 * policy (TRENDOFF_TIMEOUT_MS, see network-timeouts.ts); kafkajs retries requests itself.
 */
import { Kafka, logLevel, type KafkaConfig, type OauthbearerProviderResponse } from 'kafkajs';
import type { KafkaAuth } from '../handlers/env/kafka-env';
import { timeoutMs as defaultTimeoutMs } from './network-timeouts';

export interface KafkaClientOptions {
  /** Bootstrap brokers, `host:port`, at least one. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly auth: KafkaAuth;
  /** Required with auth `iam`: hands out a fresh token before the last expires. */
  readonly oauthBearerProvider?: () => Promise<OauthbearerProviderResponse>;
  /** Longest wait for a connection and for each request's answer. @default TRENDOFF_TIMEOUT_MS or 30 s */
  readonly timeoutMs?: number;
}

/** Attempts of one request, the first included, before kafkajs gives up on it. */
export const KAFKA_REQUEST_ATTEMPTS = 6;

/** @throws TypeError naming what is missing (no brokers, a bad address, iam without a provider). */
export function createKafka(options: KafkaClientOptions): Kafka {
  if (options.brokers.length === 0) throw new TypeError('at least one Kafka broker is needed');
  for (const b of options.brokers) {
    if (!/^[^\s:]+:[0-9]{1,5}$/.test(b)) throw new TypeError(`Kafka broker must be host:port, got "${b}"`);
  }
  if (options.auth === 'iam' && options.oauthBearerProvider === undefined)
    throw new TypeError('Kafka auth "iam" needs an OAUTHBEARER token provider');
  const ms = options.timeoutMs ?? defaultTimeoutMs();
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: ms,
    requestTimeout: ms,
    retry: { retries: KAFKA_REQUEST_ATTEMPTS - 1 },
    // kafkajs logs to stdout as JSON; failures reach the caller as errors instead, and stdout
    // stays for the metrics and summaries.
    logLevel: logLevel.NOTHING,
    ...(options.auth === 'iam'
      ? {
          ssl: true,
          sasl: { mechanism: 'oauthbearer' as const, oauthBearerProvider: options.oauthBearerProvider! },
        }
      : {}),
  };
  return new Kafka(config);
}
