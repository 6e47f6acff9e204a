import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  bucketStart,
  compareIds,
  mergeAll,
  resample,
  stats,
  type BucketAggregate,
} from '../../lambda/core/aggregate';
import { compareUsers } from '../../lambda/core/api/compare';
import { LEXICON as VADER_LEXICON } from '../../lambda/core/sentiment/vader/token-info';
import type {
  CompareResponse,
  DebatesResponse,
  ErrorResponse,
  ExtremePost,
  ExtremesResponse,
  GeoResponse,
  HashtagsResponse,
  HealthResponse,
  SeriesResponse,
} from '../../lambda/core/api/contract';
import { ApiError } from '../../lambda/core/api/responses';
import { createQueryApi, type QueryApi } from '../../lambda/core/api/routes';
import { contentWords } from '../../lambda/core/pipeline';
import { tokenize } from '../../lambda/core/tokenizer';
import type { Tweet } from '../../lambda/core/tweet';
import { MemoryAggregateStore } from '../support/memory-store';
import { apiEvent, validBody } from './api-helpers';
import { archiveHours, buildDebateFixture, BUCKET_MS, type DebateFixture } from './debate-fixture';

const ID = 'gop-2015-09-16';
const MIN = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

let fx: DebateFixture;
let api: QueryApi;
let dataStart: number;
let dataEnd: number;

beforeAll(async () => {
  fx = await buildDebateFixture();
  api = createQueryApi({ store: fx.store, archive: fx.archive });
  dataStart = Math.min(...fx.scored.map((s) => s.createdAt));
  dataEnd = Math.max(...fx.scored.map((s) => s.createdAt));
});

const get = (path: string, query: Record<string, string> = {}): Promise<APIGatewayProxyStructuredResultV2> =>
  api(apiEvent(path, query));

function postsOf(candidate: string, from: number, to: number) {
  return fx.scored.filter((s) => s.candidates.includes(candidate) && s.createdAt >= from && s.createdAt < to);
}

function bucketsOf(candidate: string): Map<number, BucketAggregate> {
  return fx.buckets.get(candidate) ?? new Map();
}

describe('query API: /debates', () => {
  test('GIVEN a processed debate WHEN /debates THEN it is listed with ISO times, candidates, span, bucket and scorer', async () => {
    // WHEN
    const res = await get('/debates');
    // THEN
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'application/json',
      'cache-control': 'public, max-age=1, stale-while-revalidate=2',
    });
    const body = validBody<DebatesResponse>('/debates', res);
    expect(body.debates).toEqual([
      {
        id: ID,
        title: fx.config.title,
        start: '2015-09-17T00:00:00.000Z',
        end: '2015-09-17T03:15:00.000Z',
        candidates: fx.meta.candidates,
        firstPostAt: iso(dataStart),
        lastPostAt: iso(dataEnd),
        bucketMs: BUCKET_MS,
        scorer: 'vader',
        moments: [],
      },
    ]);
  });

  test('GIVEN a debate whose config marks moments WHEN /debates THEN they are listed with ISO times', async () => {
    // GIVEN
    const store = new MemoryAggregateStore();
    const moments = [
      { at: fx.meta.start + 60_000, label: 'Opening statements' },
      { at: fx.meta.start + 3_600_000, label: 'Immigration' },
    ];
    await store.putDebate({ ...fx.meta, moments });
    // WHEN
    const body = validBody<DebatesResponse>(
      '/debates',
      await createQueryApi({ store, archive: fx.archive })(apiEvent('/debates')),
    );
    // THEN
    expect(body.debates[0].moments).toEqual([
      { at: '2015-09-17T00:01:00.000Z', label: 'Opening statements' },
      { at: '2015-09-17T01:00:00.000Z', label: 'Immigration' },
    ]);
  });

  test('GIVEN two debates, one not yet processed WHEN /debates THEN they come by start with null spans for the new one', async () => {
    // GIVEN
    const store = new MemoryAggregateStore();
    await store.putDebate({ ...fx.meta, id: 'later', start: fx.meta.start + 1000, end: fx.meta.end + 1000 });
    await store.putDebate(fx.meta);
    const api2 = createQueryApi({ store, archive: fx.archive });
    // WHEN
    const body = validBody<DebatesResponse>('/debates', await api2(apiEvent('/debates')));
    // THEN
    expect(body.debates.map((d) => [d.id, d.firstPostAt, d.lastPostAt])).toEqual([
      [ID, null, null],
      ['later', null, null],
    ]);
  });
});

