/**
 * The stream processor's environment: its variables, their defaults and its metric names, written
 * by the StreamProcessor construct and read by the handler through this one module.
 */
import type { DebateConfig } from '../../core/debate-config';
import { SCORER_NAMES, type ScorerName } from '../../core/sentiment/scorer';
import { LABMT_FILE_ENV } from '../../io/load-scorer';
import {
  ConfigError,
  DEBATE_CONFIG_ENV,
  debateConfigText,
  debateFromEnv,
  requiredEnv,
} from '../handler-config';

export const PROCESSOR_ENV = {
  /** The debate config as JSON text (required). */
  debate: DEBATE_CONFIG_ENV,
  /** vader (default) | afinn | labmt. */
  scorer: 'SCORER',
  /** Path of the labMT 1.0 word list, for labmt. */
  labmtFile: LABMT_FILE_ENV,
  /** Base bucket of the aggregates in ms (default 5000). */
  bucketMs: 'BUCKET_MS',
  /** The aggregates table (required). */
  tableName: 'TABLE_NAME',
  /** The archive bucket, for quarantined records (required). */
  archiveBucket: 'ARCHIVE_BUCKET',
} as const;

export const DEFAULT_BUCKET_MS = 5000;
export const DEFAULT_SCORER: ScorerName = 'vader';

/** Powertools service name: log field and metric dimension. */
export const PROCESSOR_SERVICE = 'trendoff-processor';

/** The processor's metrics (namespace METRICS_NAMESPACE, dimension service). */
export const PROCESSOR_METRICS = {
  recordsIn: 'RecordsIn',
  postsScored: 'PostsScored',
  postsUnmatched: 'PostsUnmatched',
  postsDuplicate: 'PostsDuplicate',
  recordsRejected: 'RecordsRejected',
  /** Batches handed back for a retry because storing them failed. */
  batchesFailed: 'BatchesFailed',
  /** Kafka workers: messages behind the end of the partitions a worker holds (what scaling follows). */
  offsetLag: 'OffsetLag',
} as const;

export interface ProcessorSettings {
  readonly debate: DebateConfig;
  readonly scorer: ScorerName;
  /** Required with scorer `labmt`. */
  readonly labmtFile?: string;
  readonly bucketMs: number;
  readonly tableName: string;
  readonly archiveBucket: string;
}

/** The environment that makes the handler read `settings` (values may be CDK tokens). */
export function processorEnvironment(settings: ProcessorSettings): Record<string, string> {
  return {
    [PROCESSOR_ENV.debate]: debateConfigText(settings.debate),
    [PROCESSOR_ENV.scorer]: settings.scorer,
    ...(settings.labmtFile !== undefined ? { [PROCESSOR_ENV.labmtFile]: settings.labmtFile } : {}),
    [PROCESSOR_ENV.bucketMs]: String(settings.bucketMs),
    [PROCESSOR_ENV.tableName]: settings.tableName,
    [PROCESSOR_ENV.archiveBucket]: settings.archiveBucket,
  };
}

/** @throws ConfigError naming the first variable that is missing or wrong. */
export function parseProcessorEnv(env: NodeJS.ProcessEnv): ProcessorSettings {
  const scorer = env[PROCESSOR_ENV.scorer] || DEFAULT_SCORER;
  if (!(SCORER_NAMES as readonly string[]).includes(scorer))
    throw new ConfigError(`${PROCESSOR_ENV.scorer} must be ${SCORER_NAMES.join(', ')}, got "${scorer}"`);
  const labmtFile = env[PROCESSOR_ENV.labmtFile];
  return {
    debate: debateFromEnv(env),
    scorer: scorer as ScorerName,
    ...(labmtFile ? { labmtFile } : {}),
    bucketMs: bucketMsFromEnv(env),
    tableName: requiredEnv(env, PROCESSOR_ENV.tableName),
    archiveBucket: requiredEnv(env, PROCESSOR_ENV.archiveBucket),
  };
}

function bucketMsFromEnv(env: NodeJS.ProcessEnv): number {
  const name = PROCESSOR_ENV.bucketMs;
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULT_BUCKET_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1000 || 60_000 % n !== 0)
    throw new ConfigError(`${name} must be whole milliseconds ≥ 1000 that divide a minute, got "${raw}"`);
  return n;
}
