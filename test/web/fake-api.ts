/**
 * A tiny stand-in for the query API and the static site, for the dashboard's browser test: one
 * HTTP server on 127.0.0.1 serving the built page from `siteDir`, a `config.json` pointing the
 * page at `/api` (so the API base has a path, as under the dashboard's CloudFront), and the
 * endpoints the dashboard asks, with bodies typed by the API contract: /live (the window that
 * follows the newest post, by the API's own rule; its series in columns with `since` and
 * `settled`; extremes; hashtags), and etags with 304s as the API gives them. The test moves `state`
 * between polls to simulate new posts and outages.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type {
  DebatesResponse,
  ErrorResponse,
  ExtremePost,
  ExtremesResponse,
  GeoResponse,
  HashtagsResponse,
  HealthResponse,
  LiveResponse,
  SeriesColumnsResponse,
  SeriesPoint,
  WordShiftResponse,
} from '../../lambda/core/api/contract';
import { followWindow } from '../../lambda/core/api/view-window';

export const DEBATE_ID = 'test-debate';
export const BUCKET_MS = 5000;
/** First post's bucket: an exact multiple of the bucket, as the processor keeps them. */
export const FIRST_BUCKET = Date.UTC(2015, 8, 17, 0, 30, 0);
export const LAG_MS = 1234;

/** Config order; the last one has no colour, so the page must fall back to its palette. */
export const CANDIDATES = [
  { id: 'trump', name: 'Donald Trump', party: 'Republican', color: '#d62728' },
  { id: 'bush', name: 'Jeb Bush', party: 'Republican', color: '#1f77b4' },
  { id: 'carson', name: 'Ben Carson' },
] as const;

/** A post whose text is markup that would run if the page ever parsed post text as HTML. */
export const HOSTILE_TEXT =
  'Jeb <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> is done';

export interface FakeState {
  /** How many base buckets of posts exist so far (from FIRST_BUCKET on). */
  buckets: number;
  /** When true, every API route answers 503 with an error body. */
  failing: boolean;
}

/** One API answer as sent. */
export interface Sent {
  readonly url: URL;
  readonly status: number;
  readonly bytes: number;
}

/** Every candidate's points over a window. */
export interface ShownSeries {
  readonly series: readonly { readonly candidate: string; readonly points: readonly SeriesPoint[] }[];
}

export interface FakeServer {
  readonly url: string;
  readonly state: FakeState;
  /** Every API request received, in order. */
  readonly requests: URL[];
  /** Every API answer, in order. */
  readonly sent: Sent[];
  /** The whole window of the last series request (whatever its `since`): what the page should show. */
  lastSeries(): ShownSeries | undefined;
  close(): Promise<void>;
}

/** Steps ending this long before the newest post are settled (the API's SETTLE_MS). */
const SETTLE_MS = 60_000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** Newest post time: the middle of the last bucket with posts. */
export function newestPostAt(state: FakeState): number {
  return FIRST_BUCKET + (state.buckets - 1) * BUCKET_MS + BUCKET_MS / 2;
}

/** Base bucket `k` of candidate `ci`: deterministic volumes and moods, and gaps for candidate 2. */
export function bucket(ci: number, k: number, state: FakeState): SeriesPoint {
  const t = new Date(FIRST_BUCKET + k * BUCKET_MS).toISOString();
  const empty = k < 0 || k >= state.buckets || (ci === 2 && k % 6 === 5);
  if (empty) return { t, count: 0, mean: null, sd: null, pos: 0, neu: 0, neg: 0 };
  const count = 4 + ((k * 7 + ci * 3) % 11);
  const mean = Math.round(0.6 * Math.sin(k / 6 + ci * 2) * 1000) / 1000;
  const pos = Math.round(count * (0.4 + mean / 2));
  const neg = Math.min(count - pos, Math.round(count * 0.2));
  return { t, count, mean, sd: 0.12 + 0.06 * ((k + ci) % 3), pos, neu: count - pos - neg, neg };
}

/** A post's link as the API gives it: X's page for a real post, null for a generated one. */
type Link = 'real' | 'generated' | string;

function post(id: string, text: string, score: number, link: Link): ExtremePost {
  const url = link === 'real' ? `https://x.com/i/web/status/${id}` : link === 'generated' ? null : link;
  return { id, text, score, authorId: `${id}0`, url, words: [] };
}

/** A link no page may follow, as a compromised or buggy API might answer it. */
const HOSTILE_URL = 'javascript:window.__pwned=3';

function extremesFor(ci: number, state: FakeState): ExtremesResponse['extremes'][number] {
  const c = CANDIDATES[ci];
  return {
    candidate: c.id,
    // Most positive posts are real ones, most negative ones generated, and Bush's is hostile throughout.
    mostPositive: post(
      `9${ci}${state.buckets}`,
      `${c.name} nailed it, update ${state.buckets}`,
      0.9 - ci / 10,
      'real',
    ),
    mostNegative:
      c.id === 'bush'
        ? post('81', HOSTILE_TEXT, -0.8, HOSTILE_URL)
        : post(
            `8${ci}${state.buckets}`,
            `${c.name} was awful, update ${state.buckets}`,
            -0.7 + ci / 10,
            'generated',
          ),
  };
}

