import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HealthResponse } from '../../lambda/core/api/contract';
import { createQueryApi } from '../../lambda/core/api/routes';
import { startApiServer, type ApiServer } from '../../lib/local/api-server';
import { MemoryAggregateStore, MemoryArchiveStore } from '../support/memory-store';

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request over real HTTP, the path sent exactly as given (no client-side normalisation). */
function request(
  base: string,
  rawPath: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: rawPath,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-api-server-'));
const webDir = path.join(tmp, 'web');
fs.mkdirSync(path.join(webDir, 'sub'), { recursive: true });
fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>trendoff</title>');
fs.writeFileSync(path.join(webDir, 'app.js'), 'console.log("hi");');
fs.writeFileSync(path.join(webDir, 'style.css'), 'body{}');
fs.writeFileSync(path.join(webDir, 'logo.svg'), '<svg/>');
fs.writeFileSync(path.join(webDir, 'data.bin'), Buffer.from([0, 1, 2]));
fs.writeFileSync(path.join(webDir, 'sub', 'index.html'), '<p>sub</p>');
fs.writeFileSync(path.join(webDir, '.env'), 'SECRET=1');
fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(webDir, 'link.txt'));

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('startApiServer: API requests become HTTP API (payload 2.0) events', () => {
  let server: ApiServer;
  const events: APIGatewayProxyEventV2[] = [];
  let answer: (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> = async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });

  beforeAll(async () => {
    server = await startApiServer({
      handler: (e) => {
        events.push(e);
        return answer(e);
      },
      staticDir: webDir,
      port: 0,
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
  });

  test('GIVEN the server WHEN started on port 0 THEN it listens on 127.0.0.1 at a port the OS chose', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
  });

  test('GIVEN a query with repeats, escapes and a + offset WHEN sent THEN the event decodes and comma-joins as API Gateway does', async () => {
    // WHEN
    const res = await request(
      server.url,
      '/debates/gop/series?candidate=trump&candidate=bush&from=2015-09-17T01%3A00%3A00%2B02%3A00&flag&to=',
      { headers: { 'X-Custom': 'A', Cookie: 'a=1; b=2', 'User-Agent': 'test-agent' } },
    );
    // THEN
    expect(res.status).toBe(200);
    const e = events[0];
    expect(e).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/debates/gop/series',
      rawQueryString: 'candidate=trump&candidate=bush&from=2015-09-17T01%3A00%3A00%2B02%3A00&flag&to=',
      queryStringParameters: { candidate: 'trump,bush', from: '2015-09-17T01:00:00+02:00', flag: '', to: '' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: {
        routeKey: '$default',
        stage: '$default',
        http: { method: 'GET', path: '/debates/gop/series', sourceIp: '127.0.0.1', userAgent: 'test-agent' },
      },
    });
    expect(e.headers['x-custom']).toBe('A');
    expect(e.headers.cookie).toBeUndefined();
    expect(e.pathParameters).toBeUndefined();
    expect(e.body).toBeUndefined();
    expect(Math.abs(e.requestContext.timeEpoch - Date.now())).toBeLessThan(60_000);
    expect(e.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  test('GIVEN no query WHEN sent THEN the event has no queryStringParameters and an empty rawQueryString', async () => {
    await request(server.url, '/health');
    expect(events[0].rawQueryString).toBe('');
    expect(events[0].queryStringParameters).toBeUndefined();
  });

  test('GIVEN a JSON body and a binary body WHEN posted THEN text stays text and binary comes base64', async () => {
    // WHEN
    await request(server.url, '/debates', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":"é"}',
    });
    await request(server.url, '/debates', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0xff, 0x00, 0x10]),
    });
    // THEN
    expect([events[0].body, events[0].isBase64Encoded]).toEqual(['{"x":"é"}', false]);
    expect([events[1].body, events[1].isBase64Encoded]).toEqual(['/wAQ', true]);
    expect(events[1].requestContext.http.method).toBe('POST');
  });

  test('GIVEN a structured answer with base64 body, headers and cookies WHEN returned THEN they are sent as HTTP', async () => {
    // GIVEN
    answer = async () => ({
      statusCode: 418,
      headers: { 'Content-Type': 'image/png', 'x-n': 7 },
      cookies: ['s=1; HttpOnly', 't=2'],
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    });
    // WHEN
    const res = await request(server.url, '/health');
    // THEN
    expect(res.status).toBe(418);
    expect(res.headers).toMatchObject({ 'content-type': 'image/png', 'x-n': '7', 'content-length': '3' });
    expect(res.headers['set-cookie']).toEqual(['s=1; HttpOnly', 't=2']);
    expect([...res.body]).toEqual([1, 2, 3]);
  });

  test('GIVEN a handler that throws WHEN called THEN API Gateway’s generic 500', async () => {
    answer = async () => {
      throw new Error('boom');
    };
    const res = await request(server.url, '/health');
    expect([res.status, JSON.parse(res.body.toString())]).toEqual([
      500,
      { message: 'Internal Server Error' },
    ]);
  });
});

