/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0) and the dashboard's static host:
 * a Node HTTP server on 127.0.0.1 that turns each API request into the event API Gateway would send
 * the Lambda function and turns the function's structured answer back into HTTP, so the very same
 * handler serves locally and in the cloud. Everything outside the API is a static file of the
 * dashboard, never from outside its directory.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import * as path from 'path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorResponse } from '../../lambda/core/api/contract';
import { noneMatchHits } from '../../lambda/core/api/caching';
import { isApiPath } from '../../lambda/core/api/routes';
import {
  chooseCoding,
  compress,
  isCompressible,
  MIN_COMPRESS_BYTES,
  type ContentCoding,
} from './compression';
import { EdgeCache, type EdgeEntry, type OriginAnswer } from './edge-cache';

/** What API Gateway invokes: an HTTP API event in, a structured answer out. */
export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiServerOptions {
  readonly handler: ApiHandler;
  /** The dashboard's files (`index.html` answers `/`). @default none: every request goes to the handler */
  readonly staticDir?: string;
  /** TCP port on 127.0.0.1; 0 lets the OS choose a free one. @default 0 */
  readonly port?: number;
  /** Hears of a handler that threw (the client gets API Gateway's generic 500). @default ignore */
  readonly onError?: (error: unknown) => void;
  /**
   * A shared cache in front of the API's GET and HEAD answers, as the dashboard's CloudFront
   * distribution is in the cloud. @default none: every request reaches the handler
   */
  readonly edgeCache?: EdgeCache;
}

export interface ApiServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Starts the server on 127.0.0.1 only (the local pipeline is for the person at the machine).
 * @throws RangeError if the port is not an integer 0–65535; rejects if it cannot listen.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  }
  const staticRoot = options.staticDir === undefined ? undefined : path.resolve(options.staticDir);
  const onError = options.onError ?? (() => undefined);

  const server = http.createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
  });

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    if (!target.startsWith('/')) return sendJson(res, 400, { message: 'Bad Request' });
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQueryString = q < 0 ? '' : target.slice(q + 1);
    if (staticRoot === undefined || isApiPath(rawPath)) {
      const body = await readBody(req);
      if (body === undefined) return sendJson(res, 413, { message: 'Request Entity Too Large' });
      const method = (req.method ?? 'GET').toUpperCase();
      const edge = options.edgeCache;
      if (edge !== undefined && (method === 'GET' || method === 'HEAD') && body.length === 0) {
        return serveFromEdge(req, res, edge, rawPath, rawQueryString, () =>
          originAnswer(options.handler, toEvent(req, rawPath, rawQueryString, body, EDGE_STRIPPED), onError),
        );
      }
      let result: APIGatewayProxyStructuredResultV2;
      try {
        result = await options.handler(toEvent(req, rawPath, rawQueryString, body));
      } catch (err) {
        onError(err);
        return sendJson(res, 500, { message: 'Internal Server Error' });
      }
      return sendResult(req, res, result);
    }
    return serveStatic(req, res, staticRoot, rawPath);
  };

  // Requests Node cannot parse never reach the handler; by default it answers them with an empty,
  // non-JSON body. Answer them as the API answers every refusal instead.
  server.on('clientError', (err: ClientError, socket: Socket) => answerClientError(err, socket));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** What Node's HTTP parser reports about a request it could not read. */
type ClientError = Error & { readonly code?: string; readonly rawPacket?: Buffer };

type ClientErrorStatus = 400 | 408 | 414 | 431;

