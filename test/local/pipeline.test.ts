/**
 * End to end on the embedded default: a replay with bad records mixed in goes through the real
 * emulators, the producer, the processor and archiver (driven as Lambda/Firehose would), and the
 * query API over HTTP; its answers are compared with aggregates the core computes directly from
 * the same input.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { Writable } from 'stream';
import { addToBuckets, resample, stats, type CandidateBuckets } from '../../lambda/core/aggregate';
import type { SeriesResponse } from '../../lambda/core/api/contract';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createTweetPipeline } from '../../lambda/core/pipeline';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { runLocal, type LocalSummary } from '../../lib/local/runner';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/pres-2016-09-26.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;
const BUCKET = 5000;

// GIVEN a replay file: synthetic X API v2 posts with hand-made bad records mixed in
const good = [...generateDebate(config, { minutes: 3, rate: 15, seed: 'e2e' })].map((r) =>
  encodeRecord(r, config),
);
const bad = [
  '{"data": {"id": "1", "text": "cut off',
  JSON.stringify({ data: { text: 'no id or time' } }),
  JSON.stringify({
    data: { id: '77', text: 'x'.repeat(1024 * 1024), author_id: '1', created_at: '2016-09-27T01:00:00Z' },
  }),
  JSON.stringify({
    data: { id: '78', text: 'lone \ud800 surrogate', author_id: '1', created_at: '2016-09-27T01:00:00Z' },
  }),
  '[1, 2, 3]',
];
const lines = [...good];
bad.forEach((b, i) => lines.splice(100 + i * 300, 0, b));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-e2e-'));
const input = path.join(dir, 'replay.jsonl');
fs.writeFileSync(input, lines.join('\n') + '\n');

// The expected aggregates, computed by the core alone from the same lines.
const expected: CandidateBuckets = new Map();
const reference = createTweetPipeline({ config, scorer: createScorer('vader') });
let first = Infinity;
let last = -Infinity;
for (const l of lines) {
  const o = reference.fromJsonLine(l);
  if (o.kind !== 'scored') continue;
  addToBuckets(expected, o.scored, BUCKET);
  first = Math.min(first, o.scored.createdAt);
  last = Math.max(last, o.scored.createdAt);
}

const silent = new Writable({ write: (_c, _e, done) => done() });

describe('trendoff local, end to end', () => {
  let summary: LocalSummary;
  let series: SeriesResponse;
  const quarantined: string[] = [];
  let rawLines = 0;

  beforeAll(async () => {
    // WHEN the replay runs once through the whole local pipeline
    summary = await runLocal({
      config,
      source: { kind: 'replay', input },
      speed: Infinity,
      scorer: createScorer('vader'),
      bucketMs: BUCKET,
      dataDir: undefined,
      fresh: false,
      once: true,
      port: 0,
      shards: 2,
      batchSize: 100,
      batchWindowMs: 200,
      maxBacklog: 0,
      webDir: undefined,
      stderr: silent,
      signal: new AbortController().signal,
      whenDone: async ({ url, archive }) => {
        const from = Math.floor(first / BUCKET) * BUCKET;
        const to = Math.floor(last / BUCKET) * BUCKET + BUCKET;
        const res = await fetch(`${url}/debates/${config.id}/series?from=${from}&to=${to}&step=${BUCKET}`);
        series = (await res.json()) as SeriesResponse;
        for await (const key of archive.list('quarantine/')) {
          quarantined.push(
            ...gunzipSync(await archive.get(key))
              .toString('utf8')
              .trim()
              .split('\n'),
          );
        }
        for await (const key of archive.list('raw/'))
          rawLines += gunzipSync(await archive.get(key))
            .toString('utf8')
            .trim()
            .split('\n').length;
      },
    });
  }, 120_000);

  test('THEN every record went in and was processed, and the bad ones were rejected', () => {
    expect(summary.tweets_in).toBe(lines.length);
    expect(summary.processed).toBe(lines.length);
    expect(summary.rejected).toBe(bad.length);
  });

  test('THEN the API series equals the core aggregates of the same input, bucket by bucket', () => {
    for (const { candidate, points } of series.series) {
      const want = resample(expected.get(candidate) ?? new Map(), {
        from: Date.parse(series.from),
        to: Date.parse(series.to),
        stepMs: BUCKET,
        bucketMs: BUCKET,
      }).map((p) => ({ t: new Date(p.t).toISOString(), ...stats(p.agg) }));
      expect(points.map((p) => [p.t, p.count, p.pos, p.neu, p.neg])).toEqual(
        want.map((p) => [p.t, p.count, p.pos, p.neu, p.neg]),
      );
      points.forEach((p, i) => {
        if (p.mean === null) expect(want[i]!.mean).toBeNull();
        else expect(p.mean).toBeCloseTo(want[i]!.mean!, 9);
      });
    }
    const perCandidate = Object.fromEntries(
      [...expected].map(([c, s]) => [c, [...s.values()].reduce((n, a) => n + a.count, 0)]),
    );
    expect(summary.per_candidate).toEqual(perCandidate);
  });

  test('THEN the rejected records are kept in the quarantine with their reasons, and the raw archive has everything', () => {
    const reasons = quarantined.map((l) => (JSON.parse(l) as { reason: string }).reason);
    expect(reasons).toHaveLength(bad.length);
    expect(reasons.join('\n')).toMatch(/malformed JSON/);
    expect(reasons.join('\n')).toMatch(/surrogate/);
    expect(reasons.join('\n')).toMatch(/1 MiB|longer than|25,000|25000/);
    expect(rawLines).toBe(lines.length);
  });
});
