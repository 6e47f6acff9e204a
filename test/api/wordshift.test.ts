import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bucketStart } from '../../lambda/core/aggregate';
import type { ErrorResponse, ShiftWord, WordShiftResponse } from '../../lambda/core/api/contract';
import { createQueryApi, type QueryApi } from '../../lambda/core/api/routes';
import { startApiServer } from '../../lib/local/api-server';
import { LEXICON } from '../../lambda/core/sentiment/vader/token-info';
import { apiEvent, validBody } from './api-helpers';
import { buildDebateFixture, BUCKET_MS, type DebateFixture } from './debate-fixture';

const ID = 'gop-2015-09-16';
const ROUTE = '/debates/{id}/wordshift';
const PATH = `/debates/${ID}/wordshift`;
const MIN = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

let fx: DebateFixture;
let api: QueryApi;
let dataStart: number;
let dataEnd: number;

beforeAll(async () => {
  fx = await buildDebateFixture(12, 10, 'wordshift-tests');
  api = createQueryApi({ store: fx.store, archive: fx.archive });
  dataStart = Math.min(...fx.scored.map((s) => s.createdAt));
  dataEnd = Math.max(...fx.scored.map((s) => s.createdAt));
});

const get = (query: Record<string, string> = {}, path = PATH): Promise<APIGatewayProxyStructuredResultV2> =>
  api(apiEvent(path, query));

/**
 * Brute force from the posts themselves: every rated use (a post's distinct words), the means as
 * plain averages over those uses, each word's contribution from the definition.
 */
function expectedShift(candidate: string, ref: [number, number], comp: [number, number], limit: number) {
  const uses = (from: number, to: number): string[] =>
    fx.scored
      .filter((s) => s.candidates.includes(candidate) && s.createdAt >= from && s.createdAt < to)
      .flatMap((s) => [...new Set(s.words)])
      .filter((w) => LEXICON.has(w));
  const r = uses(...ref);
  const c = uses(...comp);
  const mean = (ws: string[]) => ws.reduce((a, w) => a + LEXICON.get(w)!, 0) / ws.length;
  const refMean = mean(r);
  const compMean = mean(c);
  const words: ShiftWord[] = [];
  for (const word of new Set([...r, ...c])) {
    const rc = r.filter((w) => w === word).length;
    const cc = c.filter((w) => w === word).length;
    const dp = cc / c.length - rc / r.length;
    const dv = LEXICON.get(word)! - refMean;
    if (dp * dv === 0) continue;
    const kind = dv > 0 ? (dp > 0 ? 'pos-up' : 'pos-down') : dp > 0 ? 'neg-up' : 'neg-down';
    words.push({
      word,
      valence: LEXICON.get(word)!,
      referenceCount: rc,
      comparisonCount: cc,
      contribution: dp * dv,
      share: (dp * dv) / Math.abs(compMean - refMean),
      kind,
    });
  }
  words.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.word < b.word ? -1 : 1));
  return {
    refMean,
    compMean,
    refTotal: r.length,
    compTotal: c.length,
    words: words.slice(0, limit),
    all: words,
  };
}

function expectMatches(body: WordShiftResponse, want: ReturnType<typeof expectedShift>): void {
  expect(body.ratedWords).toEqual({ reference: want.refTotal, comparison: want.compTotal });
  expect(body.means.reference).toBeCloseTo(want.refMean, 12);
  expect(body.means.comparison).toBeCloseTo(want.compMean, 12);
  expect(body.shift).toBeCloseTo(want.compMean - want.refMean, 12);
  expect(body.words.map((w) => [w.word, w.kind, w.valence, w.referenceCount, w.comparisonCount])).toEqual(
    want.words.map((w) => [w.word, w.kind, w.valence, w.referenceCount, w.comparisonCount]),
  );
  for (const [i, w] of body.words.entries()) {
    expect(w.contribution).toBeCloseTo(want.words[i].contribution, 12);
    expect(w.share).toBeCloseTo(want.words[i].share!, 9);
  }
  for (const kind of ['pos-up', 'pos-down', 'neg-up', 'neg-down'] as const) {
    const sum = want.all.filter((w) => w.kind === kind).reduce((a, w) => a + w.contribution, 0);
    expect(body.kinds[kind]).toBeCloseTo(sum, 12);
  }
}

