/**
 * The Kafka path's archive consumer's environment, written by the KafkaArchiver construct and read
 * by the handler through this one module.
 */
import { requiredEnv } from '../handler-config';

export const ARCHIVER_ENV = {
  /** The debate whose posts the topic carries: the `debate=` partition of the archive (required). */
  debateId: 'DEBATE_ID',
  /** The raw archive bucket (required). */
  archiveBucket: 'ARCHIVE_BUCKET',
} as const;

/** Powertools service name: log field and metric dimension. */
export const ARCHIVER_SERVICE = 'trendoff-archiver';

export interface ArchiverSettings {
  readonly debateId: string;
  readonly archiveBucket: string;
}

export function archiverEnvironment(settings: ArchiverSettings): Record<string, string> {
  return {
    [ARCHIVER_ENV.debateId]: settings.debateId,
    [ARCHIVER_ENV.archiveBucket]: settings.archiveBucket,
  };
}

/** @throws ConfigError naming the first variable that is missing. */
export function parseArchiverEnv(env: NodeJS.ProcessEnv): ArchiverSettings {
  return {
    debateId: requiredEnv(env, ARCHIVER_ENV.debateId),
    archiveBucket: requiredEnv(env, ARCHIVER_ENV.archiveBucket),
  };
}
