/**
 * End to end, as a user runs it: `trendoff local --source replay --once` as a process, on a replay
 * file of good X API v2 posts with every kind of bad line mixed in — a non-JSON first line (which
 * once made the whole file read as CSV), a line of multi-byte characters under the line limit but
 * over Kinesis's 1 MiB record limit (which once failed its batch on every restart), a line over the
 * line limit, truncated JSON, a lone surrogate, no text, too much text, not a post. The run must go
 * to the end, count every good post, and quarantine each bad line once with its reason.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createMatcher } from '../../lambda/core/matcher';
import { normaliseJsonLine } from '../../lambda/core/normalise';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { tokenize } from '../../lambda/core/tokenizer';
import { startEmulators } from '../../lib/local/emulators';
import { buildCli, CLI, GOP, ROOT } from '../support/cli';
import { destroyClients, localClients } from '../support/emulators';

const parsed = parseDebateConfig(fs.readFileSync(GOP, 'utf8'));
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;
const at = '2015-09-17T01:00:00.000Z';
const post = (id: string, text: string) =>
  JSON.stringify({
    data: { id, text, author_id: '42', created_at: at },
    includes: { users: [{ id: '42', username: 'u' }] },
  });

// GIVEN good posts from the synthetic generator (X API v2) and every bad line, each with the reason it must be quarantined for
const good = [...generateDebate(config, { minutes: 2, rate: 10, seed: 'bad-input' })].map((r) =>
  encodeRecord(r, config),
);
const bad: readonly (readonly [string, RegExp])[] = [
  ['trendoff replay of the 2015 GOP debate, exported by hand', /^malformed JSON/],
  [`{"x":"${'€'.repeat(349_520)}"}`, /^record of 1048580 bytes .*over the stream's limit of 1048576 bytes/],
  [post('9001', 'x'.repeat(1024 * 1024)), /^line \d+ is 1048\d{3} bytes, over the 1 MiB line limit/],
  ['{"data": {"id": "9002", "text": "cut off', /^malformed JSON/],
  [post('9003', 'lone \ud800 surrogate about Trump'), /lone UTF-16 surrogate/],
  [JSON.stringify({ data: { id: '9004', author_id: '42', created_at: at } }), /text/],
  [post('9005', 'Trump '.repeat(5000)), /longer than 25000 characters/],
  ['[1, 2, 3]', /not a JSON object/],
  ['{"hello": "world"}', /unrecognised JSON object/],
];
// The non-JSON line first, the others spread through the good posts; a blank line is no record.
const lines = [bad[0]![0], ...good];
bad.slice(1).forEach(([line], i) => lines.splice(50 + i * 100, 0, line));
lines.splice(10, 0, '');
const records = lines.filter((l) => l.trim() !== '');

/** Posts per candidate, counted by brute force: normalise, first sighting of an id, language, matcher. */
function bruteForceCounts(): Record<string, number> {
  const matcher = createMatcher(config);
  const languages = new Set(config.languages);
  const seen = new Set<string>();
  const counts: Record<string, number> = Object.fromEntries(
    Object.keys(config.candidates).map((c) => [c, 0]),
  );
  for (const line of records) {
    const r = normaliseJsonLine(line);
    if (!r.ok || seen.has(r.tweet.id)) continue;
    seen.add(r.tweet.id);
    const lang = r.tweet.lang;
    if (languages.size > 0 && lang !== 'und' && !languages.has(lang) && !languages.has(lang.split('-')[0]!))
      continue;
    for (const c of matcher.match(tokenize(r.tweet.text))) counts[c]!++;
  }
  return counts;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('trendoff local --source replay, on every kind of bad line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-bad-input-'));
  // No extension: the format is decided by the first lines, most of which are JSON.
  const input = path.join(dir, 'replay');
  const dataDir = path.join(dir, 'state');
  let run: Run;
  const quarantined: { reason: string; sample: string }[] = [];

  beforeAll(async () => {
    buildCli();
    fs.writeFileSync(input, lines.join('\n') + '\n');
    // WHEN the replay runs once through the whole local pipeline, as a process
    run = await runCli([
      'local',
      '--debate',
      GOP,
      '--source',
      'replay',
      '--input',
      input,
      '--speed',
      'max',
      '--once',
      '--fresh',
      '--data-dir',
      dataDir,
      '--port',
      '0',
    ]);
    // The quarantine, read back from the local S3 archive the run left in its data dir.
    const emulators = await startEmulators({ dataDir: path.join(dataDir, 'aws') });
    const aws = localClients(emulators.endpoints);
    try {
      const archive = new S3ArchiveStore({ client: aws.s3, bucket: 'trendoff-archive' });
      for await (const key of archive.list(`quarantine/`))
        for (const l of gunzipSync(await archive.get(key))
          .toString('utf8')
          .trim()
          .split('\n'))
          quarantined.push(JSON.parse(l) as { reason: string; sample: string });
    } finally {
      destroyClients(aws);
      await emulators.stop();
    }
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('THEN it exits 0 with a summary, no stack trace', () => {
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.status).toBe(0);
  });

  test('THEN every record went in and was processed, and each bad line is exactly one rejection', () => {
    const summary = JSON.parse(run.stdout) as { tweets_in: number; processed: number; rejected: number };
    expect(summary).toMatchObject({
      tweets_in: records.length,
      processed: records.length,
      rejected: bad.length,
    });
  });

  test('THEN every good post is counted: per-candidate totals equal a brute-force count with the core matcher', () => {
    const summary = JSON.parse(run.stdout) as { per_candidate: Record<string, number> };
    const want = bruteForceCounts();
    expect(Object.values(want).reduce((a, b) => a + b, 0)).toBeGreaterThan(good.length / 2);
    expect(summary.per_candidate).toEqual(want);
  });

  test('THEN each bad line is in quarantine/ once, with its reason and the start of the line', () => {
    const left = [...quarantined];
    for (const [line, reason] of bad) {
      // The line over the line limit is never held in memory, so it has no sample.
      const i = left.findIndex(
        (q) => reason.test(q.reason) && (q.sample === '' || line.startsWith(q.sample.slice(0, 100))),
      );
      expect([line.slice(0, 60), i >= 0]).toEqual([line.slice(0, 60), true]);
      left.splice(i, 1);
    }
    expect(left).toEqual([]);
  });
});