describe('startApiServer: static files', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({
      handler: createQueryApi({ store: new MemoryAggregateStore(), archive: new MemoryArchiveStore() }),
      staticDir: webDir,
    });
  });
  afterAll(() => server.close());

  test('GIVEN files WHEN fetched THEN each comes with its content type; / and directories give index.html', async () => {
    const cases: [string, string, string][] = [
      ['/', 'text/html; charset=utf-8', '<!doctype html><title>trendoff</title>'],
      ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>trendoff</title>'],
      ['/app.js', 'text/javascript; charset=utf-8', 'console.log("hi");'],
      ['/style.css', 'text/css; charset=utf-8', 'body{}'],
      ['/logo.svg', 'image/svg+xml', '<svg/>'],
      ['/data.bin', 'application/octet-stream', '\u0000\u0001\u0002'],
      ['/sub/', 'text/html; charset=utf-8', '<p>sub</p>'],
      ['/app.js?v=3', 'text/javascript; charset=utf-8', 'console.log("hi");'],
    ];
    for (const [p, type, body] of cases) {
      const res = await request(server.url, p);
      expect([p, res.status, res.headers['content-type'], res.body.toString()]).toEqual([p, 200, type, body]);
    }
  });

  test('GIVEN no config.json in the static dir WHEN fetched THEN {"apiUrl": ""}; GIVEN one THEN the file', async () => {
    const res = await request(server.url, '/config.json');
    expect([res.status, JSON.parse(res.body.toString())]).toEqual([200, { apiUrl: '' }]);
    fs.writeFileSync(path.join(webDir, 'config.json'), '{"apiUrl":"https://api.example.test"}');
    try {
      const own = await request(server.url, '/config.json');
      expect(JSON.parse(own.body.toString())).toEqual({ apiUrl: 'https://api.example.test' });
    } finally {
      fs.rmSync(path.join(webDir, 'config.json'));
    }
  });

  test('GIVEN HEAD WHEN a file is asked THEN its headers and length without a body; the API answers HEAD too', async () => {
    const res = await request(server.url, '/app.js', { method: 'HEAD' });
    expect([res.status, res.headers['content-length'], res.body.length]).toEqual([200, '18', 0]);
    const api = await request(server.url, '/health', { method: 'HEAD' });
    expect([api.status, api.headers['content-type'], api.body.length]).toEqual([200, 'application/json', 0]);
  });

  test('rejects unknown files with 404', async () => {
    for (const p of ['/nope.js', '/sub/nope.html', '/index.html/x']) {
      expect([p, (await request(server.url, p)).status]).toEqual([p, 404]);
    }
  });

  test('rejects traversal out of the static dir, hidden files and symlinks leading out (404, never the file)', async () => {
    const attempts = [
      '/../secret.txt',
      '/../package.json',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/sub/../../secret.txt',
      '/..%5csecret.txt',
      '/.env',
      '/link.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ];
    for (const p of attempts) {
      const res = await request(server.url, p);
      expect([p, res.status]).toEqual([p, 404]);
      expect(res.body.toString()).not.toContain('SECRET');
    }
  });

  test('rejects other methods than GET and HEAD on static files with 405', async () => {
    const res = await request(server.url, '/index.html', { method: 'DELETE' });
    expect([res.status, res.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  test('GIVEN the real query API behind it WHEN /health is fetched THEN its JSON answer comes through unchanged', async () => {
    const res = await request(server.url, '/health');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=2');
    expect(JSON.parse(res.body.toString()) as HealthResponse).toEqual({ status: 'ok', debates: [] });
    const bad = await request(server.url, '/health?x=1');
    expect([bad.status, JSON.parse(bad.body.toString()).error.parameter]).toEqual([400, 'x']);
  });
});

/** Sends raw bytes on a TCP connection and resolves with everything the server sends before closing. */
function rawExchange(base: string, bytes: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Status code, headers (lower-case names) and body of a raw HTTP/1.1 answer. */
function parseRaw(answer: string): { status: number; headers: Record<string, string>; body: string } {
  const split = answer.indexOf('\r\n\r\n');
  const [statusLine, ...headerLines] = answer.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const h of headerLines) {
    const colon = h.indexOf(':');
    headers[h.slice(0, colon).toLowerCase()] = h.slice(colon + 1).trim();
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: answer.slice(split + 4) };
}

describe('startApiServer: requests Node cannot parse', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({
      handler: createQueryApi({ store: new MemoryAggregateStore(), archive: new MemoryArchiveStore() }),
      staticDir: webDir,
    });
  });
  afterAll(() => server.close());

  test.each([
    {
      what: 'a bad method token',
      bytes: 'G@T /health HTTP/1.1\r\nHost: x\r\n\r\n',
      status: 400,
      message: /method/,
    },
    {
      what: 'a raw space in the path',
      bytes: 'GET /debates/a b/series HTTP/1.1\r\nHost: x\r\n\r\n',
      status: 400,
      message: /percent-encoded/,
    },
    { what: 'no request line at all', bytes: 'hello\r\n\r\n', status: 400, message: /malformed/ },
    {
      what: 'a header without a colon',
      bytes: 'GET /health HTTP/1.1\r\nBad Header\r\n\r\n',
      status: 400,
      message: /malformed/,
    },
    {
      what: 'a 16 KB URL',
      bytes: `GET /health?x=${'a'.repeat(16 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      status: 414,
      message: /^URL too long/,
    },
    {
      what: '17 KB of headers',
      bytes: `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
      status: 431,
      message: /^request headers too large/,
    },
  ])(
    'GIVEN $what WHEN sent over TCP THEN a $status JSON error like every other',
    async ({ bytes, status, message }) => {
      // WHEN
      const answer = parseRaw(await rawExchange(server.url, bytes));
      // THEN
      expect(answer.status).toBe(status);
      expect(answer.headers).toMatchObject({
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(answer.body)),
        connection: 'close',
      });
      const body = JSON.parse(answer.body) as { error: { message: string } };
      expect(Object.keys(body)).toEqual(['error']);
      expect(Object.keys(body.error)).toEqual(['message']);
      expect(body.error.message).toMatch(message);
    },
  );

  test('GIVEN a malformed request WHEN answered THEN the server still serves the next connection', async () => {
    await rawExchange(server.url, 'G@T / HTTP/1.1\r\n\r\n');
    const res = await request(server.url, '/health');
    expect(res.status).toBe(200);
  });
});