function debates(state: FakeState): DebatesResponse {
  return {
    debates: [
      {
        id: DEBATE_ID,
        title: 'Test debate: three candidates',
        start: new Date(FIRST_BUCKET).toISOString(),
        end: new Date(FIRST_BUCKET + 3 * 3600_000).toISOString(),
        candidates: CANDIDATES,
        firstPostAt: new Date(FIRST_BUCKET).toISOString(),
        lastPostAt: new Date(newestPostAt(state)).toISOString(),
        bucketMs: BUCKET_MS,
        scorer: 'vader',
        moments: [],
      },
    ],
  };
}

function health(state: FakeState): HealthResponse {
  const newest = newestPostAt(state);
  return {
    status: 'ok',
    debates: [
      {
        id: DEBATE_ID,
        newestPostAt: new Date(newest).toISOString(),
        processedAt: new Date(newest + LAG_MS).toISOString(),
        processingLagMs: LAG_MS,
      },
    ],
  };
}

class BadRequest extends Error {
  constructor(readonly parameter: string) {
    super(`bad ${parameter}`);
  }
}

function epochParam(q: URLSearchParams, name: string): number {
  const v = Number(q.get(name));
  if (!Number.isInteger(v) || v % BUCKET_MS !== 0) throw new BadRequest(name);
  return v;
}

/** The fake answers at the base step only; a window must be whole buckets. */
function range(q: URLSearchParams): { from: number; to: number } {
  if (q.get('step') !== null && Number(q.get('step')) !== BUCKET_MS) throw new BadRequest('step');
  const from = epochParam(q, 'from');
  const to = epochParam(q, 'to');
  if (to <= from) throw new BadRequest('to');
  return { from, to };
}

/** The points of every candidate over [from, to). */
function points(from: number, to: number, state: FakeState): ShownSeries {
  const first = (from - FIRST_BUCKET) / BUCKET_MS;
  const n = Math.max(0, (to - from) / BUCKET_MS);
  return {
    series: CANDIDATES.map((c, ci) => ({
      candidate: c.id,
      points: Array.from({ length: n }, (_, i) => bucket(ci, first + i, state)),
    })),
  };
}

/** The series answer: columns only (the one format the page asks for), from `since` on. */
function series(q: URLSearchParams, state: FakeState): SeriesColumnsResponse {
  const { from, to } = range(q);
  if (q.get('format') !== 'columns') throw new BadRequest('format');
  const sinceText = q.get('since');
  const since = sinceText === null ? from : epochParam(q, 'since');
  const start = Math.min(to, Math.max(from, since));
  const edge = Math.floor((newestPostAt(state) - SETTLE_MS) / BUCKET_MS) * BUCKET_MS;
  const settled = Math.min(to, Math.max(start, edge));
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    format: 'columns',
    debate: DEBATE_ID,
    from: iso(start),
    to: iso(to),
    stepMs: BUCKET_MS,
    settled: iso(settled),
    series: points(start, to, state).series.map((s) => ({
      candidate: s.candidate,
      count: s.points.map((p) => p.count),
      mean: s.points.map((p) => p.mean),
      sd: s.points.map((p) => p.sd),
      pos: s.points.map((p) => p.pos),
      neu: s.points.map((p) => p.neu),
      neg: s.points.map((p) => p.neg),
    })),
  };
}

function extremes(q: URLSearchParams, state: FakeState): ExtremesResponse {
  const { from, to } = range(q);
  return {
    debate: DEBATE_ID,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    extremes: CANDIDATES.map((_, ci) => extremesFor(ci, state)),
  };
}

/** No hashtags, no geotagged posts, no word shift: views the fake has no data for. */
function hashtags(q: URLSearchParams): HashtagsResponse {
  const at = new Date(epochParam(q, 'at')).toISOString();
  return { debate: DEBATE_ID, at, windowMs: epochParam(q, 'window'), hashtags: [] };
}

function geo(q: URLSearchParams): GeoResponse {
  const { from, to } = range(q);
  return { debate: DEBATE_ID, from: new Date(from).toISOString(), to: new Date(to).toISOString(), posts: [] };
}

function wordshift(q: URLSearchParams): WordShiftResponse {
  const { from, to } = range(q);
  const iso = (ms: number): string => new Date(ms).toISOString();
  const pair = <T>(v: T): { reference: T; comparison: T } => ({ reference: v, comparison: v });
  return {
    debate: DEBATE_ID,
    candidate: q.get('candidate') ?? '',
    lexicon: 'vader',
    from: iso(from),
    to: iso(to),
    reference: { kind: 'previous', from: iso(2 * from - to), to: iso(from) },
    posts: pair(0),
    scoreMeans: pair(null),
    ratedWords: pair(0),
    otherWords: pair(0),
    means: pair(null),
    shift: null,
    kinds: { 'pos-up': 0, 'pos-down': 0, 'neg-up': 0, 'neg-down': 0 },
    words: [],
  };
}

