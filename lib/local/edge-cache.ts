/**
 * The local stand-in for the dashboard's CloudFront behaviour in front of the query API: a shared
 * cache keyed on the path and the whole query string that keeps each answer as long as its
 * `Cache-Control` says (within the cache policy's TTLs, {@link EDGE_TTL_SECONDS}), collapses
 * concurrent misses of one key into one origin request, answers with an expired answer within its
 * `stale-while-revalidate` while one request fetches the next, and answers `If-None-Match` from
 * what it holds. So, as in the cloud, N viewers of one view cost about one origin request per TTL, and
 * local figures of what looking costs are the ones a deployment gives.
 */
import { EDGE_TTL_SECONDS } from '../../lambda/core/api/caching';

/** An answer as the origin gave it: status, lower-case headers, body bytes. */
export interface OriginAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer;
}

/** A kept answer, with a slot per content coding so each is compressed once. */
export interface EdgeEntry {
  readonly answer: OriginAnswer;
  /** When it was stored, ms since the epoch (the `Age` header counts from here). */
  readonly storedAt: number;
  readonly expiresAt: number;
  /** Until when it may still be served while a fresh one is fetched (stale-while-revalidate). */
  readonly staleUntil: number;
  /** The body in each content coding asked for so far. */
  readonly encoded: Map<string, Promise<Buffer>>;
}

export interface EdgeCacheOptions {
  /** Upper bound of the bodies kept, bytes; the least recently used go first. @default 64 MiB */
  readonly maxBytes?: number;
  /** The clock. @default Date.now */
  readonly now?: () => number;
}

/** How a lookup was answered, for the `x-cache` header (CloudFront's own words). */
export type EdgeOutcome = 'Hit' | 'Miss';

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * How long an answer may be kept, in seconds: its `max-age` clamped to the policy's TTLs (the
 * default when it names none); 0 (not kept) for anything but a 200 and for `no-store`/`private`.
 */
export function edgeTtlSeconds(answer: OriginAnswer): number {
  const directives = cacheDirectives(answer);
  if (answer.status !== 200 || directives.some((d) => d === 'no-store' || d === 'private')) return 0;
  const asked = directiveSeconds(directives, 'max-age') ?? EDGE_TTL_SECONDS.default;
  return Math.min(EDGE_TTL_SECONDS.max, Math.max(EDGE_TTL_SECONDS.min, asked));
}

/** Seconds after its TTL an answer may still be served while the next is fetched. */
export function staleSeconds(answer: OriginAnswer): number {
  return edgeTtlSeconds(answer) === 0
    ? 0
    : (directiveSeconds(cacheDirectives(answer), 'stale-while-revalidate') ?? 0);
}

function cacheDirectives(answer: OriginAnswer): string[] {
  const header = answer.headers['cache-control'];
  return (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
}

function directiveSeconds(directives: readonly string[], name: string): number | undefined {
  for (const d of directives) {
    const m = /^([a-z-]+)=(\d+)$/.exec(d);
    if (m !== null && m[1] === name) return Number(m[2]);
  }
  return undefined;
}

export class EdgeCache {
  private readonly entries = new Map<string, EdgeEntry>();
  private readonly pending = new Map<string, Promise<EdgeEntry | OriginAnswer>>();
  private readonly maxBytes: number;
  private readonly now: () => number;
  private bytes = 0;

  constructor(options: EdgeCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.now = options.now ?? Date.now;
  }

  /** How many answers are kept now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The answer for `key`: a fresh kept one, or the one an origin request already under way for the
   * key gives, or a new origin request's. Answers that may not be kept are handed back as they
   * came, to this caller only (an error is not shared with callers that did not wait for it).
   */
  async get(
    key: string,
    origin: () => Promise<OriginAnswer>,
  ): Promise<{ entry: EdgeEntry; outcome: EdgeOutcome } | { answer: OriginAnswer }> {
    const kept = this.fresh(key);
    if (kept !== undefined) return { entry: kept, outcome: 'Hit' };
    const stale = this.stale(key);
    if (stale !== undefined) {
      // One refresh at a time; whoever asks meanwhile gets the stale answer at once.
      if (!this.pending.has(key)) this.refresh(key, origin);
      return { entry: stale, outcome: 'Hit' };
    }
    let flight = this.pending.get(key);
    const joined = flight !== undefined;
    if (flight === undefined) {
      flight = origin().then((answer) => this.store(key, answer));
      this.pending.set(key, flight);
      const settle = (): void => {
        if (this.pending.get(key) === flight) this.pending.delete(key);
      };
      flight.then(settle, settle);
    }
    const got = await flight;
    if ('answer' in got && 'encoded' in got) return { entry: got, outcome: joined ? 'Hit' : 'Miss' };
    if (joined) return { answer: await origin() };
    return { answer: got };
  }

  /** The body of an entry in a content coding, made once per entry and coding. */
  encoded(entry: EdgeEntry, coding: string, encode: (body: Buffer) => Promise<Buffer>): Promise<Buffer> {
    let body = entry.encoded.get(coding);
    if (body === undefined) {
      body = encode(entry.answer.body);
      entry.encoded.set(coding, body);
      body.catch(() => entry.encoded.delete(coding));
    }
    return body;
  }

  /** Fetches the next answer for `key` in the background; a failure leaves the kept one in place. */
  private refresh(key: string, origin: () => Promise<OriginAnswer>): void {
    const flight = origin().then((answer) => this.store(key, answer));
    this.pending.set(key, flight);
    const settle = (): void => {
      if (this.pending.get(key) === flight) this.pending.delete(key);
    };
    flight.then(settle, settle);
  }

  /** An expired entry still within its stale-while-revalidate window. */
  private stale(key: string): EdgeEntry | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.staleUntil > this.now() ? entry : undefined;
  }

  private fresh(key: string): EdgeEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      if (entry.staleUntil <= this.now()) this.drop(key, entry);
      return undefined;
    }
    // Most recently used last, so eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private store(key: string, answer: OriginAnswer): EdgeEntry | OriginAnswer {
    const ttl = edgeTtlSeconds(answer);
    if (ttl === 0 || answer.body.length > this.maxBytes) return answer;
    const storedAt = this.now();
    const expiresAt = storedAt + ttl * 1000;
    const staleUntil = expiresAt + staleSeconds(answer) * 1000;
    const entry: EdgeEntry = { answer, storedAt, expiresAt, staleUntil, encoded: new Map() };
    const old = this.entries.get(key);
    if (old !== undefined) this.drop(key, old);
    this.entries.set(key, entry);
    this.bytes += answer.body.length;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k, e);
    }
    return entry;
  }

  private drop(key: string, entry: EdgeEntry): void {
    this.entries.delete(key);
    this.bytes -= entry.answer.body.length;
  }
}
