import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bucketStart } from '../../lambda/core/aggregate';
import { CACHE_CONTROL, entityTag, noneMatchHits, settledBefore } from '../../lambda/core/api/caching';
import type { SeriesResponse } from '../../lambda/core/api/contract';
import { SETTLE_MS } from '../../lambda/core/api/limits';
import { createQueryApi, type QueryApi } from '../../lambda/core/api/routes';
import type { DebateState } from '../../lambda/core/ports';
import { apiEvent, validBody, validResponse } from './api-helpers';
import { buildDebateFixture, BUCKET_MS, type DebateFixture } from './debate-fixture';

const ID = 'gop-2015-09-16';
const MIN = 60_000;

let fx: DebateFixture;
let api: QueryApi;
let debate: DebateState;
let dataEnd: number;

beforeAll(async () => {
  fx = await buildDebateFixture(10, 5, 'caching');
  api = createQueryApi({ store: fx.store, archive: fx.archive });
  debate = (await fx.store.getDebate(ID)) as DebateState;
  dataEnd = Math.max(...fx.scored.map((s) => s.createdAt));
});

const get = (
  path: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<APIGatewayProxyStructuredResultV2> => api(apiEvent(path, query, 'GET', headers));

describe('caching: settled edge', () => {
  test('GIVEN a debate WHEN its settled edge is asked THEN it is the bucket start a minute before the newest post; 0 before any post', () => {
    expect(debate.lastPostAt).toBe(dataEnd);
    expect(settledBefore(debate)).toBe(bucketStart(dataEnd - SETTLE_MS, BUCKET_MS));
    expect(settledBefore({ ...debate, firstPostAt: null, lastPostAt: null })).toBe(0);
  });
});

describe('caching: Cache-Control', () => {
  const settledEnd = (): number => bucketStart(dataEnd - SETTLE_MS, BUCKET_MS);

  test.each([
    ['series', '/debates/{id}/series'],
    ['extremes', '/debates/{id}/extremes'],
    ['geo', '/debates/{id}/geo'],
  ])(
    'GIVEN a %s window ending at the settled edge, and one a bucket later WHEN asked THEN the first is immutable, the second kept a second',
    async (name, route) => {
      const path = `/debates/${ID}/${name}`;
      // WHEN
      const closed = await get(path, { from: String(settledEnd() - 5 * MIN), to: String(settledEnd()) });
      const open = await get(path, {
        from: String(settledEnd() - 5 * MIN),
        to: String(settledEnd() + BUCKET_MS),
      });
      // THEN
      validBody(route, closed);
      validBody(route, open);
      expect(closed.headers?.['cache-control']).toBe(CACHE_CONTROL.settled);
      expect(open.headers?.['cache-control']).toBe(CACHE_CONTROL.live);
    },
  );

  test('GIVEN hashtags at the settled edge and at the newest post WHEN asked THEN immutable, then a second', async () => {
    const path = `/debates/${ID}/hashtags`;
    const closed = await get(path, { at: String(settledEnd()), window: '1m' });
    const live = await get(path, { window: '1m' });
    expect(closed.headers?.['cache-control']).toBe(CACHE_CONTROL.settled);
    expect(live.headers?.['cache-control']).toBe(CACHE_CONTROL.live);
  });

  test('GIVEN the default series (up to the newest data), /health and /debates WHEN asked THEN each is kept a second', async () => {
    for (const path of [`/debates/${ID}/series`, '/health', '/debates']) {
      const res = await get(path);
      expect([path, res.headers?.['cache-control']]).toEqual([
        path,
        'public, max-age=1, stale-while-revalidate=2',
      ]);
    }
  });

  test('GIVEN /compare WHEN asked THEN it is kept a minute (the archive fills every few minutes)', async () => {
    const res = await get(`/debates/${ID}/compare`, { users: 'alice,bob' });
    validBody('/debates/{id}/compare', res);
    expect(res.headers?.['cache-control']).toBe('public, max-age=60');
  });

  test('fails if the request is refused: no-store, no etag', async () => {
    const res = await get(`/debates/${ID}/series`, { step: '7s' });
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['cache-control']).toBe('no-store');
    expect(res.headers?.etag).toBeUndefined();
  });
});

describe('caching: ETag and If-None-Match', () => {
  const path = `/debates/${ID}/series`;
  const query = { step: '1m' };

  test('GIVEN an answer WHEN asked again naming its tag THEN 304 without a body, with the same tag and Cache-Control', async () => {
    // GIVEN
    const first = await get(path, query);
    const etag = String(first.headers?.etag);
    expect(etag).toBe(entityTag(first.body ?? ''));
    // WHEN
    const again = await get(path, query, { 'if-none-match': etag });
    // THEN
    expect(again.statusCode).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers).toEqual({ 'cache-control': first.headers?.['cache-control'], etag });
    validResponse('/debates/{id}/series', again);
  });

  test('GIVEN a tag among others, weak, or * WHEN asked THEN 304; a stale tag gets the 200 with the body', async () => {
    const etag = String((await get(path, query)).headers?.etag);
    for (const header of [`"0000000000000000", ${etag}`, `W/${etag}`, '*']) {
      expect([header, (await get(path, query, { 'if-none-match': header })).statusCode]).toEqual([
        header,
        304,
      ]);
    }
    const stale = await get(path, query, { 'if-none-match': '"0000000000000000"' });
    expect(stale.statusCode).toBe(200);
    expect(validBody<SeriesResponse>('/debates/{id}/series', stale).stepMs).toBe(MIN);
  });

  test('GIVEN two different answers WHEN tagged THEN their tags differ; the same body always gets the same tag', async () => {
    const a = await get(path, { step: '1m' });
    const b = await get(path, { step: '2m' });
    expect(a.headers?.etag).not.toBe(b.headers?.etag);
    expect((await get(path, { step: '1m' })).headers?.etag).toBe(a.headers?.etag);
  });

  test('GIVEN tags WHEN compared THEN weak comparison, commas and * as RFC 9110 says', () => {
    const tag = entityTag('{"a":1}');
    expect(tag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(entityTag('{"a":2}')).not.toBe(tag);
    expect(noneMatchHits(undefined, tag)).toBe(false);
    expect(noneMatchHits(`"x", W/${tag}`, tag)).toBe(true);
    expect(noneMatchHits(' * ', tag)).toBe(true);
    expect(noneMatchHits(tag.slice(0, -2) + '"', tag)).toBe(false);
  });
});

describe('routes under /api/', () => {
  test('GIVEN the dashboard origin serves the API under /api/ WHEN a route is asked there THEN it answers as at the root', async () => {
    const direct = await get(`/debates/${ID}/series`, { step: '1m' });
    const under = await get(`/api/debates/${ID}/series`, { step: '1m' });
    expect(under.statusCode).toBe(200);
    expect(under.body).toBe(direct.body);
    expect((await get('/api/health')).statusCode).toBe(200);
    expect((await get('/api/nothing')).statusCode).toBe(404);
  });
});
