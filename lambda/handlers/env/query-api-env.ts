/**
 * The query API's environment, written by the QueryApi construct and read by the handler through
 * this one module.
 */
import { requiredEnv } from '../handler-config';

export const QUERY_API_ENV = {
  /** The aggregates table (required). */
  tableName: 'TABLE_NAME',
  /** The raw archive bucket, read by /compare (required). */
  archiveBucket: 'ARCHIVE_BUCKET',
} as const;

/** Powertools service name: log field and metric dimension. */
export const QUERY_API_SERVICE = 'trendoff-query-api';

export interface QueryApiSettings {
  readonly tableName: string;
  readonly archiveBucket: string;
}

export function queryApiEnvironment(settings: QueryApiSettings): Record<string, string> {
  return {
    [QUERY_API_ENV.tableName]: settings.tableName,
    [QUERY_API_ENV.archiveBucket]: settings.archiveBucket,
  };
}

/** @throws ConfigError naming the first variable that is missing. */
export function parseQueryApiEnv(env: NodeJS.ProcessEnv): QueryApiSettings {
  return {
    tableName: requiredEnv(env, QUERY_API_ENV.tableName),
    archiveBucket: requiredEnv(env, QUERY_API_ENV.archiveBucket),
  };
}
