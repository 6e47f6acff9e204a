/**
 * The handlers' settings, read from the environment in one place and validated with messages that
 * name the variable. Cloud: set by the CDK stacks. Local: set by `trendoff local`.
 *   DEBATE_CONFIG   the debate config as JSON text (required)
 *   SCORER          vader (default) | afinn | labmt
 *   LABMT_FILE      path of the labMT word list, for SCORER=labmt
 *   BUCKET_MS       base bucket in ms (default 5000)
 *   TABLE_NAME      aggregates table (required)
 *   ARCHIVE_BUCKET  archive bucket (required)
 */
import * as fs from 'fs';
import { dynamoClient, s3Client } from '../adapters/aws-clients';
import { DynamoAggregateStore } from '../adapters/dynamo-aggregate-store';
import { S3ArchiveStore } from '../adapters/s3-archive-store';
import { formatProblems, parseDebateConfig, type DebateConfig } from '../core/debate-config';
import { createScorer, isScorerName, parseLabMT, type Scorer } from '../core/sentiment';

export const DEFAULT_BUCKET_MS = 5000;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function debateFromEnv(env: NodeJS.ProcessEnv): DebateConfig {
  const text = env.DEBATE_CONFIG;
  if (!text) throw new ConfigError('DEBATE_CONFIG is not set (the debate config as JSON)');
  const parsed = parseDebateConfig(text);
  if (!parsed.ok)
    throw new ConfigError(`DEBATE_CONFIG is not a valid debate config:\n${formatProblems(parsed.problems)}`);
  return parsed.config;
}

export function scorerFromEnv(env: NodeJS.ProcessEnv): Scorer {
  const name = env.SCORER || 'vader';
  if (!isScorerName(name)) throw new ConfigError(`SCORER must be vader, afinn or labmt, got "${name}"`);
  if (name !== 'labmt') return createScorer(name);
  if (!env.LABMT_FILE)
    throw new ConfigError('SCORER=labmt needs LABMT_FILE (path of the labMT 1.0 word list)');
  const parsed = parseLabMT(fs.readFileSync(env.LABMT_FILE, 'utf8'));
  if (!parsed.ok) throw new ConfigError(`LABMT_FILE ${env.LABMT_FILE}: ${parsed.error}`);
  return createScorer('labmt', { labmtWords: parsed.words });
}

export function bucketMsFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.BUCKET_MS;
  if (raw === undefined || raw === '') return DEFAULT_BUCKET_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1000 || 60_000 % n !== 0) {
    throw new ConfigError(`BUCKET_MS must be whole milliseconds ≥ 1000 that divide a minute, got "${raw}"`);
  }
  return n;
}

export function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new ConfigError(`${name} is not set`);
  return v;
}

/** Everything the processor needs, built from the environment (clients once per container). */
export function loadHandlerConfig(env: NodeJS.ProcessEnv) {
  return {
    config: debateFromEnv(env),
    scorer: scorerFromEnv(env),
    bucketMs: bucketMsFromEnv(env),
    store: new DynamoAggregateStore({ client: dynamoClient(), tableName: requiredEnv(env, 'TABLE_NAME') }),
    archive: new S3ArchiveStore({ client: s3Client(), bucket: requiredEnv(env, 'ARCHIVE_BUCKET') }),
  };
}