describe('query API: /debates/{id}/series', () => {
  test('GIVEN unaligned from/to WHEN series at 5 s, 1 min and 10 min THEN every point equals resample + stats of the base buckets', async () => {
    const from = dataStart + 1234;
    const to = dataEnd - 4321;
    for (const stepMs of [5000, MIN, 10 * MIN]) {
      // WHEN
      const res = await get(`/debates/${ID}/series`, {
        from: iso(from),
        to: String(to),
        step: `${stepMs}ms`,
      });
      // THEN
      const body = validBody<SeriesResponse>('/debates/{id}/series', res);
      expect(body.stepMs).toBe(stepMs);
      expect(body.from).toBe(iso(bucketStart(from, stepMs)));
      expect(body.to).toBe(iso(bucketStart(to - 1, stepMs) + stepMs));
      expect(body.series.map((s) => s.candidate)).toEqual(fx.meta.candidates.map((c) => c.id));
      for (const s of body.series) {
        const expected = resample(bucketsOf(s.candidate), { from, to, stepMs, bucketMs: BUCKET_MS });
        expect(s.points).toEqual(expected.map((p) => ({ t: iso(p.t), ...stats(p.agg) })));
        // Independently of resample: the points count every post of the covered steps once.
        const total = s.points.reduce((n, p) => n + p.count, 0);
        expect(total).toBe(postsOf(s.candidate, bucketStart(from, stepMs), Date.parse(body.to)).length);
      }
    }
  });

  test('GIVEN no parameters WHEN series THEN it covers the data with the smallest round step giving ≤ 500 points', async () => {
    // WHEN
    const body = validBody<SeriesResponse>('/debates/{id}/series', await get(`/debates/${ID}/series`));
    // THEN: 20 minutes of 5 s buckets is 240 points at the bucket itself
    expect(body.stepMs).toBe(5000);
    expect(body.from).toBe(iso(bucketStart(dataStart, BUCKET_MS)));
    expect(body.to).toBe(iso(bucketStart(dataEnd, BUCKET_MS) + BUCKET_MS));
    for (const s of body.series) {
      expect(s.points.length).toBeLessThanOrEqual(500);
      expect(s.points.reduce((n, p) => n + p.count, 0)).toBe(postsOf(s.candidate, 0, Infinity).length);
    }
  });

  test('GIVEN a 3-hour range and no step WHEN series THEN the step is 30 s (15 s would give 720 points)', async () => {
    // WHEN
    const res = await get(`/debates/${ID}/series`, {
      from: '2015-09-17T00:00:00Z',
      to: '2015-09-17T03:00:00Z',
    });
    // THEN
    const body = validBody<SeriesResponse>('/debates/{id}/series', res);
    expect(body.stepMs).toBe(30_000);
    expect(body.series[0].points).toHaveLength(360);
  });

  test('GIVEN candidates repeated and listed WHEN series THEN exactly those come back, in the order asked, once each', async () => {
    // WHEN: API Gateway joins repeated parameters with commas
    const res = await get(`/debates/${ID}/series`, { candidate: 'bush,trump,bush', step: '1m' });
    // THEN
    const body = validBody<SeriesResponse>('/debates/{id}/series', res);
    expect(body.series.map((s) => s.candidate)).toEqual(['bush', 'trump']);
  });

  test('GIVEN from equal to to WHEN series THEN every candidate has no points', async () => {
    const res = await get(`/debates/${ID}/series`, { from: String(dataStart), to: String(dataStart) });
    const body = validBody<SeriesResponse>('/debates/{id}/series', res);
    expect(body.series.every((s) => s.points.length === 0)).toBe(true);
    expect([body.from, body.to]).toEqual([iso(dataStart), iso(dataStart)]);
  });

  test('GIVEN only from, after the data WHEN series THEN to follows it and the answer is empty, not a 400', async () => {
    const res = await get(`/debates/${ID}/series`, { from: iso(dataEnd + 3_600_000) });
    const body = validBody<SeriesResponse>('/debates/{id}/series', res);
    expect(body.series.every((s) => s.points.length === 0)).toBe(true);
  });
});

