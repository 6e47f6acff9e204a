/**
 * `npm run bench:local`: the embedded default end to end. Replays 100,000 synthetic posts at a
 * debate-night rate (3,000/s of debate time, generated as X API v2 payloads) through
 * `trendoff local --once --speed max` — producer, local Kinesis, processor, DynamoDB, raw archive —
 * and reports sustained posts/s and the p95 lag from a record's arrival in the stream to its
 * aggregate being written (queryable). Runs the CLI as a user would, three times, and reports each.
 * Targets (2-core machine): ≥ 5,000 posts/s with p95 lag under 2 s.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const args = [
  'local',
  '--memory',
  '--once',
  '--rate',
  '3000',
  '--minutes',
  '0.556',
  '--speed',
  'max',
  '--port',
  '0',
];

interface Summary {
  tweets_in: number;
  processed: number;
  tweets_per_s: number;
  processing_lag_p95_ms: number | null;
  elapsed_s: number;
}

process.stdout.write(`trendoff local benchmark — node ${process.version}; trendoff ${args.join(' ')}\n\n`);
process.stdout.write('run   posts in   posts/s   p95 lag (ms)   elapsed (s)\n');
const results: Summary[] = [];
for (let i = 1; i <= runs; i++) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'trendoff.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const s = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Summary;
  results.push(s);
  process.stdout.write(
    `${String(i).padStart(3)}   ${String(s.tweets_in).padStart(8)}   ${String(s.tweets_per_s).padStart(7)}   ${String(s.processing_lag_p95_ms).padStart(12)}   ${s.elapsed_s.toFixed(2).padStart(11)}\n`,
  );
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rate = median(results.map((s) => s.tweets_per_s));
const lag = median(results.map((s) => s.processing_lag_p95_ms ?? Infinity));
process.stdout.write(`\nmedian: ${rate} posts/s (target ≥ 5,000) ${rate >= 5000 ? 'met' : 'NOT met'}; `);
process.stdout.write(`p95 lag ${lag} ms (target < 2,000) ${lag < 2000 ? 'met' : 'NOT met'}\n`);
