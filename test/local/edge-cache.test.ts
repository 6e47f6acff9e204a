import * as http from 'http';
import * as zlib from 'zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CACHE_CONTROL, EDGE_TTL_SECONDS } from '../../lambda/core/api/caching';
import { startApiServer, type ApiServer } from '../../lib/local/api-server';
import { EdgeCache, edgeTtlSeconds, type OriginAnswer } from '../../lib/local/edge-cache';

function answer(cacheControl: string | undefined, body = '{"n":1}', status = 200): OriginAnswer {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      ...(cacheControl === undefined ? {} : { 'cache-control': cacheControl }),
    },
    body: Buffer.from(body),
  };
}

describe('edgeTtlSeconds: how long the edge keeps an answer (the cache policy of the cloud)', () => {
  test.each([
    [CACHE_CONTROL.live, 1],
    ['public, max-age=1', 1],
    [CACHE_CONTROL.archive, 60],
    [CACHE_CONTROL.settled, EDGE_TTL_SECONDS.max],
    ['public, max-age=0', EDGE_TTL_SECONDS.min],
    ['public, max-age=9999999', EDGE_TTL_SECONDS.max],
    [undefined, EDGE_TTL_SECONDS.default],
    [CACHE_CONTROL.error, 0],
    ['private, max-age=60', 0],
  ])('GIVEN Cache-Control %p THEN it is kept %p s', (cc, ttl) => {
    expect(edgeTtlSeconds(answer(cc))).toBe(ttl);
  });

  test('GIVEN a refusal or a 304 THEN it is never kept, whatever its Cache-Control', () => {
    expect(edgeTtlSeconds(answer(CACHE_CONTROL.settled, '{}', 400))).toBe(0);
    expect(edgeTtlSeconds(answer(CACHE_CONTROL.settled, '', 304))).toBe(0);
  });
});

describe('EdgeCache', () => {
  test('GIVEN 20 concurrent requests of one key WHEN the origin is slow THEN it is asked once and all get its answer', async () => {
    // GIVEN
    const cache = new EdgeCache();
    let calls = 0;
    const origin = async (): Promise<OriginAnswer> => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return answer(CACHE_CONTROL.live, `{"call":${calls}}`);
    };
    // WHEN
    const got = await Promise.all(Array.from({ length: 20 }, () => cache.get('/a', origin)));
    // THEN
    expect(calls).toBe(1);
    const bodies = got.map((g) => ('entry' in g ? g.entry.answer.body.toString() : 'not kept'));
    expect(new Set(bodies)).toEqual(new Set(['{"call":1}']));
    expect(got.filter((g) => 'outcome' in g && g.outcome === 'Miss')).toHaveLength(1);
  });

  test('GIVEN a kept answer without stale-while-revalidate WHEN its TTL passes THEN the next request goes to the origin again', async () => {
    // GIVEN
    let now = 1_000_000;
    const cache = new EdgeCache({ now: () => now });
    let calls = 0;
    const origin = async (): Promise<OriginAnswer> => answer('public, max-age=1', `{"call":${++calls}}`);
    await cache.get('/a', origin);
    // WHEN
    now += 999;
    const within = await cache.get('/a', origin);
    now += 1;
    const after = await cache.get('/a', origin);
    // THEN
    expect('outcome' in within && within.outcome).toBe('Hit');
    expect('entry' in after && after.entry.answer.body.toString()).toBe('{"call":2}');
    expect(calls).toBe(2);
  });

  test('GIVEN a live answer WHEN its TTL passes THEN it is served stale at once while one request fetches the next, and past the stale window it is a miss', async () => {
    // GIVEN: max-age=1, stale-while-revalidate=2
    let now = 1_000_000;
    const cache = new EdgeCache({ now: () => now });
    let calls = 0;
    const origin = async (): Promise<OriginAnswer> => answer(CACHE_CONTROL.live, `{"call":${++calls}}`);
    await cache.get('/a', origin);
    // WHEN the TTL has passed: three viewers at once
    now += 1500;
    const stale = await Promise.all([
      cache.get('/a', origin),
      cache.get('/a', origin),
      cache.get('/a', origin),
    ]);
    // THEN each got the kept answer without waiting, and the origin was asked once for the next
    expect(stale.map((g) => 'entry' in g && g.entry.answer.body.toString())).toEqual([
      '{"call":1}',
      '{"call":1}',
      '{"call":1}',
    ]);
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(2);
    const next = await cache.get('/a', origin);
    expect('entry' in next && next.entry.answer.body.toString()).toBe('{"call":2}');
    // WHEN nobody asks for longer than TTL + stale window
    now += 3000;
    const late = await cache.get('/a', origin);
    // THEN the answer came from the origin, this request waiting for it
    expect('outcome' in late && late.outcome).toBe('Miss');
    expect('entry' in late && late.entry.answer.body.toString()).toBe('{"call":3}');
  });

  test('GIVEN answers that may not be kept WHEN asked concurrently THEN nobody gets an answer meant for another', async () => {
    // GIVEN: an error answer (no-store) per call
    const cache = new EdgeCache();
    let calls = 0;
    const origin = async (): Promise<OriginAnswer> => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return answer(CACHE_CONTROL.error, `{"call":${calls}}`, 500);
    };
    // WHEN
    const got = await Promise.all([cache.get('/e', origin), cache.get('/e', origin)]);
    // THEN: the second waited for the first's answer, then asked the origin itself; nothing is kept
    expect(calls).toBe(2);
    const bodies = got.map((g) => ('answer' in g && !('encoded' in g) ? g.answer.body.toString() : 'kept'));
    expect(bodies.sort()).toEqual(['{"call":1}', '{"call":2}']);
    expect(cache.size).toBe(0);
  });

  test('GIVEN a byte budget WHEN answers exceed it THEN the least recently used go first', async () => {
    // GIVEN: room for two 100-byte bodies
    const cache = new EdgeCache({ maxBytes: 250 });
    const body = (c: string): string => c.repeat(100);
    let calls = 0;
    const origin = (c: string) => async (): Promise<OriginAnswer> => {
      calls++;
      return answer(CACHE_CONTROL.settled, body(c));
    };
    await cache.get('/a', origin('a'));
    await cache.get('/b', origin('b'));
    await cache.get('/a', origin('a')); // a is now the most recently used
    // WHEN
    await cache.get('/c', origin('c'));
    // THEN: b went, a and c stay
    expect(cache.size).toBe(2);
    calls = 0;
    await cache.get('/a', origin('a'));
    await cache.get('/c', origin('c'));
    expect(calls).toBe(0);
    await cache.get('/b', origin('b'));
    expect(calls).toBe(1);
  });
});