const STATUS_TEXT: Readonly<Record<ClientErrorStatus, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/** The status and message for a request Node's parser refused, by its error code. */
function clientErrorAnswer(
  err: ClientError,
  maxHeaderBytes: number,
): { status: ClientErrorStatus; message: string } {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW': {
      // The limit covers the request line and the headers together: blame the URL when the request
      // line alone reaches it (or had not ended when it was reached).
      const raw = err.rawPacket;
      const eol = raw === undefined ? -1 : raw.indexOf(0x0a);
      const startsRequest = raw !== undefined && /^[A-Za-z]+ /.test(raw.toString('latin1', 0, 16));
      if (startsRequest && (eol < 0 || eol >= maxHeaderBytes))
        return {
          status: 414,
          message: `URL too long: the request line and headers must fit in ${maxHeaderBytes} bytes`,
        };
      return {
        status: 431,
        message: `request headers too large: the request line and headers must fit in ${maxHeaderBytes} bytes`,
      };
    }
    case 'HPE_INVALID_METHOD':
      return { status: 400, message: 'malformed request: the method is not an HTTP method name' };
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_URL':
    case 'HPE_INVALID_VERSION':
      return {
        status: 400,
        message:
          'malformed request line: expected "METHOD /path HTTP/1.1" (spaces and control characters in the URL must be percent-encoded)',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'the request did not arrive in time' };
    default:
      return { status: 400, message: `malformed HTTP request (${err.code ?? err.message})` };
  }
}

