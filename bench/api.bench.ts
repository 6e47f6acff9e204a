/**
 * `npm run bench:api`: what looking costs at debate-night scale. Builds a whole synthetic night in
 * `trendoff local` (by default 3 hours at 12 posts/s, about 130,000 posts, the 11 candidates of the
 * example debate, 2 shards): generates it to a file, replays it at `--speed max --once` into a data
 * dir (recording posts/s and the p95 lag of that replay), then serves the data dir alone
 * (`--source none`) and sends the requests the dashboard and a journalist send, at a fixed
 * concurrency over loopback, reporting p50/p95/p99 latency and the body size on the wire: first as
 * viewers get them (through the local edge cache, which stands for CloudFront), then straight from
 * the origin (`--no-edge-cache`, what a cache miss costs), one request at a time by default.
 * Runs the CLI as a user would. Flags (all optional):
 *   --minutes N --rate R     the night (180, 12)         --shards N       stream shards (2)
 *   --concurrency C          requests in flight (16)     --requests N     per request kind (500)
 *   --origin-concurrency C   in flight for the origin pass (1; 0 skips it)
 *   --seconds S              per kind: no new request after S seconds (45)
 *   --data-dir D             build this dir (wiped first) and keep it, or with --reuse only serve it
 *   --reuse                  skip the build: serve --data-dir as it is
 * Target (issue 10): p95 ≤ 50 ms for every request kind at concurrency 16.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import * as zlib from 'zlib';
import type {
  DebatesResponse,
  HealthResponse,
  LiveResponse,
  SeriesColumnsResponse,
} from '../lambda/core/api/contract';
import { DEFAULT_LIVE_POINTS } from '../lambda/core/api/limits';
import { DEFAULT_WINDOW_MINUTES } from '../web/src/config';
import { followWindow } from '../web/src/time-window';

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'trendoff.js');
const debateFile = path.join('examples', 'gop-2015-09-16.json');
/** The dashboard's point budget (web/src/main.ts): 30 min at 5-s steps fits. */
const DASHBOARD_MAX_POINTS = DEFAULT_LIVE_POINTS;
const TARGET_P95_MS = 50;

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '180' },
    rate: { type: 'string', default: '12' },
    shards: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    'origin-concurrency': { type: 'string', default: '1' },
    requests: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '45' },
    'data-dir': { type: 'string' },
    reuse: { type: 'boolean', default: false },
  },
});

function positive(name: keyof typeof flags): number {
  const n = Number(flags[name]);
  if (!(n > 0)) fail(`--${name} must be a number > 0, got "${String(flags[name])}"`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`bench:api: ${message}\n`);
  process.exit(2);
}

const minutes = positive('minutes');
const rate = positive('rate');
const shards = String(Math.round(positive('shards')));
const concurrency = Math.round(positive('concurrency'));
const originConcurrency = Math.round(Number(flags['origin-concurrency']));
if (!(originConcurrency >= 0))
  fail(`--origin-concurrency must be a number ≥ 0, got "${String(flags['origin-concurrency'])}"`);
const maxRequests = Math.round(positive('requests'));
const maxSeconds = positive('seconds');
if (flags.reuse && flags['data-dir'] === undefined) fail('--reuse needs --data-dir D (a dir built before)');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-bench-api-'));
const dataDir = flags['data-dir'] ?? path.join(work, 'data');

interface IngestSummary {
  tweets_in: number;
  tweets_per_s: number;
  processing_lag_p95_ms: number | null;
  elapsed_s: number;
}