describe('query API: /debates/{id}/extremes', () => {
  test('GIVEN a 3-minute window WHEN extremes THEN each candidate gets the merged window extremes, the best score of its posts', async () => {
    // GIVEN
    const from = dataStart + 5 * MIN + 777;
    const to = from + 3 * MIN;
    // WHEN
    const res = await get(`/debates/${ID}/extremes`, { from: iso(from), to: iso(to) });
    // THEN
    const body = validBody<ExtremesResponse>('/debates/{id}/extremes', res);
    const lo = bucketStart(from, BUCKET_MS);
    const hi = bucketStart(to - 1, BUCKET_MS) + BUCKET_MS;
    expect([body.from, body.to]).toEqual([iso(lo), iso(hi)]);
    for (const e of body.extremes) {
      const window = [...bucketsOf(e.candidate)].filter(([k]) => k >= lo && k < hi).map(([, a]) => a);
      const merged = mergeAll(window);
      const pick = (x: typeof merged.mostPositive) =>
        x === null ? null : { id: x.id, text: x.text, score: x.score, authorId: x.authorId };
      const post = (x: ExtremePost | null) =>
        x === null ? null : { id: x.id, text: x.text, score: x.score, authorId: x.authorId };
      expect(post(e.mostPositive)).toEqual(pick(merged.mostPositive));
      expect(post(e.mostNegative)).toEqual(pick(merged.mostNegative));
      // The words that drove each score: every word of the text VADER's lexicon rates, where it is.
      for (const x of [e.mostPositive, e.mostNegative]) {
        if (x === null) continue;
        const expected = [...x.text.matchAll(/[\p{L}\p{N}_]+(?:['’-][\p{L}\p{N}]+)*/gu)]
          .map((m) => ({
            start: m.index,
            end: m.index + m[0].length,
            valence: VADER_LEXICON.get(m[0].toLowerCase()),
          }))
          .filter((w) => w.valence !== undefined && w.valence !== 0);
        expect(x.words.filter((w) => /^[\p{L}]/u.test(x.text.slice(w.start, w.end)))).toEqual(expected);
      }
      // Brute force over the posts: highest and lowest score, ties to the smallest id.
      const posts = postsOf(e.candidate, lo, hi);
      if (posts.length === 0) continue;
      const best = Math.max(...posts.map((p) => p.score));
      const worst = Math.min(...posts.map((p) => p.score));
      const firstId = (score: number) =>
        posts
          .filter((p) => p.score === score)
          .map((p) => p.id)
          .sort(compareIds)[0];
      expect([e.mostPositive?.score, e.mostPositive?.id]).toEqual([best, firstId(best)]);
      expect([e.mostNegative?.score, e.mostNegative?.id]).toEqual([worst, firstId(worst)]);
    }
  });

  test('GIVEN a night of real and generated posts WHEN extremes per minute THEN real posts link to their page on X and generated ones to nothing', async () => {
    // GIVEN every other post of the fixture without the generated mark, as X would send it
    const generated = new Map(fx.tweets.map((t) => [t.id, t.synthetic === true]));
    const seen = { real: 0, generated: 0 };
    for (let from = bucketStart(dataStart, MIN); from <= dataEnd; from += MIN) {
      // WHEN
      const res = await get(`/debates/${ID}/extremes`, { from: iso(from), to: iso(from + MIN) });
      // THEN
      const body = validBody<ExtremesResponse>('/debates/{id}/extremes', res);
      for (const post of body.extremes.flatMap((e) => [e.mostPositive, e.mostNegative])) {
        if (post === null) continue;
        const isGenerated = generated.get(post.id);
        expect([post.id, post.url]).toEqual([
          post.id,
          isGenerated ? null : `https://x.com/i/web/status/${post.id}`,
        ]);
        seen[isGenerated ? 'generated' : 'real']++;
      }
    }
    expect(seen.real).toBeGreaterThan(10);
    expect(seen.generated).toBeGreaterThan(10);
  });

  test('GIVEN a window before any post WHEN extremes for one candidate THEN both are null', async () => {
    const res = await get(`/debates/${ID}/extremes`, {
      from: '2015-09-17T00:00:00Z',
      to: '2015-09-17T00:10:00Z',
      candidate: 'trump',
    });
    const body = validBody<ExtremesResponse>('/debates/{id}/extremes', res);
    expect(body.extremes).toEqual([{ candidate: 'trump', mostPositive: null, mostNegative: null }]);
  });
});

describe('query API: /debates/{id}/hashtags', () => {
  /** Brute force: posts in [start, end), once per distinct candidate and distinct hashtag. */
  function expectedTags(start: number, end: number, limit: number) {
    const counts = new Map<string, number>();
    for (const s of fx.scored) {
      if (s.createdAt < start || s.createdAt >= end) continue;
      const candidates = new Set(s.candidates).size;
      for (const tag of new Set(s.hashtags)) counts.set(tag, (counts.get(tag) ?? 0) + candidates);
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([tag, count]) => ({ tag, count }));
  }

  test('GIVEN at and a 5-minute window WHEN hashtags THEN the counts are the posts of the window ending at the bucket boundary', async () => {
    // GIVEN
    const at = dataStart + 15 * MIN + 2345;
    // WHEN
    const res = await get(`/debates/${ID}/hashtags`, { at: String(at), window: '5m', limit: '30' });
    // THEN
    const body = validBody<HashtagsResponse>('/debates/{id}/hashtags', res);
    const end = bucketStart(at, BUCKET_MS);
    expect(body.at).toBe(iso(end));
    expect(body.windowMs).toBe(5 * MIN);
    expect(body.hashtags).toEqual(expectedTags(end - 5 * MIN, end, 30));
    expect(body.hashtags.length).toBeGreaterThan(3);
  });

  test('GIVEN no at or window WHEN hashtags THEN the last 10 minutes up to the newest bucket, top 20', async () => {
    const body = validBody<HashtagsResponse>('/debates/{id}/hashtags', await get(`/debates/${ID}/hashtags`));
    const end = bucketStart(dataEnd, BUCKET_MS) + BUCKET_MS;
    expect([body.at, body.windowMs]).toEqual([iso(end), 10 * MIN]);
    expect(body.hashtags).toEqual(expectedTags(end - 10 * MIN, end, 20));
  });
});

describe('query API: /debates/{id}/compare', () => {
  /** Brute force from the generated posts: each distinct post once, each word once per post. */
  function wordsOf(user: string, keep: (t: Tweet) => boolean = () => true) {
    const ids = new Set<string>();
    const counts = new Map<string, number>();
    for (const t of fx.tweets) {
      if (t.author.username?.toLowerCase() !== user || ids.has(t.id) || !keep(t)) continue;
      ids.add(t.id);
      for (const w of new Set(contentWords(tokenize(t.text)))) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    return { posts: ids.size, counts };
  }
  const ranked = (entries: [string, number][], limit: number) =>
    entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);

  function expected(a: string, b: string, limit: number, keep?: (t: Tweet) => boolean) {
    const [wa, wb] = [wordsOf(a, keep), wordsOf(b, keep)];
    const shared = [...wa.counts]
      .filter(([w]) => wb.counts.has(w))
      .map(([word, n]) => ({ word, counts: [n, wb.counts.get(word) as number] }))
      .sort((x, y) => y.counts[0] + y.counts[1] - x.counts[0] - x.counts[1] || (x.word < y.word ? -1 : 1))
      .slice(0, limit);
    const user = (name: string, w: typeof wa) => ({
      user: name,
      posts: w.posts,
      topWords: ranked([...w.counts], limit).map(([word, count]) => ({ word, count })),
    });
    return { debate: ID, users: [user(a, wa), user(b, wb)], shared };
  }

  /** The two accounts with the most posts. */
  function busiest(): [string, string] {
    const n = new Map<string, number>();
    for (const t of fx.tweets) {
      const u = (t.author.username as string).toLowerCase();
      n.set(u, (n.get(u) ?? 0) + 1);
    }
    const [a, b] = [...n].sort((x, y) => y[1] - x[1]);
    return [a[0], b[0]];
  }

  test('GIVEN two active accounts, asked with @ and capitals WHEN compare THEN words equal the counts from their posts, read once', async () => {
    // GIVEN
    const [a, b] = busiest();
    // WHEN
    const res = await get(`/debates/${ID}/compare`, { users: `@${a.toUpperCase()},${b}` });
    // THEN
    const body = validBody<CompareResponse>('/debates/{id}/compare', res);
    expect(body).toEqual(expected(a, b, 20));
    expect(body.users[0].posts).toBeGreaterThan(5);
    expect(body.shared.length).toBeGreaterThan(0);
  });

  test('GIVEN from/to inside the second hour WHEN compare THEN only that hour is read and counted', async () => {
    // GIVEN
    const [a, b] = busiest();
    const [, second] = archiveHours(fx.tweets);
    fx.archive.reads.length = 0;
    // WHEN
    const res = await get(`/debates/${ID}/compare`, {
      users: `${a},${b}`,
      from: iso(second + MIN),
      to: iso(second + 2 * MIN),
      limit: '5',
    });
    // THEN
    const body = validBody<CompareResponse>('/debates/{id}/compare', res);
    const inHour = (t: Tweet) => bucketStart(t.createdAt, 3_600_000) === second;
    expect(body).toEqual(expected(a, b, 5, inHour));
    expect(fx.archive.reads.length).toBeGreaterThan(0);
    expect(fx.archive.reads.every((k) => k.includes(`hour=${iso(second).slice(11, 13)}/`))).toBe(true);
  });

  test('rejects a scan past the byte budget with a 400 asking to narrow from/to', async () => {
    // GIVEN
    const [a, b] = busiest();
    // WHEN
    const run = compareUsers(fx.archive, { debateId: ID, users: [a, b], limit: 20, maxBytes: 100_000 });
    // THEN
    await expect(run).rejects.toBeInstanceOf(ApiError);
    await expect(run).rejects.toMatchObject({ status: 400, parameter: 'from' });
    await expect(run).rejects.toThrow(/narrow it with from\/to/);
  });
});

describe('query API: /debates/{id}/geo', () => {
  test('GIVEN a range WHEN geo THEN the geotagged posts created in it, in time order, with ISO times', async () => {
    // GIVEN
    const from = dataStart + 2 * MIN;
    const to = dataStart + 12 * MIN;
    // WHEN
    const res = await get(`/debates/${ID}/geo`, { from: String(from), to: String(to) });
    // THEN
    const body = validBody<GeoResponse>('/debates/{id}/geo', res);
    const want = fx.geo
      .filter((g) => g.t >= from && g.t < to)
      .sort((x, y) => x.t - y.t || compareIds(x.id, y.id))
      .map((g) => ({ ...g, t: iso(g.t) }));
    expect(body.posts).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
  });

  test('GIVEN no range WHEN geo THEN every geotagged post of the debate', async () => {
    const body = validBody<GeoResponse>('/debates/{id}/geo', await get(`/debates/${ID}/geo`));
    expect(body.posts).toHaveLength(fx.geo.length);
  });
});

describe('query API: /health', () => {
  test('GIVEN a processed debate and one not started WHEN /health THEN newest post, last write and processing lag, by id', async () => {
    // GIVEN
    const notStarted = {
      ...fx.meta,
      id: 'aaa-not-started',
      firstPostAt: null,
      lastPostAt: null,
      processedAt: null,
      lagMs: null,
    };
    const stored = await fx.store.listDebates();
    const spy = jest.spyOn(fx.store, 'listDebates').mockResolvedValue([...stored, notStarted]);
    try {
      // WHEN
      const body = validBody<HealthResponse>('/health', await get('/health'));
      // THEN
      expect(body).toEqual({
        status: 'ok',
        debates: [
          { id: 'aaa-not-started', newestPostAt: null, processedAt: null, processingLagMs: null },
          {
            id: ID,
            newestPostAt: iso(dataEnd),
            processedAt: iso(fx.processedAt),
            // Arrival of the newest record → its aggregates stored; not how long ago that was.
            processingLagMs: fx.processedAt - fx.newestArrivalAt,
          },
        ],
      });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('query API: /health pipeline', () => {
  test('GIVEN a host that knows its pipeline WHEN /health THEN it reports the state and records waiting; without one, nothing', async () => {
    // GIVEN
    const withPipeline = createQueryApi({
      store: fx.store,
      archive: fx.archive,
      pipeline: () => ({ state: 'paused', waiting: 42 }),
    });
    // WHEN
    const body = validBody<HealthResponse>('/health', await withPipeline(apiEvent('/health')));
    // THEN
    expect(body.pipeline).toEqual({ state: 'paused', waiting: 42 });
    expect(validBody<HealthResponse>('/health', await get('/health')).pipeline).toBeUndefined();
  });
});

describe('query API: refused requests', () => {
  const S = `/debates/${ID}/series`;
  const cases: [string, string, string, Record<string, string>, string][] = [
    ['from is not a time', '/debates/{id}/series', S, { from: 'yesterday' }, 'from'],
    ['from has no zone', '/debates/{id}/series', S, { from: '2015-09-17T01:00:00' }, 'from'],
    ['from is not a real date', '/debates/{id}/series', S, { from: '2015-02-29T00:00:00Z' }, 'from'],
    [
      'from has an impossible offset',
      '/debates/{id}/series',
      S,
      { from: '2015-09-17T01:00:00+24:00' },
      'from',
    ],
    ['to is after the year 9999', '/debates/{id}/series', S, { to: '999999999999999' }, 'to'],
    // Date.UTC's two-digit years would read these as 1970 and 1999.
    ['from is in the year 0070', '/debates/{id}/series', S, { from: '0070-01-01T00:00:00Z' }, 'from'],
    [
      'to is in the year 0099',
      '/debates/{id}/geo',
      `/debates/${ID}/geo`,
      { to: '0099-12-31T00:00:00Z' },
      'to',
    ],
    [
      'to is before from',
      '/debates/{id}/series',
      S,
      { from: '2015-09-17T01:00:00Z', to: '1442448000000' },
      'to',
    ],
    [
      'from/to is wider than 20,000 buckets',
      '/debates/{id}/series',
      S,
      { from: '0', to: String(30 * 3_600_000) },
      'to',
    ],
    ['step is not a duration', '/debates/{id}/series', S, { step: 'fast' }, 'step'],
    ['step is zero', '/debates/{id}/series', S, { step: '0s' }, 'step'],
    ['step is not a multiple of the bucket', '/debates/{id}/series', S, { step: '7s' }, 'step'],
    [
      'step gives more than 10,000 points',
      '/debates/{id}/series',
      S,
      { from: '2015-09-17T00:00:00Z', to: '2015-09-17T20:00:00Z', step: '5s', candidate: 'trump' },
      'step',
    ],
    [
      'all candidates together exceed 40,000 points',
      '/debates/{id}/series',
      S,
      { from: '2015-09-17T00:00:00Z', to: '2015-09-17T10:00:00Z', step: '5s' },
      'step',
    ],
    ['candidate is not in the debate', '/debates/{id}/series', S, { candidate: 'obama' }, 'candidate'],
    ['a parameter is unknown', '/debates/{id}/series', S, { form: '2015-09-17T01:00:00Z' }, 'form'],
    ['a parameter is empty', '/debates/{id}/series', S, { from: '' }, 'from'],
    [
      'a candidate list has an empty entry',
      '/debates/{id}/extremes',
      `/debates/${ID}/extremes`,
      { candidate: 'trump,' },
      'candidate',
    ],
    ['extremes takes no step', '/debates/{id}/extremes', `/debates/${ID}/extremes`, { step: '5s' }, 'step'],
    [
      'window is not a multiple of the bucket',
      '/debates/{id}/hashtags',
      `/debates/${ID}/hashtags`,
      { window: '12s' },
      'window',
    ],
    [
      'window is longer than 20,000 buckets',
      '/debates/{id}/hashtags',
      `/debates/${ID}/hashtags`,
      { window: '30h' },
      'window',
    ],
    ['at is not a time', '/debates/{id}/hashtags', `/debates/${ID}/hashtags`, { at: 'now' }, 'at'],
    ['limit is 0', '/debates/{id}/hashtags', `/debates/${ID}/hashtags`, { limit: '0' }, 'limit'],
    ['limit is over 100', '/debates/{id}/hashtags', `/debates/${ID}/hashtags`, { limit: '101' }, 'limit'],
    ['users is missing', '/debates/{id}/compare', `/debates/${ID}/compare`, {}, 'users'],
    [
      'users names one handle',
      '/debates/{id}/compare',
      `/debates/${ID}/compare`,
      { users: 'alice' },
      'users',
    ],
    [
      'users names three handles',
      '/debates/{id}/compare',
      `/debates/${ID}/compare`,
      { users: 'a,b,c' },
      'users',
    ],
    [
      'users names one handle twice',
      '/debates/{id}/compare',
      `/debates/${ID}/compare`,
      { users: 'Alice,@alice' },
      'users',
    ],
    [
      'a handle is not a handle',
      '/debates/{id}/compare',
      `/debates/${ID}/compare`,
      { users: 'alice,bob!' },
      'users',
    ],
    [
      'compare to is before from',
      '/debates/{id}/compare',
      `/debates/${ID}/compare`,
      { users: 'a,b', from: '2000', to: '1000' },
      'to',
    ],
    ['geo from is not a time', '/debates/{id}/geo', `/debates/${ID}/geo`, { from: '17/09/2015' }, 'from'],
    ['/debates gets a parameter', '/debates', '/debates', { debate: ID }, 'debate'],
    ['/health gets a parameter', '/health', '/health', { verbose: '1' }, 'verbose'],
  ];

  test.each(cases)('fails if %s (400 naming the parameter)', async (_name, route, path, query, parameter) => {
    // WHEN
    const res = await get(path, query);
    // THEN
    expect(res.statusCode).toBe(400);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const body = validBody<ErrorResponse>(route, res);
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  test('fails if step is not a multiple of the bucket, with a message quoting both', async () => {
    const body = JSON.parse((await get(S, { step: '7s' })).body as string) as ErrorResponse;
    expect(body.error.message).toBe("step (7 s) must be a multiple of the debate's base bucket (5 s)");
  });

  test('fails if a series is too long, quoting the 10,000-point limit', async () => {
    const res = await get(S, { from: '0', to: String(15 * 3_600_000), step: '5s', candidate: 'trump' });
    expect((JSON.parse(res.body as string) as ErrorResponse).error.message).toContain(
      'more than the limit of 10000 per series',
    );
  });

  test('rejects an unknown debate with 404', async () => {
    const res = await get('/debates/gop-2099-01-01/series');
    expect(res.statusCode).toBe(404);
    expect(validBody<ErrorResponse>('/debates/{id}/series', res).error.message).toBe(
      'unknown debate "gop-2099-01-01"',
    );
  });

  test('rejects impossible debate ids with 404 without asking the store', async () => {
    const spy = jest.spyOn(fx.store, 'getDebate');
    try {
      for (const id of ['..%2F..%2Fetc', '%E0%A4%A', 'GOP', 'a'.repeat(65), '%00']) {
        const res = await get(`/debates/${id}/geo`);
        expect([id, res.statusCode]).toEqual([id, 404]);
        validBody<ErrorResponse>('/debates/{id}/geo', res);
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('rejects unknown routes with 404, whatever the method', async () => {
    for (const path of [
      '/',
      '/debates/',
      `/debates/${ID}`,
      `/debates/${ID}/series/x`,
      `/debates/${ID}/toString`,
      '/healthz',
    ]) {
      for (const method of ['GET', 'POST']) {
        const res = await api(apiEvent(path, {}, method));
        expect([path, method, res.statusCode]).toEqual([path, method, 404]);
        validBody<ErrorResponse>('/debates/{id}/series', { ...res, statusCode: 404 });
      }
    }
  });

  test('rejects other methods than GET and HEAD with 405 and an allow header', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await api(apiEvent(`/debates/${ID}/series`, {}, method));
      expect(res.statusCode).toBe(405);
      expect(res.headers).toMatchObject({ allow: 'GET, HEAD' });
      validBody<ErrorResponse>('/debates/{id}/series', res);
    }
    expect((await api(apiEvent('/health', {}, 'HEAD'))).statusCode).toBe(200);
  });

  test('GIVEN a failing store WHEN asked THEN a generic 500 (logged through onError), never the error text', async () => {
    // GIVEN
    const store = new MemoryAggregateStore();
    store.failWith = new Error('connect ECONNREFUSED 10.0.0.1:8000 (secret detail)');
    const seen: unknown[] = [];
    const failing = createQueryApi({ store, archive: fx.archive, onError: (e, r) => seen.push(e, r) });
    // WHEN
    const res = await failing(apiEvent(`/debates/${ID}/series`, { step: '1m' }));
    // THEN
    expect(res.statusCode).toBe(500);
    const body = validBody<ErrorResponse>('/debates/{id}/series', res);
    expect(body.error.message).not.toContain('secret');
    expect(seen).toEqual([store.failWith, { method: 'GET', path: `/debates/${ID}/series` }]);
  });
});