/** The window /live follows: as the API chooses it; the fake answers at the base step only. */
function liveWindow(q: URLSearchParams, state: FakeState): { from: number; to: number } {
  const windowMs = Number(q.get('window'));
  if (!(windowMs > 0) || windowMs % BUCKET_MS !== 0) throw new BadRequest('window');
  const w = followWindow(
    newestPostAt(state),
    FIRST_BUCKET,
    windowMs,
    BUCKET_MS,
    Number(q.get('points')),
    FIRST_BUCKET,
  );
  if (w.stepMs !== BUCKET_MS) throw new BadRequest('points');
  return w;
}

function live(q: URLSearchParams, state: FakeState): LiveResponse {
  const { from, to } = liveWindow(q, state);
  const window = new URLSearchParams({ from: String(from), to: String(to) });
  const seriesQuery = new URLSearchParams(window);
  seriesQuery.set('format', 'columns');
  const since = q.get('since');
  if (since !== null) seriesQuery.set('since', since);
  const h = health(state).debates[0];
  const newest = newestPostAt(state);
  return {
    debate: DEBATE_ID,
    newestPostAt: h.newestPostAt,
    processedAt: h.processedAt,
    processingLagMs: h.processingLagMs,
    window: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), stepMs: BUCKET_MS },
    series: series(seriesQuery, state),
    extremes: extremes(window, state),
    hashtags: {
      debate: DEBATE_ID,
      at: new Date(Math.floor(newest / BUCKET_MS) * BUCKET_MS).toISOString(),
      windowMs: 600_000,
      hashtags: [{ tag: 'debate', count: state.buckets }],
    },
  };
}

/** Starts the server on an OS-chosen loopback port. */
export async function startFakeServer(siteDir: string, initial: FakeState): Promise<FakeServer> {
  const state: FakeState = { ...initial };
  const requests: URL[] = [];
  const sent: Sent[] = [];
  let last: ShownSeries | undefined;
  let origin = '';

  /** Answers an API request, conditionally as the API does (etag, 304). */
  const answer = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    body: unknown,
  ): void => {
    const url = new URL(req.url ?? '/', origin);
    const text = JSON.stringify(body);
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      sent.push({ url, status, bytes: text.length });
      res.end(text);
      return;
    }
    const etag = `"${crypto.createHash('sha256').update(text).digest('hex').slice(0, 16)}"`;
    const headers = { 'cache-control': 'public, max-age=1, stale-while-revalidate=2', etag };
    if (req.headers['if-none-match'] === etag) {
      sent.push({ url, status: 304, bytes: 0 });
      res.writeHead(304, headers).end();
      return;
    }
    sent.push({ url, status, bytes: text.length });
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };
  const error = (message: string, parameter?: string): ErrorResponse => ({
    error: parameter === undefined ? { message } : { message, parameter },
  });

  const api = (req: http.IncomingMessage, url: URL, res: http.ServerResponse): void => {
    requests.push(url);
    if (state.failing) return answer(req, res, 503, error('store unavailable'));
    const route = url.pathname.slice('/api'.length);
    const q = url.searchParams;
    try {
      if (route === '/debates') return answer(req, res, 200, debates(state));
      if (route === '/health') return answer(req, res, 200, health(state));
      if (route === `/debates/${DEBATE_ID}/series`) {
        const body = series(q, state);
        const window = range(q);
        last = points(window.from, window.to, state);
        return answer(req, res, 200, body);
      }
      if (route === `/debates/${DEBATE_ID}/extremes`) return answer(req, res, 200, extremes(q, state));
      if (route === `/debates/${DEBATE_ID}/hashtags`) return answer(req, res, 200, hashtags(q));
      if (route === `/debates/${DEBATE_ID}/geo`) return answer(req, res, 200, geo(q));
      if (route === `/debates/${DEBATE_ID}/wordshift`) return answer(req, res, 200, wordshift(q));
      if (route === `/debates/${DEBATE_ID}/live`) {
        const body = live(q, state);
        const window = liveWindow(q, state);
        last = points(window.from, window.to, state);
        return answer(req, res, 200, body);
      }
      return answer(req, res, 404, error(`no route ${route}`));
    } catch (e) {
      if (e instanceof BadRequest) return answer(req, res, 400, error(e.message, e.parameter));
      throw e;
    }
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/api/')) return api(req, url, res);
    if (url.pathname === '/config.json') return answer(req, res, 200, { apiUrl: `${origin}/api` });
    const name = url.pathname === '/' ? 'index.html' : path.basename(url.pathname);
    const file = path.join(siteDir, name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    state,
    requests,
    sent,
    lastSeries: () => last,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