/** Generates the night and replays it into the data dir as fast as it goes. */
function build(): IngestSummary {
  const input = path.join(work, 'night.jsonl');
  const fd = fs.openSync(input, 'w');
  const gen = spawnSync(
    process.execPath,
    [cli, 'generate', '--debate', debateFile, '--minutes', String(minutes), '--rate', String(rate)],
    { cwd: root, stdio: ['ignore', fd, 'inherit'] },
  );
  fs.closeSync(fd);
  if (gen.status !== 0) fail('trendoff generate failed');
  const args = ['local', '--debate', debateFile, '--source', 'replay', '--input', input, '--speed', 'max'];
  args.push('--once', '--data-dir', dataDir, '--fresh', '--port', '0', '--shards', shards);
  process.stdout.write(`building: trendoff ${args.join(' ').replaceAll(work, '<tmp>')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    fail('the replay failed');
  }
  fs.rmSync(input);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as IngestSummary;
}

/** Serves the data dir without ingesting; resolves with the API's base URL. */
function serve(edge: boolean): Promise<{ url: string; server: ChildProcess }> {
  const args = ['local', '--debate', debateFile, '--source', 'none', '--data-dir', dataDir];
  args.push('--port', '0', '--shards', shards);
  if (!edge) args.push('--no-edge-cache');
  // In its own process group, stopped as Ctrl-C stops it: SIGINT to the group (bin/trendoff.js
  // runs the bundle in a child process).
  const server = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let err = '';
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      const m = /dashboard and API at (http:\/\/\S+)/.exec(err);
      if (m !== null) resolve({ url: m[1]!, server });
    });
    server.once('exit', (code) => reject(new Error(`trendoff local exited (${code}): ${err.trim()}`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

interface Got {
  readonly status: number;
  /** Body size on the wire, and decoded. */
  readonly bytes: number;
  readonly rawBytes: number;
  readonly ms: number;
  readonly body: Buffer;
  readonly etag: string | undefined;
  /** Whether the edge cache answered it (`x-cache: Hit…`). */
  readonly hit: boolean;
}

/**
 * One GET as a browser sends it (plus `headers`); the body as it came over the wire, and decoded
 * unless `decode` is false (decoding blocks this process, and so would delay the answers of the
 * other requests in flight: measured requests leave it to the warm-up's).
 */
function get(url: string, headers: Record<string, string> = {}, decode = true): Promise<Got> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      {
        agent,
        headers: { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          const coding = res.headers['content-encoding'];
          const body = !decode
            ? wire
            : coding === 'br'
              ? zlib.brotliDecompressSync(wire)
              : coding === 'gzip'
                ? zlib.gunzipSync(wire)
                : wire;
          const etag = res.headers.etag;
          const hit = String(res.headers['x-cache'] ?? '').startsWith('Hit');
          resolve({
            status: res.statusCode ?? 0,
            bytes: wire.length,
            rawBytes: body.length,
            ms,
            body,
            etag,
            hit,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

async function getJson<T>(url: string): Promise<T> {
  const r = await get(url);
  if (r.status !== 200) fail(`${url} answered ${r.status}`);
  return JSON.parse(r.body.toString('utf8')) as T;
}

interface Measured {
  readonly name: string;
  readonly n: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly bytes: number;
  readonly rawBytes: number;
  /** Share of the answers the edge cache gave. */
  readonly hits: number;
}

/** A kind of request: its URL, extra headers, and the status that counts as success. */
interface Case {
  readonly name: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly status?: number;
}

/** `inFlight` loops sending the request until `maxRequests` are sent or `maxSeconds` have passed. */
async function measure({ name, url, headers = {}, status = 200 }: Case, inFlight: number): Promise<Measured> {
  const warm = await get(url, headers); // warm-up, not counted; its decoded size stands for all
  const latencies: number[] = [];
  const sizes: number[] = [];
  const rawSizes: number[] = [];
  let sent = 0;
  let errors = 0;
  let hits = 0;
  const deadline = Date.now() + maxSeconds * 1000;
  const loop = async (): Promise<void> => {
    while (sent < maxRequests && Date.now() < deadline) {
      sent++;
      const r = await get(url, headers, false);
      if (r.status !== status) errors++;
      if (r.hit) hits++;
      latencies.push(r.ms);
      sizes.push(r.bytes);
      rawSizes.push(r.status === warm.status ? warm.rawBytes : r.rawBytes);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const bytes = mean(sizes);
  const rawBytes = mean(rawSizes);
  const p = { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) };
  return { name, n: sorted.length, errors, ...p, bytes, rawBytes, hits: hits / Math.max(1, sorted.length) };
}

function size(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

async function main(): Promise<void> {
  process.stdout.write(
    `query API benchmark — node ${process.version}, ${os.cpus().length} cores; ` +
      `${minutes} min at ${rate} posts/s, ${shards} shards; concurrency ${concurrency}, ` +
      `≤ ${maxRequests} requests or ${maxSeconds} s per kind\n\n`,
  );
  const ingest = flags.reuse ? undefined : build();
  if (ingest !== undefined)
    process.stdout.write(
      `replay at --speed max: ${ingest.tweets_in.toLocaleString('en-US')} posts, ` +
        `${ingest.tweets_per_s.toLocaleString('en-US')} posts/s, p95 processing lag ${ingest.processing_lag_p95_ms} ms, ` +
        `${ingest.elapsed_s.toFixed(1)} s\n\n`,
    );
  const edge = await serve(true);
  let cases: Case[];
  try {
    cases = await casesOf(edge.url);
    report(
      'as viewers get them: through the edge cache (CloudFront in the cloud)',
      await measureAll(cases, concurrency),
      true,
    );
  } finally {
    await stop(edge.server);
  }
  if (originConcurrency > 0) {
    const origin = await serve(false);
    try {
      const base = origin.url;
      const direct = cases.map((c) => ({ ...c, url: base + c.url.slice(edge.url.length) }));
      report(
        `from the origin (--no-edge-cache: what a miss costs), ${originConcurrency} in flight`,
        await measureAll(direct, originConcurrency),
        false,
      );
    } finally {
      await stop(origin.server);
    }
  }
  agent.destroy();
  // The data dir is under `work` unless --data-dir named one to keep.
  fs.rmSync(work, { recursive: true, force: true });
}

/** The requests the dashboard and a journalist send, against the server at `url`. */
async function casesOf(url: string): Promise<Case[]> {
  const base = url.endsWith('/') ? url : `${url}/`;
  const { debates } = await getJson<DebatesResponse>(`${base}debates`);
  const debate = debates[0];
  if (debate === undefined || debate.firstPostAt === null || debate.lastPostAt === null)
    fail('the data dir holds no debate with posts');
  const { debates: fresh } = await getJson<HealthResponse>(`${base}health`);
  const newest = Date.parse(fresh.find((d) => d.id === debate.id)?.newestPostAt ?? debate.lastPostAt);
  // The dashboard's poll (web/src/dashboard.ts): the last 30 min, following the newest post.
  const w = followWindow(
    newest,
    Date.parse(debate.start),
    DEFAULT_WINDOW_MINUTES * 60_000,
    debate.bucketMs,
    DASHBOARD_MAX_POINTS,
  );
  const minute = 60_000;
  const nightFrom = Math.floor(Date.parse(debate.firstPostAt) / minute) * minute;
  const nightTo = (Math.floor(newest / minute) + 1) * minute;
  const d = `${base}debates/${encodeURIComponent(debate.id)}`;
  // Query strings as web/src/api-client.ts sends them (epoch ms, step in ms, columns).
  const series30 = `${d}/series?from=${w.from}&to=${w.to}&step=${w.stepMs}`;
  const { settled } = await getJson<SeriesColumnsResponse>(`${series30}&format=columns`);
  const poll = `${series30}&since=${Date.parse(settled)}&format=columns`;
  const pollTag = (await get(poll)).etag ?? fail(`${poll} gave no etag`);
  const step = `step=${w.stepMs / 1000}s`;
  // Query strings as web/src/api-client.ts sends them for /live.
  const live = `${d}/live?window=${DEFAULT_WINDOW_MINUTES * 60_000}&points=${DASHBOARD_MAX_POINTS}`;
  const { series: liveSeries } = await getJson<LiveResponse>(live);
  const liveSettled = Date.parse(liveSeries.settled);
  return [
    { name: '/health', url: `${base}health` },
    { name: `series, last 30 min, ${step}`, url: series30 },
    { name: `series, last 30 min, ${step}, columns`, url: `${series30}&format=columns` },
    { name: `series poll: since settled, columns`, url: poll },
    {
      name: 'series poll, If-None-Match → 304',
      url: poll,
      headers: { 'if-none-match': pollTag },
      status: 304,
    },
    // The dashboard's own poll since /live: one request per viewer and base bucket.
    { name: '/live, first poll (whole window)', url: live },
    { name: '/live, steady poll (since settled)', url: `${live}&since=${liveSettled}` },
    { name: 'extremes, last 30 min', url: `${d}/extremes?from=${w.from}&to=${w.to}` },
    { name: 'hashtags, 10 min window', url: `${d}/hashtags?at=${newest}&window=10m` },
    { name: 'series, whole night, step=1m', url: `${d}/series?from=${nightFrom}&to=${nightTo}&step=1m` },
    // The word-shift view against the whole night so far, as the dashboard asks for the last minute.
    {
      name: 'word shift, last minute vs so far',
      url: `${d}/wordshift?candidate=${encodeURIComponent(debate.candidates[0]?.id ?? '')}&from=${nightTo - 2 * minute}&to=${nightTo - minute}&reference=sofar`,
    },
  ];
}

async function measureAll(cases: readonly Case[], inFlight: number): Promise<Measured[]> {
  const results: Measured[] = [];
  for (const c of cases) {
    process.stderr.write(`measuring ${c.name} (${inFlight} in flight)…\n`);
    results.push(await measure(c, inFlight));
  }
  return results;
}

function report(title: string, results: readonly Measured[], target: boolean): void {
  const w1 = Math.max(...results.map((r) => r.name.length));
  process.stdout.write(
    `${title}\n${'request'.padEnd(w1)}  ${'n'.padStart(5)}  ${'p50 ms'.padStart(9)}  ${'p95 ms'.padStart(9)}  ` +
      `${'p99 ms'.padStart(9)}  ${'body'.padStart(9)}  ${'decoded'.padStart(9)}  ${'edge hits'.padStart(9)}  errors\n`,
  );
  const ms = (x: number): string => x.toFixed(x < 100 ? 1 : 0).padStart(9);
  for (const r of results)
    process.stdout.write(
      `${r.name.padEnd(w1)}  ${String(r.n).padStart(5)}  ${ms(r.p50)}  ${ms(r.p95)}  ${ms(r.p99)}  ` +
        `${size(r.bytes).padStart(9)}  ${size(r.rawBytes).padStart(9)}  ` +
        `${`${(r.hits * 100).toFixed(1)} %`.padStart(9)}  ${r.errors}\n`,
    );
  const met = results.filter((r) => r.p95 <= TARGET_P95_MS && r.errors === 0).length;
  if (target)
    process.stdout.write(
      `target p95 ≤ ${TARGET_P95_MS} ms: met by ${met} of ${results.length} request kinds\n`,
    );
  process.stdout.write('\n');
}

async function stop(server: ChildProcess): Promise<void> {
  const exited = new Promise((r) => server.once('exit', r));
  process.kill(-server.pid!, 'SIGINT');
  await exited;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:api: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
