/** The synthetic generator as a producer source: X API v2 lines, in batches, with their times. */
import type { DebateConfig } from '../core/debate-config';
import { encodeRecord, generateDebate, type GeneratorOptions } from '../core/synthetic';
import type { SourceLine } from '../io/post-file';

export function* syntheticSource(
  config: DebateConfig,
  options: GeneratorOptions,
  batch = 256,
): Generator<SourceLine[]> {
  let out: SourceLine[] = [];
  for (const r of generateDebate(config, options)) {
    out.push({
      line: encodeRecord(r, config),
      createdAt: r.kind === 'tweet' ? r.tweet.createdAt : r.createdAt,
      ...(r.kind === 'tweet' ? { key: r.tweet.id, id: r.tweet.id } : { key: 'malformed' }),
    });
    if (out.length >= batch) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