describe('startApiServer with an edge cache', () => {
  let server: ApiServer;
  const events: APIGatewayProxyEventV2[] = [];
  let version = 1;
  const body = (): string => JSON.stringify({ version, pad: 'x'.repeat(3000) });

  beforeAll(async () => {
    server = await startApiServer({
      handler: async (e): Promise<APIGatewayProxyStructuredResultV2> => {
        events.push(e);
        const text = body();
        const etag = `"v${version}"`;
        if (e.headers['if-none-match'] === etag)
          return { statusCode: 304, headers: { etag, 'cache-control': CACHE_CONTROL.live } };
        if (e.rawPath === '/debates/x/refused')
          return {
            statusCode: 400,
            headers: { 'content-type': 'application/json', 'cache-control': CACHE_CONTROL.error },
            body: '{"error":{"message":"no"}}',
          };
        return {
          statusCode: 200,
          headers: { 'content-type': 'application/json', etag, 'cache-control': CACHE_CONTROL.live },
          body: text,
        };
      },
      port: 0,
      edgeCache: new EdgeCache(),
    });
  });
  afterAll(() => server.close());

  function get(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<http.IncomingMessage & { body: Buffer }> {
    return new Promise((resolve, reject) => {
      http
        .get(`${server.url}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Object.assign(res, { body: Buffer.concat(chunks) })));
        })
        .on('error', reject);
    });
  }

  test('GIVEN one URL asked twice within its max-age THEN the handler answers once, the repeat is a hit with its age', async () => {
    // WHEN
    events.length = 0;
    const first = await get('/debates/x/series?a=1');
    const second = await get('/debates/x/series?a=1');
    // THEN
    expect(events).toHaveLength(1);
    expect(first.headers['x-cache']).toBe('Miss from edge');
    expect(second.headers['x-cache']).toBe('Hit from edge');
    expect(second.headers.age).toMatch(/^\d+$/);
    expect(second.body.toString()).toBe(first.body.toString());
    // another query string is another object
    await get('/debates/x/series?a=2');
    expect(events).toHaveLength(2);
  });

  test('GIVEN a kept answer WHEN a viewer holds its tag THEN the edge answers 304 itself and the origin never sees the condition', async () => {
    // GIVEN
    events.length = 0;
    const first = await get('/debates/x/series?b=1');
    // WHEN
    const again = await get('/debates/x/series?b=1', { 'if-none-match': String(first.headers.etag) });
    // THEN
    expect(again.statusCode).toBe(304);
    expect(again.body).toHaveLength(0);
    expect(events).toHaveLength(1);
    expect(events[0].headers['if-none-match']).toBeUndefined();
  });

  test('GIVEN a first request carrying a tag WHEN it misses THEN the viewer still gets its 304 and the edge keeps the whole answer', async () => {
    // GIVEN
    events.length = 0;
    const tag = `"v${version}"`;
    // WHEN
    const first = await get('/debates/x/series?c=1', { 'if-none-match': tag });
    const plain = await get('/debates/x/series?c=1');
    // THEN
    expect(first.statusCode).toBe(304);
    expect(plain.statusCode).toBe(200);
    expect(JSON.parse(plain.body.toString())).toMatchObject({ version });
    expect(events).toHaveLength(1);
  });

  test('GIVEN brotli and gzip viewers THEN each gets the kept body in its coding, equal to the identity body', async () => {
    // WHEN
    const plain = await get('/debates/x/series?d=1');
    const br = await get('/debates/x/series?d=1', { 'accept-encoding': 'br' });
    const gz = await get('/debates/x/series?d=1', { 'accept-encoding': 'gzip' });
    // THEN
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
    expect(zlib.gunzipSync(gz.body).toString()).toBe(plain.body.toString());
  });

  test('GIVEN a refusal THEN it is not kept: every request reaches the handler', async () => {
    events.length = 0;
    const a = await get('/debates/x/refused');
    const b = await get('/debates/x/refused');
    expect([a.statusCode, b.statusCode]).toEqual([400, 400]);
    expect(events).toHaveLength(2);
  });

  test('GIVEN the live edge WHEN a second has passed THEN viewers see the new answer as soon as the edge has it', async () => {
    // GIVEN
    const before = JSON.parse((await get('/debates/x/series?e=1')).body.toString()) as { version: number };
    version++;
    // WHEN a second has passed: the first viewer gets the last answer at once while the edge
    // fetches the new one, which the next viewer gets
    await new Promise((r) => setTimeout(r, 1100));
    const stale = JSON.parse((await get('/debates/x/series?e=1')).body.toString()) as { version: number };
    await new Promise((r) => setTimeout(r, 100));
    const after = JSON.parse((await get('/debates/x/series?e=1')).body.toString()) as { version: number };
    // THEN
    expect(stale.version).toBe(before.version);
    expect(after.version).toBe(before.version + 1);
  });
});
