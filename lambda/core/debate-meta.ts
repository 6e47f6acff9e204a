/**
 * What the API and dashboard are told about a debate when processing starts, from its config.
 */
import type { DebateConfig } from './debate-config';
import type { DebateMeta } from './ports';

export function debateMetaOf(config: DebateConfig, bucketMs: number, scorer: string): DebateMeta {
  return {
    id: config.id,
    title: config.title,
    start: config.start,
    end: config.end,
    candidates: Object.entries(config.candidates).map(([id, c]) => ({
      id,
      name: c.name,
      ...(c.party !== undefined ? { party: c.party } : {}),
      ...(c.color !== undefined ? { color: c.color } : {}),
    })),
    bucketMs,
    scorer,
    moments: config.moments,
  };
}
