/**
 * Past debates stay in the data dir: two debates replayed one after the other into the same data
 * dir are both listed by GET /debates and answer with everything they ingested, also when the dir
 * is later served alone (`--source none`), which ingests nothing and leaves the replay's resume
 * point as it was.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import type { DebatesResponse, SeriesResponse } from '../../lambda/core/api/contract';
import { parseDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { runLocal, type LocalOptions, type LocalSource, type LocalSummary } from '../../lib/local/runner';
import { buildCli, runCli } from '../support/cli';

function example(name: string): DebateConfig {
  const parsed = parseDebateConfig(fs.readFileSync(path.join(__dirname, '../../examples', name), 'utf8'));
  if (!parsed.ok) throw new Error(`${name} invalid`);
  return parsed.config;
}

const gop = example('gop-2015-09-16.json');
const pres = example('pres-2016-09-26.json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-past-'));
const dataDir = path.join(dir, 'data');
const silent = new Writable({ write: (_c, _e, done) => done() });

/** A replay file of one minute of synthetic posts of `config`. */
function replayFile(config: DebateConfig): string {
  const file = path.join(dir, `${config.id}.jsonl`);
  const lines = [...generateDebate(config, { minutes: 1, rate: 10, seed: 'past' })].map((r) =>
    encodeRecord(r, config),
  );
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** What the API answers once the run is done: the debate list and each debate's total count. */
interface Answers {
  readonly debates: string[];
  readonly totals: Record<string, number>;
}

async function runOnce(
  config: DebateConfig,
  source: LocalSource,
): Promise<{ summary: LocalSummary; answers: Answers }> {
  let answers: Answers = { debates: [], totals: {} };
  const options: LocalOptions = {
    config,
    source,
    speed: Infinity,
    scorer: createScorer('vader'),
    bucketMs: 5000,
    dataDir,
    fresh: false,
    once: true,
    port: 0,
    shards: 2,
    batchSize: 200,
    batchWindowMs: 100,
    maxBacklog: 0,
    webDir: undefined,
    stderr: silent,
    signal: new AbortController().signal,
    whenDone: async ({ url }) => {
      const listed = (await (await fetch(`${url}/debates`)).json()) as DebatesResponse;
      const totals: Record<string, number> = {};
      for (const d of listed.debates) {
        const from = Date.parse(d.start) - 3_600_000;
        const to = Date.parse(d.end) + 3_600_000;
        const res = await fetch(`${url}/debates/${d.id}/series?from=${from}&to=${to}&step=1h`);
        const series = (await res.json()) as SeriesResponse;
        totals[d.id] = series.series.flatMap((s) => s.points).reduce((n, p) => n + p.count, 0);
      }
      answers = { debates: listed.debates.map((d) => d.id).sort(), totals };
    },
  };
  const summary = await runLocal(options);
  return { summary, answers };
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

describe('trendoff local keeps past debates in its data dir', () => {
  const gopFile = replayFile(gop);
  const presFile = replayFile(pres);
  let first: { summary: LocalSummary; answers: Answers };
  let second: { summary: LocalSummary; answers: Answers };
  let served: { summary: LocalSummary; answers: Answers };
  let again: { summary: LocalSummary; answers: Answers };

  beforeAll(async () => {
    // GIVEN one debate replayed into a data dir, then another into the same dir
    first = await runOnce(gop, { kind: 'replay', input: gopFile });
    second = await runOnce(pres, { kind: 'replay', input: presFile });
    // WHEN the dir is served alone, then the second replay is run again
    served = await runOnce(gop, { kind: 'none' });
    again = await runOnce(pres, { kind: 'replay', input: presFile });
  }, 180_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('THEN GET /debates lists both debates after the second replay, each with all it ingested', () => {
    expect(first.summary.tweets_in).toBeGreaterThan(0);
    expect(first.answers.debates).toEqual([gop.id]);
    expect(second.answers.debates).toEqual([gop.id, pres.id].sort());
    expect(second.answers.totals).toEqual({
      [gop.id]: sum(first.summary.per_candidate),
      [pres.id]: sum(second.summary.per_candidate),
    });
    expect(sum(first.summary.per_candidate)).toBeGreaterThan(0);
    expect(sum(second.summary.per_candidate)).toBeGreaterThan(0);
  });

  test('THEN serving the dir alone ingests nothing and answers the same for both debates', () => {
    expect(served.summary.tweets_in).toBe(0);
    expect(served.answers).toEqual(second.answers);
  });

  test('THEN serving alone keeps the last replay’s resume point: running it again sends nothing', () => {
    expect(again.summary.tweets_in).toBe(0);
    expect(again.answers).toEqual(second.answers);
  });
});

describe('trendoff local --source none', () => {
  beforeAll(buildCli);

  test.each([[['--memory']], [['--fresh']], [['--input', 'posts.jsonl']]])(
    'fails if combined with %p, naming the problem in one line',
    (extra) => {
      const r = runCli(['local', '--source', 'none', ...extra]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^trendoff local: --(source none|input)/);
    },
  );
});
