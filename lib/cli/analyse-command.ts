/**
 * `trendoff analyse`: the whole analytics core on one machine, no services — posts from a file or
 * the synthetic generator go through normalise → de-duplicate → match → score → base buckets, and
 * the per-candidate series and a summary are printed: a quick look at a file or an archive without
 * starting the local services.
 */
import type { Readable, Writable } from 'stream';
import {
  addToBuckets,
  compact,
  mergeAll,
  resample,
  stats,
  topK,
  type BucketAggregate,
  type CandidateBuckets,
} from '../../lambda/core/aggregate';
import type { DebateConfig } from '../../lambda/core/debate-config';
import {
  countOutcome,
  createTweetPipeline,
  emptyOutcomeCounts,
  type Outcome,
  type OutcomeCounts,
} from '../../lambda/core/pipeline';
import type { ScorerName } from '../../lambda/core/sentiment';
import { generateDebate } from '../../lambda/core/synthetic';
import { openPostStream, PostFormatError, readPosts } from '../../lambda/io/post-file';
import { POST_FORMAT_CHOICES, VOTE_LINES } from '../../lambda/io/post-format';
import { BackpressureWriter } from '../io/backpressure-writer';
import { loadDebateConfig } from './debate-file';
import { parseDuration } from './duration';
import { s3Client } from '../../lambda/adapters/aws-clients';
import {
  choiceOption,
  InputError,
  numberOption,
  parseCommandArgs,
  requireString,
  scorerOption,
  UsageError,
} from './command-args';

export const ANALYSE_HELP = `Usage: trendoff analyse --debate F [--input F|-] [--format jsonl|csv|auto]
                       [--lexicon vader|afinn|labmt] [--labmt-file F] [--bucket 5s] [--step 1m]
                       [--minutes N] [--rate R] [--seed S] [--json]

Runs posts through the analytics core (normalise, de-duplicate, match candidates, score, aggregate)
and prints each candidate's series — count, mean score, standard deviation, positive/neutral/
negative — at --step, then a summary: totals, most positive and most negative post, top hashtags
and words, and throughput.

Options:
  --debate F       debate config (JSON), e.g. examples/gop-2015-09-16.json
  --input F        X API v2 / v1.1 JSON Lines or a CSV export, gzip or not ("-" = stdin);
                   without it a synthetic stream is generated
  --format F       jsonl, csv or auto (default): by the extension (.jsonl, .ndjson, .json,
                   .csv, .tsv, also .gz), else by most of the first ${VOTE_LINES} lines
  --minutes N      synthetic stream length (default 10)
  --rate R         synthetic posts per second (default 50)
  --seed S         synthetic seed (default 1)
  --lexicon NAME   vader (default), afinn, labmt
  --labmt-file F   labMT 1.0 word list, for --lexicon labmt (or TRENDOFF_LABMT_FILE)
  --bucket D       base bucket, e.g. 1s, 5s (default 5s)
  --step D         printed step, a multiple of the bucket (default 1m)
  --json           print JSON instead of tables
  -h, --help       show this help`;

interface Counters extends OutcomeCounts {
  read: number;
  rejections: Map<string, number>;
}

