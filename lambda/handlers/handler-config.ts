/**
 * What every handler's environment shares: the error a bad setting raises, required variables,
 * the debate config (as JSON text, both ways) and the metrics namespace. Each handler's own
 * variables are in env/<handler>-env.ts, which the CDK constructs use too. Nothing here loads a
 * sentiment lexicon: the producers import it.
 */
import { formatProblems, parseDebateConfig, type DebateConfig } from '../core/debate-config';

/** The CloudWatch namespace of every handler's Powertools metrics. */
export const METRICS_NAMESPACE = 'trendoff';

/** The variable holding the debate config as JSON text. */
export const DEBATE_CONFIG_ENV = 'DEBATE_CONFIG';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function debateFromEnv(env: NodeJS.ProcessEnv): DebateConfig {
  const text = env[DEBATE_CONFIG_ENV];
  if (!text) throw new ConfigError(`${DEBATE_CONFIG_ENV} is not set (the debate config as JSON)`);
  const parsed = parseDebateConfig(text);
  if (!parsed.ok)
    throw new ConfigError(
      `${DEBATE_CONFIG_ENV} is not a valid debate config:\n${formatProblems(parsed.problems)}`,
    );
  return parsed.config;
}

/** The debate config back in its file form (ISO times), as {@link debateFromEnv} parses it. */
export function debateConfigText(debate: DebateConfig): string {
  return JSON.stringify({
    ...debate,
    start: new Date(debate.start).toISOString(),
    end: new Date(debate.end).toISOString(),
  });
}

export function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new ConfigError(`${name} is not set`);
  return v;
}
