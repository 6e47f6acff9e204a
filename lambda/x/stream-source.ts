/**
 * The live X filtered stream as a producer source: an async sequence of `SourceLine` batches that
 * holds the connection open for hours, reconnects by X's rules (./backoff.ts), detects stalls
 * (./watchdog.ts), and hands over every line received, raw, so the same producer loop and stream
 * writer serve live and replayed debates. Lines arrive push-style and are queued, so a drop never
 * loses what the socket already delivered; duplicates from reconnect overlaps are dropped by id
 * in the producer (../producer/dedupe-writer.ts). Errors a person must fix end the sequence with
 * an `XActionRequiredError`.
 */
import * as http from 'http';
import * as https from 'https';
import { quarantineLine, type SourceLine } from '../io/post-file';
import { DISCONNECT_CAUSES, ReconnectPolicy, type DisconnectCause } from './backoff';
import { LineSplitter, DEFAULT_MAX_STREAM_LINE_BYTES } from './line-splitter';
import { classifyLine } from './payload';
import { DEFAULT_STALL_MS, KeepAliveWatchdog } from './watchdog';
import { classifyHttpFailure, XActionRequiredError } from './x-errors';
import { backfillMinutesFor, STREAM_PATH, STREAM_QUERY, X_USER_AGENT } from './x-settings';

export interface XStreamOptions {
  /** Base URL, e.g. https://api.x.com. */
  readonly apiUrl: string;
  readonly bearerToken: string;
  readonly userAgent?: string;
  /** Ends the sequence cleanly (Ctrl-C, a Lambda's time budget, a lost lease). */
  readonly signal?: AbortSignal;
  /** Silence that counts as a stall. @default 21 000 (keep-alive every 20 s + 1 s grace) */
  readonly stallMs?: number;
  /** A connection up this long resets every backoff schedule. @default 30 000 */
  readonly healthyAfterMs?: number;
  /** Lines queued before the socket is paused. @default 50 000 */
  readonly maxQueuedLines?: number;
  /** Most lines per yielded batch (queued lines are merged up to it). @default 500 */
  readonly maxBatch?: number;
  /** @default 1 MiB; longer lines go on as quarantine records. */
  readonly maxLineBytes?: number;
  readonly policy?: ReconnectPolicy;
  /**
   * Most minutes a reconnect asks X to backfill (`backfill_minutes`, Enterprise only; see
   * x-settings.ts); the first connection asks nothing unless `resumeAfter` is set. @default 0 (off)
   */
  readonly backfillMinutes?: number;
  /**
   * When a previous run last streamed (epoch ms, a lease hand-over): the first connection then asks
   * for the minutes missed since, like a reconnect.
   */
  readonly resumeAfter?: number;
  /** Clock and sleep, replaceable in tests (the backoff schedule is asserted with a fake sleep). */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Counters of this source (posts, reconnects by cause, time disconnected). */
  readonly stats?: XStreamStats;
  readonly onEvent?: (e: XStreamEvent) => void;
}

export type XStreamEvent =
  /** An attempt starts: a request to `host` is on its way. */
  | { readonly type: 'connecting'; readonly at: number; readonly host: string }
  | { readonly type: 'connected'; readonly at: number }
  | {
      readonly type: 'disconnected';
      readonly at: number;
      readonly cause: DisconnectCause;
      /** Wait before the next attempt. */
      readonly delayMs: number;
      readonly detail: string;
    };

/** What a host reports as metrics. */
export class XStreamStats {
  posts = 0;
  overlong = 0;
  connections = 0;
  readonly reconnects: Record<DisconnectCause, number> = Object.fromEntries(
    DISCONNECT_CAUSES.map((c) => [c, 0]),
  ) as Record<DisconnectCause, number>;
  /** Time from a connection's end (or the start) to the next 200, summed. */
  disconnectedMs = 0;
  /** When the first connection was established (epoch ms), for the hand-over gap. */
  firstConnectedAt: number | undefined;
}

type ConnectionEnd =
  | { readonly kind: 'status'; readonly status: number; readonly body: string }
  | { readonly kind: 'ended'; readonly error: Error | undefined }
  | { readonly kind: 'network'; readonly error: Error };

interface Connection {
  readonly done: Promise<ConnectionEnd>;
  abort(): void;
  pause(): void;
  resume(): void;
}

const ERROR_BODY_LIMIT = 64 * 1024;