export async function runAnalyse(
  argv: string[],
  io: { stdin: Readable; stdout: Writable; stderr: Writable; env: NodeJS.ProcessEnv },
): Promise<number> {
  const cmd = 'analyse';
  const { values } = parseCommandArgs(cmd, argv, {
    debate: { type: 'string' },
    input: { type: 'string' },
    format: { type: 'string' },
    minutes: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    lexicon: { type: 'string' },
    'labmt-file': { type: 'string' },
    bucket: { type: 'string' },
    step: { type: 'string' },
    json: { type: 'boolean' },
  });
  const out = new BackpressureWriter(io.stdout);
  if (values.help) {
    await out.write(ANALYSE_HELP + '\n');
    return 0;
  }
  const config = loadDebateConfig(requireString(cmd, values, 'debate'));
  const scorer = scorerOption(cmd, values, io.env);
  const lexicon = scorer.name;
  const format = choiceOption(cmd, values, 'format', POST_FORMAT_CHOICES, 'auto');
  if (values.format !== undefined && values.input === undefined)
    throw new UsageError(cmd, '--format is for --input');
  const bucketMs = parseDuration(cmd, 'bucket', values.bucket ?? '5s');
  const stepMs = parseDuration(cmd, 'step', values.step ?? '1m');
  if (stepMs % bucketMs !== 0)
    throw new UsageError(cmd, `--step (${values.step ?? '1m'}) must be a multiple of --bucket`);
  const minutes = numberOption(cmd, values, 'minutes', 10, { min: 0 });
  const rate = numberOption(cmd, values, 'rate', 50, { min: 0 });
  if (values.input === undefined && (minutes <= 0 || rate <= 0))
    throw new UsageError(cmd, '--minutes and --rate must be > 0');

  const pipeline = createTweetPipeline({ config, scorer });
  const buckets: CandidateBuckets = new Map();
  const counters: Counters = { read: 0, ...emptyOutcomeCounts(), rejections: new Map() };
  let first = Infinity;
  let last = -Infinity;
  const take = (o: Outcome): void => {
    counters.read++;
    countOutcome(counters, o);
    if (o.kind === 'scored') {
      addToBuckets(buckets, o.scored, bucketMs);
      first = Math.min(first, o.scored.createdAt);
      last = Math.max(last, o.scored.createdAt);
    } else if (o.kind === 'rejected') {
      const reason = o.rejection.reason.replace(/\d+/g, 'N');
      counters.rejections.set(reason, (counters.rejections.get(reason) ?? 0) + 1);
    }
  };

  const started = process.hrtime.bigint();
  if (values.input !== undefined) {
    try {
      const stream = await openPostStream(values.input, {
        stdin: io.stdin,
        s3: values.input.startsWith('s3://') ? s3Client() : undefined,
      });
      for await (const batch of readPosts(stream, { format, name: values.input }))
        for (const r of batch) take(pipeline.fromResult(r));
    } catch (err) {
      if (err instanceof PostFormatError || (err as NodeJS.ErrnoException).code !== undefined) {
        throw new InputError(`${values.input}: ${(err as Error).message}`);
      }
      throw err;
    }
  } else {
    const seed = values.seed ?? '1';
    for (const record of generateDebate(config, { minutes, rate, seed })) {
      take(record.kind === 'tweet' ? pipeline.fromTweet(record.tweet) : pipeline.fromJsonLine(record.raw));
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const report = buildReport(config, buckets, counters, { first, last, bucketMs, stepMs, seconds, lexicon });
  await out.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(config, report) + '\n');
  return 0;
}

interface Report {
  debate: string;
  lexicon: ScorerName;
  posts: Omit<Counters, 'rejections'> & { rejections: Record<string, number> };
  seconds: number;
  postsPerSecond: number;
  from: string | null;
  to: string | null;
  stepMs: number;
  candidates: {
    id: string;
    name: string;
    total: ReturnType<typeof stats>;
    mostPositive: BucketAggregate['mostPositive'];
    mostNegative: BucketAggregate['mostNegative'];
    topHashtags: { key: string; count: number }[];
    topWords: { key: string; count: number }[];
    series: ({ t: string } & ReturnType<typeof stats>)[];
  }[];
}

function buildReport(
  config: DebateConfig,
  buckets: CandidateBuckets,
  counters: Counters,
  o: { first: number; last: number; bucketMs: number; stepMs: number; seconds: number; lexicon: ScorerName },
): Report {
  const any = Number.isFinite(o.first);
  const candidates = Object.entries(config.candidates).map(([id, c]) => {
    const series = buckets.get(id) ?? new Map<number, BucketAggregate>();
    const total = compact(mergeAll(series.values()), 10);
    const points = any
      ? resample(series, { from: o.first, to: o.last + 1, stepMs: o.stepMs, bucketMs: o.bucketMs })
      : [];
    return {
      id,
      name: c.name,
      total: stats(total),
      mostPositive: total.mostPositive,
      mostNegative: total.mostNegative,
      topHashtags: topK(total.hashtags, 5),
      topWords: topK(total.words, 5),
      series: points.map((p) => ({ t: new Date(p.t).toISOString(), ...stats(p.agg) })),
    };
  });
  const { rejections, ...rest } = counters;
  return {
    debate: config.id,
    lexicon: o.lexicon,
    posts: { ...rest, rejections: Object.fromEntries(rejections) },
    seconds: round(o.seconds, 3),
    postsPerSecond: Math.round(counters.read / Math.max(o.seconds, 1e-9)),
    from: any ? new Date(o.first).toISOString() : null,
    to: any ? new Date(o.last).toISOString() : null,
    stepMs: o.stepMs,
    candidates,
  };
}

function formatReport(config: DebateConfig, r: Report): string {
  const lines: string[] = [];
  lines.push(`${config.title}`);
  lines.push(
    `${r.posts.read} posts read: ${r.posts.scored} about a candidate, ${r.posts.unmatched} about none, ` +
      `${r.posts.otherLanguage} in other languages, ${r.posts.duplicate} duplicates, ${r.posts.rejected} rejected ` +
      `(${r.lexicon}; ${r.postsPerSecond.toLocaleString('en-US')} posts/s over ${r.seconds} s)`,
  );
  for (const [reason, n] of Object.entries(r.posts.rejections)) lines.push(`  rejected ${n}×: ${reason}`);
  const ids = r.candidates.filter((c) => c.total.count > 0);
  if (ids.length === 0) return lines.join('\n');
  lines.push(
    '',
    `Mean sentiment (posts) per ${r.stepMs / 1000 >= 60 ? `${r.stepMs / 60000} min` : `${r.stepMs / 1000} s`}:`,
  );
  const width = 14;
  lines.push(['time (UTC)'.padEnd(8), ...ids.map((c) => c.id.slice(0, width).padStart(width))].join(' '));
  const steps = ids[0].series.length;
  for (let i = 0; i < steps; i++) {
    const cells = ids.map((c) => {
      const p = c.series[i];
      return (p.mean === null ? '·' : `${signed(p.mean)} (${p.count})`).padStart(width);
    });
    lines.push([ids[0].series[i].t.slice(11, 19).padEnd(8), ...cells].join(' '));
  }
  lines.push('', 'Per candidate:');
  for (const c of ids) {
    const t = c.total;
    lines.push(
      `  ${c.name} (${c.id}): ${t.count} posts, mean ${signed(t.mean ?? 0)} ± ${(t.sd ?? 0).toFixed(3)}, ` +
        `+${t.pos} / =${t.neu} / −${t.neg}`,
    );
    if (c.mostPositive)
      lines.push(`    most positive ${signed(c.mostPositive.score)}: ${oneLine(c.mostPositive.text)}`);
    if (c.mostNegative)
      lines.push(`    most negative ${signed(c.mostNegative.score)}: ${oneLine(c.mostNegative.text)}`);
    if (c.topHashtags.length > 0)
      lines.push(`    hashtags: ${c.topHashtags.map((h) => `#${h.key} ${h.count}`).join(', ')}`);
    if (c.topWords.length > 0)
      lines.push(`    words: ${c.topWords.map((w) => `${w.key} ${w.count}`).join(', ')}`);
  }
  return lines.join('\n');
}

function signed(x: number): string {
  return (x >= 0 ? '+' : '') + x.toFixed(3);
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 100 ? flat.slice(0, 99) + '…' : flat;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