describe('startApiServer: options', () => {
  test('fails if the port is not a port number', async () => {
    const handler = async () => ({ statusCode: 204 });
    await expect(startApiServer({ handler, port: 70000 })).rejects.toThrow(
      'port must be an integer from 0 to 65535',
    );
  });

  test('GIVEN no static dir WHEN any path is asked THEN the handler answers it', async () => {
    const server = await startApiServer({ handler: async (e) => ({ statusCode: 200, body: e.rawPath }) });
    try {
      expect((await request(server.url, '/index.html')).body.toString()).toBe('/index.html');
    } finally {
      await server.close();
    }
  });
});

describe('startApiServer: compression', () => {
  const big = JSON.stringify({ series: Array.from({ length: 400 }, (_, i) => ({ t: i, count: i % 7 })) });
  let server: ApiServer;
  let webServer: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({
      handler: async (e) => ({
        statusCode: 200,
        headers: { 'content-type': 'application/json', etag: '"abc"' },
        body: e.rawPath === '/small' ? '{"a":1}' : big,
      }),
    });
    fs.writeFileSync(path.join(webDir, 'big.js'), `console.log(${JSON.stringify(big)});`);
    webServer = await startApiServer({
      handler: createQueryApi({ store: new MemoryAggregateStore(), archive: new MemoryArchiveStore() }),
      staticDir: webDir,
    });
  });
  afterAll(async () => {
    await server.close();
    await webServer.close();
  });

  test.each([
    ['gzip, deflate, br', 'br', zlib.brotliDecompressSync],
    ['gzip', 'gzip', zlib.gunzipSync],
    ['br;q=0, gzip;q=0.5', 'gzip', zlib.gunzipSync],
  ])(
    'GIVEN Accept-Encoding "%s" and a large JSON answer WHEN served THEN %s, the same JSON, vary and a weak etag',
    async (accept, coding, decode) => {
      const res = await request(server.url, '/big', { headers: { 'accept-encoding': accept } });
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.headers.vary).toBe('accept-encoding');
      expect(res.headers.etag).toBe('W/"abc"');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(res.body.length).toBeLessThan(big.length / 4);
      expect(decode(res.body).toString()).toBe(big);
    },
  );

  test('GIVEN no Accept-Encoding, or a small body WHEN served THEN as is (the strong etag kept without compression)', async () => {
    const plain = await request(server.url, '/big');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.etag).toBe('"abc"');
    expect(plain.body.toString()).toBe(big);
    const small = await request(server.url, '/small', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('{"a":1}');
  });

  test('GIVEN a large static script WHEN fetched accepting gzip THEN it comes compressed', async () => {
    const res = await request(webServer.url, '/big.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.body).toString()).toBe(`console.log(${JSON.stringify(big)});`);
  });

  test('GIVEN the real API WHEN asked again with the weak etag it was given THEN 304 without a body, the same etag', async () => {
    const headers = { 'accept-encoding': 'gzip' };
    const first = await request(webServer.url, '/debates', { headers });
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]{16}"$/);
    const again = await request(webServer.url, '/debates', {
      headers: { ...headers, 'if-none-match': String(first.headers.etag) },
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=2');
  });
});
