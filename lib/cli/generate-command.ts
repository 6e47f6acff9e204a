/** `trendoff generate`: a seeded synthetic debate stream on stdout, in one of the wire formats. */
import type { Writable } from 'stream';
import { CSV_HEADER, encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import type { TweetFormat } from '../../lambda/core/tweet';
import { BackpressureWriter } from '../io/backpressure-writer';
import { loadDebateConfig } from './debate-file';
import { choiceOption, numberOption, parseCommandArgs, requireString, UsageError } from './command-args';

export const GENERATE_HELP = `Usage: trendoff generate --debate F [--minutes N] [--rate R] [--seed S] [--format v2|v1|csv]
                        [--malformed P] [--start ISO]

Writes a synthetic debate stream to standard output: seeded and deterministic (the same options
give the same bytes), with bursts around debate moments, per-candidate sentiment that drifts and
flips, retweets, hashtags, emoji, repeat authors and some geotagged posts.

Options:
  --debate F       debate config (JSON), e.g. examples/gop-2015-09-16.json
  --minutes N      length of the stream in minutes (default 10)
  --rate R         average posts per second (default 50)
  --seed S         any string or number (default 1)
  --format F       v2 (X API v2 filtered-stream payloads, default), v1 (X API v1.1 statuses),
                   csv (trendoff's CSV, with a header)
  --malformed P    share of broken records to mix in, 0..1 (default 0), for testing
  --start ISO      first post time (default: the debate's start)
  -h, --help       show this help`;

const FORMATS = ['v2', 'v1', 'csv'] as const;
const WIRE: Record<(typeof FORMATS)[number], TweetFormat> = { v2: 'x-v2', v1: 'x-v1', csv: 'csv' };
/** Lines per write: large enough that stdout calls do not dominate, small enough to stream. */
const CHUNK_LINES = 512;

export async function runGenerate(argv: string[], io: { stdout: Writable }): Promise<number> {
  const { values } = parseCommandArgs('generate', argv, {
    debate: { type: 'string' },
    minutes: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    format: { type: 'string' },
    malformed: { type: 'string' },
    start: { type: 'string' },
  });
  const out = new BackpressureWriter(io.stdout);
  if (values.help) {
    await out.write(GENERATE_HELP + '\n');
    return 0;
  }
  const file = requireString('generate', values, 'debate');
  const minutes = numberOption('generate', values, 'minutes', 10, { min: 0 });
  const rate = numberOption('generate', values, 'rate', 50, { min: 0 });
  if (minutes <= 0) throw new UsageError('generate', `--minutes must be > 0, got "${values.minutes}"`);
  if (rate <= 0) throw new UsageError('generate', `--rate must be > 0, got "${values.rate}"`);
  const malformedRate = numberOption('generate', values, 'malformed', 0, { min: 0 });
  if (malformedRate > 1)
    throw new UsageError('generate', `--malformed must be between 0 and 1, got "${values.malformed}"`);
  const format = choiceOption('generate', values, 'format', FORMATS, 'v2');
  const seed = values.seed ?? '1';
  let startAt: number | undefined;
  if (values.start !== undefined) {
    startAt = Date.parse(values.start);
    if (Number.isNaN(startAt))
      throw new UsageError('generate', `--start must be an ISO 8601 time, got "${values.start}"`);
  }
  const config = loadDebateConfig(file);

  let buffer = format === 'csv' ? CSV_HEADER + '\n' : '';
  let lines = 0;
  const options = {
    minutes,
    rate,
    seed,
    malformedRate,
    format: WIRE[format],
    ...(startAt !== undefined ? { startAt } : {}),
  };
  for (const record of generateDebate(config, options)) {
    buffer += encodeRecord(record, config) + '\n';
    if (++lines % CHUNK_LINES === 0) {
      await out.write(buffer);
      buffer = '';
      if (!out.open) return 0;
    }
  }
  await out.write(buffer);
  return 0;
}
