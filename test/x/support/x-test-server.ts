/**
 * A loopback server that speaks X's filtered-stream protocol: newline-delimited JSON posts with
 * `\r\n` keep-alives on `GET /2/tweets/search/stream`, and the rules endpoints. Each connection
 * follows a plan (a queue, or a function for randomised runs): stream N posts, then drop the TCP
 * connection mid-line, stall, end, send `operational-disconnect`, or answer an HTTP error. A post
 * counts as delivered once its whole line was flushed to the socket; a post cut off mid-line is sent
 * again on the next connection, as X would deliver it to a client that stayed connected.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export type ConnectionPlan =
  | { readonly status: number; readonly body?: unknown }
  | {
      /** Posts to send before `then` (default: all that are left). */
      readonly send?: number;
      readonly then?: 'hold' | 'drop-mid-line' | 'stall' | 'end' | 'operational-disconnect';
      /** Lines written before the posts (malformed, huge, error payloads…). */
      readonly extra?: readonly string[];
      /** Posts sent again from before the cursor (a reconnect overlap: duplicates). */
      readonly overlap?: number;
    };

export interface XTestServerOptions {
  readonly token: string;
  /** The posts to deliver, as lines, by index. */
  readonly post: (i: number) => string;
  readonly total: number;
  readonly plans?: ConnectionPlan[];
  readonly nextPlan?: (connection: number) => ConnectionPlan;
  readonly keepAliveMs?: number;
}

export const TOO_MANY_CONNECTIONS = {
  title: 'ConnectionException',
  detail: 'This stream is currently at the maximum allowed connection limit.',
  connection_issue: 'TooManyConnections',
  type: 'https://api.twitter.com/2/problems/streaming-connection',
};

export const OPERATIONAL_DISCONNECT = {
  errors: [
    {
      title: 'operational-disconnect',
      disconnect_type: 'UpstreamOperationalDisconnect',
      detail: 'This stream has been disconnected upstream for operational reasons.',
      type: 'https://api.twitter.com/2/problems/operational-disconnect',
    },
  ],
};

export interface ServerRule {
  readonly id: string;
  readonly value: string;
  readonly tag?: string;
}

export class XTestServer {
  /** Index of the next post to send. */
  cursor = 0;
  /** Posts whose whole line was flushed, by index (repeats count once). */
  readonly delivered: Uint8Array;
  connections = 0;
  active = 0;
  maxActive = 0;
  readonly userAgents: string[] = [];
  readonly paths: string[] = [];
  rules: ServerRule[] = [];
  ruleRequests: { method: string; dryRun: boolean; body: unknown }[] = [];
  private nextRuleId = 1;
  private readonly server: http.Server;
  private readonly sockets = new Set<import('net').Socket>();

