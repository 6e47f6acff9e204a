import * as http from 'http';
import type { AddressInfo } from 'net';
import { ApiClient, ApiError, resolveApiBase } from '../../web/src/api-client';

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly type?: string;
  readonly etag?: string;
}

describe('api-client', () => {
  let server: http.Server;
  let base: string;
  let reply: Reply | 'hang';
  const seen: string[] = [];
  const conditions: (string | undefined)[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      conditions.push(req.headers['if-none-match']);
      if (reply === 'hang') return; // never answers
      const etag = reply.etag;
      if (etag !== undefined && req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(reply.status, {
        'content-type': reply.type ?? 'application/json',
        ...(etag !== undefined ? { etag } : {}),
      });
      res.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const caught = async (p: Promise<unknown>): Promise<ApiError> => {
    try {
      await p;
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error('expected an ApiError');
  };

  test('GIVEN an apiUrl WHEN resolved against the page THEN it becomes an absolute base ending in a slash', () => {
    expect(resolveApiBase('', 'http://127.0.0.1:8080/index.html?debate=x')).toBe('http://127.0.0.1:8080/');
    expect(resolveApiBase('https://abc.execute-api.us-east-1.amazonaws.com/prod', 'https://d.example/')).toBe(
      'https://abc.execute-api.us-east-1.amazonaws.com/prod/',
    );
    expect(resolveApiBase('api', 'https://d.example/dash/index.html')).toBe('https://d.example/dash/api/');
  });

  const seriesBody = (stepMs: number): string =>
    JSON.stringify({ format: 'columns', debate: 'a b', from: '', to: '', stepMs, settled: '', series: [] });

  test('GIVEN a view WHEN polling /live THEN the query names window, points and since, and an answer without its series is refused clearly', async () => {
    // GIVEN
    reply = { status: 200, body: JSON.stringify({ debate: 'x', series: JSON.parse(seriesBody(5000)) }) };
    // WHEN
    const body = await new ApiClient(base).live('x', { windowMs: 1_800_000, points: 400 }, 5000);
    // THEN
    expect(body.series.stepMs).toBe(5000);
    expect(seen[seen.length - 1]).toBe('/prod/debates/x/live?window=1800000&points=400&since=5000');
    // WHEN the answer lacks the series columns
    reply = { status: 200, body: JSON.stringify({ debate: 'x', series: {} }) };
    const e = await caught(new ApiClient(base).live('x', { windowMs: 1_800_000, points: 400 }));
    // THEN
    expect(e.message).toBe('/debates/x/live did not answer the expected JSON');
  });

  test('GIVEN a window WHEN asking for a series THEN the path keeps the base path, escapes the id and sends the window, in columns', async () => {
    // GIVEN
    reply = { status: 200, body: seriesBody(5000) };
    // WHEN
    const body = await new ApiClient(base).series('a b', { from: 1000, to: 6000, stepMs: 5000 });
    // THEN
    expect(body.stepMs).toBe(5000);
    expect(seen[seen.length - 1]).toBe(
      '/prod/debates/a%20b/series?from=1000&to=6000&step=5000&format=columns',
    );
    // WHEN only what changed since a settled edge is asked
    await new ApiClient(base).series('a b', { from: 1000, to: 6000, stepMs: 5000 }, 5000);
    // THEN
    expect(seen[seen.length - 1]).toBe(
      '/prod/debates/a%20b/series?from=1000&to=6000&step=5000&since=5000&format=columns',
    );
  });

  test('GIVEN an answer with an etag WHEN the same URL is asked again THEN if-none-match is sent and a 304 yields the answer held', async () => {
    // GIVEN
    const client = new ApiClient(base);
    const window = { from: 1000, to: 6000, stepMs: 5000 };
    reply = { status: 200, body: seriesBody(5000), etag: '"t1"' };
    const first = await client.series('x', window);
    expect(conditions[conditions.length - 1]).toBeUndefined();
    // WHEN
    const again = await client.series('x', window);
    // THEN
    expect(conditions[conditions.length - 1]).toBe('"t1"');
    expect(again).toEqual(first);
    // WHEN another URL of the same path is asked: no condition, and the new answer replaces the held one
    reply = { status: 200, body: seriesBody(10_000), etag: '"t2"' };
    const other = await client.series('x', { ...window, stepMs: 10_000 });
    expect(conditions[conditions.length - 1]).toBeUndefined();
    expect(other.stepMs).toBe(10_000);
    await client.series('x', window);
    expect(conditions[conditions.length - 1]).toBeUndefined();
  });

  test('fails with the API message and parameter when the API answers an error', async () => {
    reply = {
      status: 400,
      body: JSON.stringify({ error: { message: 'step must be a multiple of 5s', parameter: 'step' } }),
    };
    const e = await caught(new ApiClient(base).series('x', { from: 0, to: 5000, stepMs: 5000 }));
    expect(e.status).toBe(400);
    expect(e.path).toBe('/debates/x/series');
    expect(e.message).toBe(
      '/debates/x/series answered 400 Bad Request: step must be a multiple of 5s (parameter step)',
    );
  });

  test('fails with the status alone when an error has no JSON body', async () => {
    reply = { status: 502, body: '<html>Bad gateway</html>', type: 'text/html' };
    const e = await caught(new ApiClient(base).health());
    expect(e.message).toBe('/health answered 502 Bad Gateway');
  });

  test('fails if a 200 answer is not the expected JSON', async () => {
    reply = { status: 200, body: '<!doctype html><p>not the API</p>', type: 'text/html' };
    const e = await caught(new ApiClient(base).debates());
    expect(e.message).toBe('/debates did not answer the expected JSON');
  });

  test('fails if the API cannot be reached', async () => {
    // GIVEN a port nobody listens on (bound, then released)
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    // WHEN
    const e = await caught(new ApiClient(`http://127.0.0.1:${port}/`).health());
    // THEN
    expect(e.status).toBeNull();
    expect(e.message).toBe(`cannot reach the API (unreachable) at http://127.0.0.1:${port}`);
  });

  test('fails if the API does not answer in time', async () => {
    reply = 'hang';
    const e = await caught(new ApiClient(base, 200).health());
    expect(e.status).toBeNull();
    expect(e.message).toContain('no answer in time');
  });
});
