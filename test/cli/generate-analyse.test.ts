import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildCli, GOP, runCli } from '../support/cli';

beforeAll(buildCli);

interface AnalyseReport {
  posts: { read: number; scored: number; rejected: number; duplicate: number };
  candidates: { id: string; total: { count: number; mean: number | null }; series: { count: number }[] }[];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-cli-'));

describe('trendoff generate', () => {
  test('GIVEN the same seed WHEN generated twice THEN the bytes are identical; another seed differs', () => {
    const args = ['generate', '--debate', GOP, '--minutes', '1', '--rate', '30'];
    const a = runCli([...args, '--seed', '7']);
    const b = runCli([...args, '--seed', '7']);
    const c = runCli([...args, '--seed', '8']);
    expect(a.status).toBe(0);
    expect(a.stdout.split('\n').length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  test('GIVEN --format csv WHEN generated THEN the first line is the canonical header', () => {
    const r = runCli(['generate', '--debate', GOP, '--minutes', '0.1', '--format', 'csv']);
    expect(r.stdout.split('\n')[0]).toBe(
      'id,created_at,author_id,username,name,text,lang,hashtags,mentions,lon,lat,retweet_of,quote_of,reply_to,trendoff_synthetic',
    );
  });

  test('fails if the rate is not positive or the config is missing, naming the problem', () => {
    const zero = runCli(['generate', '--debate', GOP, '--rate', '0']);
    expect([zero.status, zero.stderr.trim()]).toEqual([
      2,
      'trendoff generate: --rate must be > 0, got "0" (see --help)',
    ]);
    const missing = runCli(['generate']);
    expect([missing.status, missing.stderr.trim()]).toEqual([
      2,
      'trendoff generate: --debate is required (see --help)',
    ]);
    const absent = runCli(['generate', '--debate', path.join(tmp, 'nope.json')]);
    expect(absent.status).toBe(1);
    expect(absent.stderr).toContain('cannot read debate config');
  });
});

describe('trendoff validate', () => {
  test('GIVEN the example WHEN validated THEN its rules are printed, tagged per candidate', () => {
    const r = runCli(['validate', '--debate', GOP]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { rules: { tag: string; value: string }[] };
    expect(out.rules.map((x) => x.tag)).toContain('trump');
    expect(out.rules.every((x) => x.value.length <= 1024)).toBe(true);
  });

  test('fails if the config is invalid, listing each problem with its path (status 1)', () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        id: 'x',
        title: 't',
        start: 'soon',
        end: '2020-01-01T00:00:00Z',
        candidates: { a: { name: 'A', terms: [] } },
      }),
    );
    const r = runCli(['validate', '--debate', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('$.start: "soon" is not an ISO 8601 time with a zone');
    expect(r.stderr).toContain('$.candidates.a.terms: required non-empty array of strings');
  });
});

describe('trendoff analyse', () => {
  const gen = (format: string): string =>
    runCli([
      'generate',
      '--debate',
      GOP,
      '--minutes',
      '3',
      '--rate',
      '40',
      '--seed',
      'same',
      '--format',
      format,
    ]).stdout;

  test('GIVEN one synthetic stream written as v2, v1 (gzip) and CSV WHEN analysed THEN every format gives the same aggregates', () => {
    // GIVEN
    const v2 = path.join(tmp, 'd.v2.jsonl');
    const v1 = path.join(tmp, 'd.v1.jsonl.gz');
    const csv = path.join(tmp, 'd.csv');
    fs.writeFileSync(v2, gen('v2'));
    fs.writeFileSync(v1, zlib.gzipSync(gen('v1')));
    fs.writeFileSync(csv, gen('csv'));
    // WHEN
    const reports = [v2, v1, csv].map((f) => {
      const r = runCli(['analyse', '--debate', GOP, '--input', f, '--json']);
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as AnalyseReport;
    });
    // THEN
    const view = (r: AnalyseReport) => r.candidates.map((c) => [c.id, c.total.count, c.total.mean]);
    expect(reports[0].posts.read).toBeGreaterThan(5000);
    expect(reports[0].posts.rejected).toBe(0);
    expect(view(reports[1])).toEqual(view(reports[0]));
    expect(view(reports[2])).toEqual(view(reports[0]));
    // and the per-step series adds up to the totals
    for (const c of reports[0].candidates)
      expect(c.series.reduce((s, p) => s + p.count, 0)).toBe(c.total.count);
  });

  test('GIVEN malformed and duplicate lines on stdin WHEN analysed THEN they are counted, not fatal', () => {
    const lines = gen('v2').trim().split('\n').slice(0, 200);
    const input = [...lines, lines[0], '{"broken', '', '{"data":{}}'].join('\n');
    const r = runCli(['analyse', '--debate', GOP, '--input', '-', '--json'], input);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as AnalyseReport;
    expect(report.posts).toEqual(expect.objectContaining({ read: 203, duplicate: 1, rejected: 2 }));
  });

  test('GIVEN a non-JSON first line on stdin WHEN analysed THEN the posts are read as JSON Lines; WHEN --format csv THEN its header is refused', () => {
    const lines = gen('v2').trim().split('\n').slice(0, 100);
    const input = ['posts of the GOP debate, as exported', ...lines].join('\n');
    const auto = runCli(['analyse', '--debate', GOP, '--input', '-', '--json'], input);
    expect(auto.status).toBe(0);
    expect((JSON.parse(auto.stdout) as AnalyseReport).posts).toEqual(
      expect.objectContaining({ read: 101, rejected: 1 }),
    );
    const csv = runCli(['analyse', '--debate', GOP, '--input', '-', '--format', 'csv'], input);
    expect([csv.status, csv.stderr]).toEqual([1, expect.stringMatching(/CSV header not understood/)]);
    const bad = runCli(['analyse', '--debate', GOP, '--input', '-', '--format', 'xml'], input);
    expect([bad.status, bad.stderr]).toEqual([
      2,
      expect.stringMatching(/--format must be one of auto, jsonl, csv/),
    ]);
  });

  test('fails if a CSV header lacks the needed columns (status 1, names what is missing)', () => {
    const f = path.join(tmp, 'odd.csv');
    fs.writeFileSync(f, 'foo,bar\n1,2\n');
    const r = runCli(['analyse', '--debate', GOP, '--input', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/CSV header not understood: .*id/);
  });

  test('GIVEN no input WHEN analysed THEN a synthetic stream is generated and a table is printed', () => {
    const r = runCli(['analyse', '--debate', GOP, '--minutes', '2', '--rate', '20', '--step', '30s']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Mean sentiment \(posts\) per 30 s:/);
    expect(r.stdout).toMatch(/Donald Trump \(trump\): \d+ posts, mean [+-]\d\.\d{3}/);
  });

  test('fails if the step is not a multiple of the bucket', () => {
    const r = runCli(['analyse', '--debate', GOP, '--bucket', '7s', '--step', '1m']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('must be a multiple of --bucket');
  });
});

describe('trendoff', () => {
  test('fails if the command is unknown, listing the commands', () => {
    const r = runCli(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'trendoff: unknown command "frobnicate" (commands: local, worker, analyse, score, generate, cost, rules, spot, cluster, report, validate) (see --help)',
    );
  });

  test('GIVEN --help WHEN run THEN every command is listed', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['local', 'analyse', 'score', 'generate', 'validate'])
      expect(r.stdout).toContain(`  ${c} `);
  });

  test('GIVEN the American spelling "analyze" WHEN run THEN it is the analyse command', () => {
    const r = runCli(['analyze', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: trendoff analyse');
  });
});