/** Writes the JSON refusal of an unparseable request straight on the socket, then closes it. */
function answerClientError(err: ClientError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, message } = clientErrorAnswer(err, http.maxHeaderSize);
  const body: ErrorResponse = { error: { message } };
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n` +
      'content-type: application/json\r\n' +
      `content-length: ${Buffer.byteLength(text)}\r\n` +
      'cache-control: no-store\r\n' +
      'connection: close\r\n\r\n' +
      text,
  );
}

/**
 * The payload-2.0 event API Gateway builds for a request: lower-case headers with repeats joined
 * by commas, cookies apart, query parameters decoded with repeats joined by commas, the body as
 * text for textual content types and base64 otherwise.
 */
export function toEvent(
  req: http.IncomingMessage,
  rawPath: string,
  rawQueryString: string,
  body: Buffer,
  dropHeaders: ReadonlySet<string> = new Set(),
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    if (dropHeaders.has(name)) continue;
    if (name === 'cookie') {
      // Payload 2.0 moves cookies out of the headers into their own list.
      for (const c of value.split(';')) if (c.trim() !== '') cookies.push(c.trim());
      continue;
    }
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
  }
  const query = parseQuery(rawQueryString);
  const method = (req.method ?? 'GET').toUpperCase();
  const host = headers.host ?? '127.0.0.1';
  const now = new Date();
  const textual = isTextual(headers['content-type']);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query !== undefined ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !textual,
  };
}

/** Query string → name → value, percent-decoded, repeats joined by commas; undefined when empty. */
function parseQuery(raw: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    out[name] = Object.hasOwn(out, name) ? `${out[name]},${value}` : value;
    any = true;
  }
  return any ? out : undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isTextual(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded'
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
function clfTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

/** The request body, or undefined past {@link MAX_BODY_BYTES}. */
async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Headers the edge does not pass to the origin: the viewer's conditional request is answered from
 * what the edge holds, and the origin's answer must be a whole one it can share.
 */
const EDGE_STRIPPED: ReadonlySet<string> = new Set(['if-none-match', 'if-modified-since']);

/** The handler's answer as bytes; a handler that throws gives API Gateway's generic 500. */
async function originAnswer(
  handler: ApiHandler,
  event: APIGatewayProxyEventV2,
  onError: (error: unknown) => void,
): Promise<OriginAnswer> {
  let result: APIGatewayProxyStructuredResultV2;
  try {
    result = await handler(event);
  } catch (err) {
    onError(err);
    const body = Buffer.from(JSON.stringify({ message: 'Internal Server Error' }));
    return {
      status: 500,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body,
    };
  }
  return resultAnswer(result);
}

function resultAnswer(result: APIGatewayProxyStructuredResultV2): OriginAnswer {
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded === true ? 'base64' : 'utf8');
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies !== undefined && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  return { status: result.statusCode ?? 200, headers, body };
}

/**
 * An API GET or HEAD through the edge cache: a kept answer (or a 304 when the viewer holds its tag)
 * with `age` and `x-cache` as CloudFront adds them; a miss goes to the origin once per key.
 */
async function serveFromEdge(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  edge: EdgeCache,
  rawPath: string,
  rawQueryString: string,
  origin: () => Promise<OriginAnswer>,
): Promise<void> {
  const key = rawQueryString === '' ? rawPath : `${rawPath}?${rawQueryString}`;
  const got = await edge.get(key, origin);
  if ('answer' in got && !('encoded' in got)) {
    const { status, headers, body } = got.answer;
    return sendBody(req, res, status, { ...headers, 'x-cache': 'Miss from edge' }, body);
  }
  const { entry, outcome } = got as { entry: EdgeEntry; outcome: 'Hit' | 'Miss' };
  const headers: Record<string, string | string[]> = {
    ...entry.answer.headers,
    age: String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000))),
    'x-cache': `${outcome} from edge`,
  };
  const tag = entry.answer.headers.etag;
  const inm = req.headers['if-none-match'];
  if (typeof tag === 'string' && noneMatchHits(Array.isArray(inm) ? inm.join(',') : inm, tag)) {
    delete headers['content-type'];
    return sendBody(req, res, 304, headers, Buffer.alloc(0));
  }
  return sendBody(req, res, entry.answer.status, headers, entry.answer.body, (coding) =>
    edge.encoded(entry, coding, (b) => compress(b, coding)),
  );
}

async function sendResult(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
): Promise<void> {
  const { status, headers, body } = resultAnswer(result);
  await sendBody(req, res, status, { ...headers }, body);
}

/**
 * Sends an answer, compressed when the client accepts it and the body is textual and large enough
 * (`vary: accept-encoding` on what may be compressed, for caches). To a client that accepts
 * compression the `etag` is weak, as nginx makes it, whether this body was compressed
 * or not, so a 304 carries the very tag of the 200 it confirms; the API compares tags weakly.
 */
async function sendBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: Buffer,
  encode: (coding: ContentCoding) => Promise<Buffer> = (coding) => compress(body, coding),
): Promise<void> {
  let sent = body;
  const contentType = headers['content-type'];
  const coding = chooseCoding(req.headers['accept-encoding']);
  const etag = headers.etag;
  if (coding !== undefined && typeof etag === 'string' && !etag.startsWith('W/')) headers.etag = `W/${etag}`;
  if (status === 304 || isCompressible(typeof contentType === 'string' ? contentType : undefined)) {
    headers.vary = 'accept-encoding';
    if (coding !== undefined && body.length >= MIN_COMPRESS_BYTES) {
      sent = await encode(coding);
      headers['content-encoding'] = coding;
    }
  }
  // A 304's length would be its 200's; better none than a wrong one.
  if (status !== 304) headers['content-length'] = String(sent.length);
  res.writeHead(status, headers);
  // Node sends no body for HEAD, but keeps the GET answer's length, as a server should.
  res.end(sent);
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  value: unknown,
  extra: Record<string, string> = {},
): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    ...extra,
    'content-type': 'application/json',
    'content-length': String(body.length),
    'cache-control': 'no-store',
  });
  res.end(body);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** Content type of a static file by its extension. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A file under `root`, or 404. The decoded path is resolved and must stay inside `root`, also after
 * following symbolic links; hidden names (`.env`, `.git/`) are never served. `/config.json` falls
 * back to `{"apiUrl": ""}` (the API is on this same origin).
 */
async function serveStatic(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  root: string,
  rawPath: string,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    return sendJson(res, 405, { message: 'Method Not Allowed' }, { allow: 'GET, HEAD' });
  }
  const file = await resolveStatic(root, rawPath);
  if (file === undefined) {
    if (rawPath === '/config.json') return sendJson(res, 200, { apiUrl: '' });
    return sendJson(res, 404, { message: 'Not Found' });
  }
  const body = await fs.promises.readFile(file);
  const headers = {
    'content-type': contentTypeOf(file),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  await sendBody(req, res, 200, headers, body);
}

async function resolveStatic(root: string, rawPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const segments = decoded.split(/[/\\]/).filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  let file = path.resolve(root, ...segments);
  if (!isInside(root, file)) return undefined;
  try {
    if ((await fs.promises.stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const [realRoot, realFile] = await Promise.all([fs.promises.realpath(root), fs.promises.realpath(file)]);
    if (!isInside(realRoot, realFile) || !(await fs.promises.stat(realFile)).isFile()) return undefined;
    return realFile;
  } catch {
    return undefined;
  }
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' ? !rel.startsWith('..') && !path.isAbsolute(rel) : true;
}
