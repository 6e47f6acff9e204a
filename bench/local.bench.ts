/**
 * `npm run bench:local`: the embedded default end to end. Replays 100,000 synthetic posts at a
 * debate-night rate (3,000/s of debate time, generated as X API v2 payloads) through
 * `trendoff local --once --speed max` — producer, local Kinesis, processor, DynamoDB, raw archive —
 * and reports sustained posts/s and the p95 lag from a record's arrival in the stream to its
 * aggregate being written (queryable). Runs the CLI as a user would, three times, and reports each.
 * Then the same number of posts spread over a 3-hour night (`--minutes 180 --rate 12`, issue 10):
 * each batch then spans many buckets, which must not slow ingestion.
 * Then the dense replay on the Kafka path (`--stream kafka`: the local Kafka-protocol broker, needs
 * librdkafka-dev), with one consumer-group worker and with two, beside the Kinesis figures.
 * Targets (2-core machine): ≥ 5,000 posts/s with p95 lag under 2 s; the 3-hour night within 1.5× of
 * the dense replay's posts/s, p95 lag under 2 s.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const common = ['local', '--memory', '--once', '--speed', 'max', '--port', '0'];
const cases: readonly { name: string; args: string[] }[] = [
  { name: 'dense', args: [...common, '--rate', '3000', '--minutes', '0.556'] },
  { name: '3-hour', args: [...common, '--rate', '12', '--minutes', '180'] },
  { name: 'dense kafka', args: [...common, '--stream', 'kafka', '--rate', '3000', '--minutes', '0.556'] },
  {
    name: 'dense kafka, 2 workers',
    args: [...common, '--stream', 'kafka', '--workers', '2', '--rate', '3000', '--minutes', '0.556'],
  },
];

interface Summary {
  tweets_in: number;
  processed: number;
  tweets_per_s: number;
  processing_lag_p95_ms: number | null;
  elapsed_s: number;
}

function run(args: readonly string[]): Summary {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'trendoff.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Summary;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const medians: Record<string, { rate: number; lag: number }> = {};
for (const c of cases) {
  process.stdout.write(`\n${c.name}: trendoff ${c.args.join(' ')}\n`);
  process.stdout.write('run   posts in   posts/s   p95 lag (ms)   elapsed (s)\n');
  const results: Summary[] = [];
  for (let i = 1; i <= runs; i++) {
    const s = run(c.args);
    results.push(s);
    process.stdout.write(
      `${String(i).padStart(3)}   ${String(s.tweets_in).padStart(8)}   ${String(s.tweets_per_s).padStart(7)}   ${String(s.processing_lag_p95_ms).padStart(12)}   ${s.elapsed_s.toFixed(2).padStart(11)}\n`,
    );
  }
  medians[c.name] = {
    rate: median(results.map((s) => s.tweets_per_s)),
    lag: median(results.map((s) => s.processing_lag_p95_ms ?? Infinity)),
  };
}
const dense = medians.dense!;
const night = medians['3-hour']!;
process.stdout.write(`\ntrendoff local benchmark — node ${process.version}\n`);
process.stdout.write(
  `dense median: ${dense.rate} posts/s (target ≥ 5,000) ${dense.rate >= 5000 ? 'met' : 'NOT met'}; `,
);
process.stdout.write(`p95 lag ${dense.lag} ms (target < 2,000) ${dense.lag < 2000 ? 'met' : 'NOT met'}\n`);
const ratio = dense.rate / night.rate;
process.stdout.write(
  `3-hour median: ${night.rate} posts/s, ${ratio.toFixed(2)}× slower than dense (target ≤ 1.5×) ` +
    `${ratio <= 1.5 ? 'met' : 'NOT met'}; p95 lag ${night.lag} ms (target < 2,000) ${night.lag < 2000 ? 'met' : 'NOT met'}\n`,
);
for (const name of ['dense kafka', 'dense kafka, 2 workers']) {
  const k = medians[name]!;
  process.stdout.write(
    `${name} median: ${k.rate} posts/s (${(k.rate / dense.rate).toFixed(2)}× Kinesis's); p95 lag ${k.lag} ms (Kinesis ${dense.lag} ms)\n`,
  );
}