function openConnection(
  url: URL,
  headers: Record<string, string>,
  on: { response(status: number): void; data(chunk: Buffer): void },
): Connection {
  let res: http.IncomingMessage | undefined;
  let settled = false;
  let resolveDone!: (end: ConnectionEnd) => void;
  const done = new Promise<ConnectionEnd>((r) => (resolveDone = r));
  const finish = (end: ConnectionEnd): void => {
    if (settled) return;
    settled = true;
    resolveDone(end);
  };
  const transport = url.protocol === 'https:' ? https : http;
  const req = transport.request(url, { method: 'GET', headers, agent: false });
  req.on('error', (error) =>
    finish(res === undefined ? { kind: 'network', error } : { kind: 'ended', error }),
  );
  req.on('response', (r) => {
    res = r;
    on.response(r.statusCode ?? 0);
    if (r.statusCode !== 200) {
      const parts: Buffer[] = [];
      let size = 0;
      r.on('data', (c: Buffer) => {
        if (size < ERROR_BODY_LIMIT) parts.push(c);
        size += c.length;
      });
      const end = (): void =>
        finish({
          kind: 'status',
          status: r.statusCode ?? 0,
          body: Buffer.concat(parts).toString('utf8').slice(0, ERROR_BODY_LIMIT),
        });
      r.on('end', end);
      r.on('close', end);
      r.on('error', end);
      return;
    }
    r.on('data', (c: Buffer) => {
      if (!settled) on.data(c);
    });
    r.on('end', () => finish({ kind: 'ended', error: undefined }));
    r.on('error', (error) => finish({ kind: 'ended', error }));
    r.on('close', () => finish({ kind: 'ended', error: undefined }));
  });
  req.end();
  return {
    done,
    abort: () => {
      req.destroy();
      finish({ kind: 'ended', error: undefined });
    },
    pause: () => res?.pause(),
    resume: () => res?.resume(),
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One streaming session: a background connect/read/reconnect loop feeding a queue of batches. */
class StreamSession {
  private readonly queue: SourceLine[][] = [];
  private queuedLines = 0;
  private wake: (() => void) | undefined;
  private finished = false;
  private failure: Error | undefined;
  private readonly stop = new AbortController();
  private current: Connection | undefined;
  private paused = false;
  private readonly watchdog: KeepAliveWatchdog;
  /** Why the current connection is being ended by this side (stall, a connection message). */
  private endCause: DisconnectCause | undefined;
  private fatal: XActionRequiredError | undefined;
  private seq = 0;

  private readonly policy: ReconnectPolicy;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly stats: XStreamStats;
  private readonly maxQueued: number;
  private readonly splitter: LineSplitter;

  constructor(private readonly o: XStreamOptions) {
    this.policy = o.policy ?? new ReconnectPolicy();
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? abortableSleep;
    this.stats = o.stats ?? new XStreamStats();
    this.maxQueued = o.maxQueuedLines ?? 50_000;
    this.splitter = new LineSplitter(o.maxLineBytes ?? DEFAULT_MAX_STREAM_LINE_BYTES);
    this.watchdog = new KeepAliveWatchdog(o.stallMs ?? DEFAULT_STALL_MS, () => {
      this.endCause ??= 'stall';
      this.current?.abort();
    });
    const external = o.signal;
    if (external !== undefined) {
      if (external.aborted) this.stop.abort();
      else external.addEventListener('abort', () => this.close(), { once: true });
    }
  }

  start(): void {
    this.run().then(
      () => this.end(undefined),
      (err: unknown) => this.end(err instanceof Error ? err : new Error(String(err))),
    );
  }

  /** Stops reading: the connection closes, the sequence ends after what is queued. */
  close(): void {
    this.stop.abort();
    this.current?.abort();
  }

  /**
   * What has arrived, up to `max` lines (a backlog comes out in full batches, a trickle at once);
   * undefined at the end; throws the failure that ended the session.
   */
  async take(max: number): Promise<SourceLine[] | undefined> {
    for (;;) {
      if (this.queue.length > 0) {
        let out = this.queue.shift()!;
        while (this.queue.length > 0 && out.length + this.queue[0]!.length <= max)
          out = out.concat(this.queue.shift()!);
        this.queuedLines -= out.length;
        if (this.paused && this.queuedLines <= this.maxQueued / 2) {
          this.paused = false;
          if (this.current !== undefined) {
            this.current.resume();
            this.watchdog.start();
          }
        }
        return out;
      }
      if (this.finished) {
        if (this.failure !== undefined) throw this.failure;
        return undefined;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private end(failure: Error | undefined): void {
    this.failure = failure;
    this.finished = true;
    this.watchdog.stop();
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async run(): Promise<void> {
    const url = new URL(`${this.o.apiUrl.replace(/\/+$/, '')}${STREAM_PATH}?${STREAM_QUERY}`);
    const headers = {
      authorization: `Bearer ${this.o.bearerToken}`,
      'user-agent': this.o.userAgent ?? X_USER_AGENT,
      accept: 'application/json',
    };
    let disconnectedSince = this.now();
    // End of the last connection that streamed: what a reconnect asks X to backfill from.
    let streamedUntil = this.o.resumeAfter;
    while (!this.stop.signal.aborted) {
      let connectedAt: number | undefined;
      this.endCause = undefined;
      this.splitter.reset();
      this.watchdog.start(); // also bounds the wait for the response headers
      const backfill =
        streamedUntil === undefined
          ? 0
          : backfillMinutesFor(this.o.backfillMinutes ?? 0, this.now() - streamedUntil);
      const attemptUrl = backfill > 0 ? new URL(`${url.href}&backfill_minutes=${backfill}`) : url;
      this.o.onEvent?.({ type: 'connecting', at: this.now(), host: url.host });
      const conn = openConnection(attemptUrl, headers, {
        response: (status) => {
          this.watchdog.poke();
          if (status !== 200) return;
          connectedAt = this.now();
          this.stats.connections++;
          this.stats.firstConnectedAt ??= connectedAt;
          this.stats.disconnectedMs += connectedAt - disconnectedSince;
          this.policy.connected();
          this.o.onEvent?.({ type: 'connected', at: connectedAt });
        },
        data: (chunk) => {
          this.watchdog.poke();
          this.receive(chunk);
        },
      });
      this.current = conn;
      if (this.stop.signal.aborted) conn.abort();
      const end = await conn.done;
      this.watchdog.stop();
      this.current = undefined;
      this.paused = false;
      if (this.stop.signal.aborted) break;
      const endedAt = this.now();
      disconnectedSince = endedAt;
      if (connectedAt !== undefined) streamedUntil = endedAt;
      if (connectedAt !== undefined && endedAt - connectedAt >= (this.o.healthyAfterMs ?? 30_000))
        this.policy.healthy();

      let cause: DisconnectCause;
      let detail: string;
      if (this.endCause !== undefined) {
        cause = this.endCause;
        detail = cause === 'stall' ? `no data for ${this.o.stallMs ?? DEFAULT_STALL_MS} ms` : cause;
      } else if (end.kind === 'status') {
        const verdict = classifyHttpFailure(end.status, end.body, STREAM_PATH);
        if ('error' in verdict) throw verdict.error;
        cause = verdict.cause;
        detail = `HTTP ${end.status}`;
      } else if (end.kind === 'network') {
        cause = 'network';
        detail = end.error.message;
      } else {
        cause = 'drop';
        detail = end.error?.message ?? 'the server closed the stream';
      }
      if (this.fatal !== undefined) throw this.fatal;
      const delayMs = this.policy.next(cause);
      this.stats.reconnects[cause]++;
      this.o.onEvent?.({ type: 'disconnected', at: endedAt, cause, delayMs, detail });
      await this.sleep(delayMs, this.stop.signal);
    }
  }

  private receive(chunk: Buffer): void {
    const { lines, overlong } = this.splitter.push(chunk);
    if (lines.length === 0 && overlong.length === 0) return;
    const batch: SourceLine[] = [];
    for (const bytes of overlong) {
      this.stats.overlong++;
      batch.push({
        line: quarantineLine(
          `X stream line of ${bytes} bytes, over the ${this.splitterLimit()} byte limit`,
          '',
        ),
        createdAt: undefined,
        key: `unreadable-${this.seq++ % 16}`,
      });
    }
    for (const line of lines) {
      const m = classifyLine(line, this.seq++);
      if (m.kind === 'post') {
        batch.push({ line, createdAt: undefined, key: m.key, id: m.id });
        continue;
      }
      // A connection message: X ends this connection; everything before it is kept.
      if (m.kind === 'rules-invalid') {
        this.fatal ??= new XActionRequiredError(
          `X rejected the stream's rules (${m.detail}): run "trendoff rules sync --debate F" to replace them`,
        );
      } else this.endCause ??= m.kind;
      this.current?.abort();
    }
    if (batch.length === 0) return;
    this.stats.posts += batch.length - overlong.length;
    this.queue.push(batch);
    this.queuedLines += batch.length;
    if (!this.paused && this.queuedLines > this.maxQueued) {
      // Held back until the producer catches up; the watchdog waits too, or it would see a stall.
      this.paused = true;
      this.watchdog.stop();
      this.current?.pause();
    }
    this.notify();
  }

  private splitterLimit(): number {
    return this.o.maxLineBytes ?? DEFAULT_MAX_STREAM_LINE_BYTES;
  }
}

/**
 * Streams posts from X's filtered stream until `signal` aborts; throws `XActionRequiredError` when
 * a person must act (bad token, access tier, invalid rules). Every post line is passed on raw.
 */
export async function* xStreamSource(o: XStreamOptions): AsyncGenerator<SourceLine[]> {
  const session = new StreamSession(o);
  session.start();
  try {
    for (;;) {
      const batch = await session.take(o.maxBatch ?? 500);
      if (batch === undefined) return;
      yield batch;
    }
  } finally {
    session.close();
  }
}
