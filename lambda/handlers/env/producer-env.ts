/**
 * The replay producer's environment, written by the ReplayProducer construct and read by the
 * handler through this one module.
 */
import { POST_FORMAT_CHOICES, type PostFormatChoice } from '../../io/post-format';
import { ConfigError, requiredEnv } from '../handler-config';
import { KAFKA_ENV } from './kafka-env';

export const PRODUCER_ENV = {
  /** s3://bucket/key of the recording (required). */
  replayUri: 'REPLAY_URI',
  /** A number > 0, or "max" (default 1: real time). */
  replaySpeed: 'REPLAY_SPEED',
  /** jsonl, csv or auto (default: by the key's extension, else by most of the first lines). */
  replayFormat: 'REPLAY_FORMAT',
  /** The Kinesis stream (required unless KAFKA_BROKERS is set: see ./kafka-env.ts). */
  streamName: 'STREAM_NAME',
} as const;

/** Powertools service name: log field and metric dimension. */
export const PRODUCER_SERVICE = 'trendoff-producer';

export interface ProducerSettings {
  readonly replayUri: string;
  /** A multiple of real time; `Infinity` for as fast as the stream takes it. */
  readonly speed: number;
  /** How to read the recording; `auto` detects it. @default 'auto' */
  readonly format?: PostFormatChoice;
  /** The Kinesis stream; absent on the Kafka path (the writer reads ./kafka-env.ts). */
  readonly streamName?: string;
}

export function producerEnvironment(settings: ProducerSettings): Record<string, string> {
  return {
    [PRODUCER_ENV.replayUri]: settings.replayUri,
    [PRODUCER_ENV.replaySpeed]: settings.speed === Infinity ? 'max' : String(settings.speed),
    ...(settings.format !== undefined && settings.format !== 'auto'
      ? { [PRODUCER_ENV.replayFormat]: settings.format }
      : {}),
    ...(settings.streamName !== undefined ? { [PRODUCER_ENV.streamName]: settings.streamName } : {}),
  };
}

/** @throws ConfigError naming the first variable that is missing or wrong. */
export function parseProducerEnv(env: NodeJS.ProcessEnv): ProducerSettings {
  return {
    replayUri: requiredEnv(env, PRODUCER_ENV.replayUri),
    speed: replaySpeedFromEnv(env),
    format: replayFormatFromEnv(env),
    ...streamNameFromEnv(env, PRODUCER_ENV.streamName),
  };
}

export function replayFormatFromEnv(env: NodeJS.ProcessEnv): PostFormatChoice {
  const name = PRODUCER_ENV.replayFormat;
  const raw = env[name] ?? 'auto';
  const choice = POST_FORMAT_CHOICES.find((c) => c === raw);
  if (choice === undefined)
    throw new ConfigError(`${name} must be one of ${POST_FORMAT_CHOICES.join(', ')}, got "${raw}"`);
  return choice;
}

export function replaySpeedFromEnv(env: NodeJS.ProcessEnv): number {
  const name = PRODUCER_ENV.replaySpeed;
  const raw = env[name] ?? '1';
  if (raw === 'max') return Infinity;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n))
    throw new ConfigError(`${name} must be a number > 0 or "max", got "${raw}"`);
  return n;
}

/** The Kinesis stream's name, required unless the producer writes to Kafka (KAFKA_BROKERS set). */
export function streamNameFromEnv(env: NodeJS.ProcessEnv, name: string): { streamName?: string } {
  if (env[KAFKA_ENV.brokers]) return env[name] ? { streamName: env[name] } : {};
  return { streamName: requiredEnv(env, name) };
}