describe('query API: /debates/{id}/wordshift', () => {
  test('GIVEN an unaligned 2-minute window WHEN word shift against the previous window THEN every figure equals the brute-force one from the posts', async () => {
    // GIVEN
    const from = dataStart + 6 * MIN + 1234;
    const to = from + 2 * MIN;
    // WHEN
    const res = await get({ candidate: 'trump', from: iso(from), to: iso(to), limit: '30' });
    // THEN the window is widened to whole buckets, the reference is as long and just before it
    const body = validBody<WordShiftResponse>(ROUTE, res);
    const a = bucketStart(from, BUCKET_MS);
    const b = bucketStart(to - 1, BUCKET_MS) + BUCKET_MS;
    const ref: [number, number] = [a - (b - a), a];
    expect([body.debate, body.candidate, body.lexicon]).toEqual([ID, 'trump', 'vader']);
    expect([body.from, body.to]).toEqual([iso(a), iso(b)]);
    expect(body.reference).toEqual({ kind: 'previous', from: iso(ref[0]), to: iso(ref[1]) });
    const posts = (f: number, t: number) =>
      fx.scored.filter((s) => s.candidates.includes('trump') && s.createdAt >= f && s.createdAt < t);
    expect(body.posts).toEqual({ reference: posts(...ref).length, comparison: posts(a, b).length });
    const meanScore = (ps: { score: number }[]) => ps.reduce((x, p) => x + p.score, 0) / ps.length;
    expect(body.scoreMeans.comparison).toBeCloseTo(meanScore(posts(a, b)), 12);
    expect(body.otherWords).toEqual({ reference: 0, comparison: 0 });
    const want = expectedShift('trump', ref, [a, b], 30);
    expectMatches(body, want);
    expect(body.words).toHaveLength(30);
  });

  test('GIVEN reference=sofar WHEN word shift THEN the reference runs from the first post to the window', async () => {
    // GIVEN
    const from = bucketStart(dataStart + 9 * MIN, BUCKET_MS);
    const to = from + MIN;
    // WHEN
    const res = await get({ candidate: 'bush', from: String(from), to: String(to), reference: 'sofar' });
    // THEN
    const body = validBody<WordShiftResponse>(ROUTE, res);
    const start = bucketStart(dataStart, BUCKET_MS);
    expect(body.reference).toEqual({ kind: 'sofar', from: iso(start), to: iso(from) });
    expectMatches(body, expectedShift('bush', [start, from], [from, to], 20));
    expect(body.words).toHaveLength(20);
  });

  test("GIVEN a dashboard following the night with reference=sofar WHEN it asks minute after minute THEN each answer equals a fresh API's and each reads about a minute of buckets, not the night so far", async () => {
    // GIVEN one API (as a Lambda instance or the local server keeps it), its store's reads counted
    const spans: number[] = [];
    const counted = Object.create(fx.store) as typeof fx.store;
    counted.readBuckets = (debateId, candidate, from, to) => {
      spans.push(to - from);
      return fx.store.readBuckets(debateId, candidate, from, to);
    };
    const following = createQueryApi({ store: counted, archive: fx.archive });
    const start = bucketStart(dataStart, BUCKET_MS);
    for (let from = start + 2 * MIN; from + MIN <= dataEnd; from += MIN) {
      const query = {
        candidate: 'cruz',
        from: String(from),
        to: String(from + MIN),
        reference: 'sofar',
        limit: '50',
      };
      spans.length = 0;
      // WHEN
      const kept = validBody<WordShiftResponse>(ROUTE, await following(apiEvent(PATH, query)));
      // THEN the same answer as an API that reads everything afresh
      const fresh = createQueryApi({ store: fx.store, archive: fx.archive });
      expect(kept).toEqual(validBody<WordShiftResponse>(ROUTE, await fresh(apiEvent(PATH, query))));
      // and after the first, it reads the minute asked for and the minute since the last answer
      if (from > start + 2 * MIN) expect(spans.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * MIN);
    }
    // AND a look back in time is still right
    const past = {
      candidate: 'cruz',
      from: String(start + 3 * MIN),
      to: String(start + 4 * MIN),
      reference: 'sofar',
    };
    const fresh = createQueryApi({ store: fx.store, archive: fx.archive });
    expect(validBody<WordShiftResponse>(ROUTE, await following(apiEvent(PATH, past)))).toEqual(
      validBody<WordShiftResponse>(ROUTE, await fresh(apiEvent(PATH, past))),
    );
  });

  test('GIVEN no window WHEN word shift THEN the last minute of data against the minute before', async () => {
    // WHEN
    const body = validBody<WordShiftResponse>(ROUTE, await get({ candidate: 'trump', limit: '100' }));
    // THEN
    const end = bucketStart(dataEnd, BUCKET_MS) + BUCKET_MS;
    expect([body.from, body.to, body.reference.from]).toEqual([iso(end - MIN), iso(end), iso(end - 2 * MIN)]);
    const want = expectedShift('trump', [end - 2 * MIN, end - MIN], [end - MIN, end], 100);
    expectMatches(body, want);
    // Every word listed (fewer than 100 here): the contributions add up to the shift.
    expect(want.all.length).toBeLessThanOrEqual(100);
    expect(body.words.reduce((s, w) => s + w.contribution, 0)).toBeCloseTo(body.shift!, 12);
  });

  test('GIVEN a window before any post WHEN word shift THEN no posts, null means and shift, no words', async () => {
    // WHEN
    const body = validBody<WordShiftResponse>(
      ROUTE,
      await get({ candidate: 'trump', from: iso(dataStart - 10 * MIN), to: iso(dataStart - 5 * MIN) }),
    );
    // THEN
    expect(body.posts).toEqual({ reference: 0, comparison: 0 });
    expect([body.means, body.shift, body.words]).toEqual([{ reference: null, comparison: null }, null, []]);
    expect(body.scoreMeans).toEqual({ reference: null, comparison: null });
  });

  test('GIVEN a settled window and the live edge WHEN word shift THEN the first is cached for good, the second for a second', async () => {
    const settled = await get({
      candidate: 'trump',
      from: iso(dataStart + MIN),
      to: iso(dataStart + 2 * MIN),
    });
    expect(settled.headers?.['cache-control']).toBe('public, max-age=86400, immutable');
    const live = await get({ candidate: 'trump' });
    expect(live.headers?.['cache-control']).toBe('public, max-age=1, stale-while-revalidate=2');
  });

  test.each([
    ['candidate is missing', {}, 'candidate', 'candidate is required: one of'],
    ['two candidates are given', { candidate: 'trump,bush' }, 'candidate', 'is not in this debate'],
    ['the candidate is unknown', { candidate: 'lincoln' }, 'candidate', '"lincoln" is not in this debate'],
    [
      'reference is neither previous nor sofar',
      { candidate: 'trump', reference: 'start' },
      'reference',
      'reference must be previous or sofar, got "start"',
    ],
    ['limit is 0', { candidate: 'trump', limit: '0' }, 'limit', 'limit must be an integer from 1 to 100'],
  ])('fails if %s, with a 400 naming the parameter', async (_, query, parameter, message) => {
    const res = await get(query as Record<string, string>);
    const body = validBody<ErrorResponse>(ROUTE, res);
    expect(res.statusCode).toBe(400);
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.message).toContain(message);
  });

  test('GIVEN a labmt debate WHEN the API has no labMT word list THEN a 501 says so; WHEN it has one THEN it answers', async () => {
    // GIVEN a second debate scored with labmt
    await fx.store.putDebate({ ...fx.meta, id: 'labmt-night', scorer: 'labmt' });
    const path = '/debates/labmt-night/wordshift';
    // WHEN
    const refused = await get({ candidate: 'trump' }, path);
    // THEN
    expect(refused.statusCode).toBe(501);
    expect(refused.headers?.['cache-control']).toBe('no-store');
    expect(validBody<ErrorResponse>(ROUTE, refused).error.message).toBe(
      'debate "labmt-night" was scored with labmt, and this API was not given the labMT 1.0 word list the ' +
        'processor scored it with; start the API with that list',
    );
    // WHEN the API has the list
    const withList = createQueryApi({
      store: fx.store,
      archive: fx.archive,
      labmtWords: new Map([['happy', 8.3]]),
    });
    const res = await withList(apiEvent(path, { candidate: 'trump' }));
    // THEN
    expect(validBody<WordShiftResponse>(ROUTE, res).lexicon).toBe('labmt');
  });

  test('GIVEN the local API server WHEN /api/.../wordshift is fetched over HTTP THEN it answers as the API does', async () => {
    // GIVEN
    const server = await startApiServer({ handler: api, port: 0 });
    try {
      const query = { candidate: 'trump', from: iso(dataStart + 3 * MIN), to: iso(dataStart + 4 * MIN) };
      // WHEN
      const res = await fetch(`${server.url}/api${PATH}?${new URLSearchParams(query)}`);
      // THEN
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(JSON.parse(String((await get(query)).body)));
    } finally {
      await server.close();
    }
  });
});