  constructor(private readonly o: XTestServerOptions) {
    this.delivered = new Uint8Array(o.total);
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  deliveredCount(): number {
    let n = 0;
    for (const d of this.delivered) n += d;
    return n;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.paths.push(url.pathname + url.search);
    this.userAgents.push(req.headers['user-agent'] ?? '');
    if (req.headers.authorization !== `Bearer ${this.o.token}`) {
      return json(res, 401, {
        title: 'Unauthorized',
        type: 'about:blank',
        status: 401,
        detail: 'Unauthorized',
      });
    }
    if (url.pathname === '/2/tweets/search/stream/rules') return this.rulesEndpoint(req, res, url);
    if (url.pathname !== '/2/tweets/search/stream') return json(res, 404, { title: 'Not Found' });
    const plan = this.o.plans?.shift() ?? this.o.nextPlan?.(this.connections) ?? {};
    this.connections++;
    if ('status' in plan) return json(res, plan.status, plan.body ?? { title: `status ${plan.status}` });
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    res.on('close', () => this.active--);
    await this.stream(res, plan);
  }

  private async stream(res: http.ServerResponse, plan: Exclude<ConnectionPlan, { status: number }>) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    let open = true;
    res.on('close', () => (open = false));
    // Resolves once the text is handed to the socket (or the connection is gone), so "delivered"
    // never counts bytes still in this process's buffers when a drop destroys the socket.
    const write = (text: string): Promise<void> =>
      new Promise((resolve) => {
        if (!open) return resolve();
        const done = (): void => {
          res.off('close', done);
          resolve();
        };
        res.on('close', done);
        res.write(text, done);
      });
    for (const line of plan.extra ?? []) await write(line + '\r\n');
    if (plan.overlap) this.cursor = Math.max(0, this.cursor - plan.overlap);
    let left = plan.send ?? Infinity;
    while (open && left > 0 && this.cursor < this.o.total) {
      const n = Math.min(256, left, this.o.total - this.cursor);
      let text = '';
      for (let i = 0; i < n; i++) text += this.o.post(this.cursor + i) + '\r\n';
      const from = this.cursor;
      await write(text);
      if (!open) break;
      for (let i = from; i < from + n; i++) this.delivered[i] = 1;
      this.cursor = from + n;
      left -= n;
    }
    if (!open) return;
    switch (plan.then ?? 'hold') {
      case 'drop-mid-line': {
        const next = this.cursor < this.o.total ? this.o.post(this.cursor) : '{"data":{"id":"cut';
        await write(next.slice(0, Math.max(1, Math.floor(next.length / 2))));
        res.socket?.destroy();
        return;
      }
      case 'stall':
        return; // silent until the client gives up
      case 'end':
        res.end();
        return;
      case 'operational-disconnect':
        await write(JSON.stringify(OPERATIONAL_DISCONNECT) + '\r\n');
        res.end();
        return;
      case 'hold': {
        const timer = setInterval(() => res.write('\r\n'), this.o.keepAliveMs ?? 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
    }
  }

  private async rulesEndpoint(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const dryRun = url.searchParams.get('dry_run') === 'true';
    if (req.method === 'GET') {
      return json(res, 200, {
        ...(this.rules.length > 0 ? { data: this.rules } : {}),
        meta: { sent: new Date().toISOString(), result_count: this.rules.length },
      });
    }
    let raw = '';
    for await (const c of req) raw += String(c);
    const body = JSON.parse(raw) as { add?: { value: string; tag?: string }[]; delete?: { ids: string[] } };
    this.ruleRequests.push({ method: req.method ?? '', dryRun, body });
    if (body.add !== undefined) {
      const bad = body.add.filter((r) => r.value.length > 1024);
      if (bad.length > 0 || this.rules.length + body.add.length > 1000)
        return json(res, 400, { title: 'Invalid Request', detail: 'rule too long or too many rules' });
      const created = body.add.map((r) => ({ id: String(this.nextRuleId++), value: r.value, tag: r.tag }));
      if (!dryRun) this.rules.push(...created);
      return json(res, 201, {
        data: created,
        meta: { summary: { created: created.length, not_created: 0, valid: created.length, invalid: 0 } },
      });
    }
    const ids = new Set(body.delete?.ids ?? []);
    const deleted = this.rules.filter((r) => ids.has(r.id)).length;
    if (!dryRun) this.rules = this.rules.filter((r) => !ids.has(r.id));
    return json(res, 200, { meta: { summary: { deleted, not_deleted: ids.size - deleted } } });
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A small well-formed v2 stream payload for post `i`. */
export function v2Post(i: number): string {
  return (
    `{"data":{"id":"${1_000_000 + i}","text":"post ${i} about the debate","author_id":"${i % 997}",` +
    `"created_at":"2015-09-16T23:00:00.000Z"},"matching_rules":[{"id":"1","tag":"debate"}]}`
  );
}

/** The index of a v2Post line, or -1. */
export function postIndex(line: string): number {
  const m = /^\{"data":\{"id":"(\d+)"/.exec(line);
  return m === null ? -1 : Number(m[1]) - 1_000_000;
}
