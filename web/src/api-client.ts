/**
 * A typed client for the query API. Response types come from the API's own contract (types
 * only, so nothing of the server is bundled). Every failure becomes an `ApiError` whose message
 * can be shown to a person as is. Asking a path again for the same URL sends the last answer's
 * `etag` as `if-none-match`; a 304 then costs no body and yields the answer already held.
 */
import type {
  CompareResponse,
  DebatesResponse,
  ErrorResponse,
  ExtremesResponse,
  GeoResponse,
  HashtagsResponse,
  HealthResponse,
  LiveResponse,
  SeriesColumnsResponse,
  WordShiftResponse,
} from '../../lambda/core/api/contract';
import { NO_STORE } from './no-store';
import type { ViewWindow } from './time-window';

/** A request that did not yield the expected JSON: network failure, timeout, HTTP error or bad body. */
export class ApiError extends Error {
  constructor(
    /** The API path asked for, e.g. `/debates/x/series`. */
    readonly path: string,
    /** HTTP status, or null when no response arrived. */
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The API's base URL, with a trailing slash so paths join under it (an API Gateway stage such as
 * `/prod` is kept). An empty `apiUrl` means the page's own origin.
 */
export function resolveApiBase(apiUrl: string, pageUrl: string): string {
  const base = new URL(apiUrl === '' ? '/' : apiUrl, pageUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return base.href;
}

/** The last answer of a path: its URL, tag and body. */
interface HeldAnswer {
  readonly url: string;
  readonly etag: string;
  readonly body: unknown;
}

export class ApiClient {
  /** One answer per path, so polling a moving window holds no more than the current one. */
  private readonly held = new Map<string, HeldAnswer>();

  constructor(
    private readonly baseUrl: string,
    /** A poll must not hang behind a stuck request: give up after this long. */
    private readonly timeoutMs = 8000,
  ) {}

  debates(): Promise<DebatesResponse> {
    return this.get<DebatesResponse>(['debates'], {}, 'debates');
  }

  health(): Promise<HealthResponse> {
    return this.get<HealthResponse>(['health'], {}, 'debates');
  }

  /**
   * Every candidate's series over the window, as columns; with `since`, only the steps from the
   * one holding it (see `SeriesCache`).
   */
  series(debateId: string, window: ViewWindow, since?: number): Promise<SeriesColumnsResponse> {
    const query = {
      from: String(window.from),
      to: String(window.to),
      step: String(window.stepMs),
      ...(since !== undefined ? { since: String(since) } : {}),
      format: 'columns',
    };
    return this.get<SeriesColumnsResponse>(['debates', debateId, 'series'], query, 'series');
  }

  /**
   * The dashboard's whole poll: the window following the newest post (`windowMs` long, at most
   * `points` steps), its series as columns (from `since` on), extremes and trending hashtags.
   */
  live(debateId: string, view: { windowMs: number; points: number }, since?: number): Promise<LiveResponse> {
    const query = {
      window: String(view.windowMs),
      points: String(view.points),
      ...(since !== undefined ? { since: String(since) } : {}),
    };
    return this.get<LiveResponse>(['debates', debateId, 'live'], query, 'series.series');
  }

  /** Every candidate's most positive and most negative post over the window. */
  extremes(debateId: string, window: ViewWindow): Promise<ExtremesResponse> {
    const query = { from: String(window.from), to: String(window.to) };
    return this.get<ExtremesResponse>(['debates', debateId, 'extremes'], query, 'extremes');
  }

  /** The top hashtags of the sliding window of `windowMs` ending at `at`. */
  hashtags(debateId: string, at: number, windowMs: number, limit: number): Promise<HashtagsResponse> {
    const query = { at: String(at), window: String(windowMs), limit: String(limit) };
    return this.get<HashtagsResponse>(['debates', debateId, 'hashtags'], query, 'hashtags');
  }

  /** Geotagged posts created in [from, to). */
  geo(debateId: string, from: number, to: number): Promise<GeoResponse> {
    const query = { from: String(from), to: String(to) };
    return this.get<GeoResponse>(['debates', debateId, 'geo'], query, 'posts');
  }

  /** Two accounts' words over the whole debate. */
  compare(debateId: string, users: readonly [string, string]): Promise<CompareResponse> {
    return this.get<CompareResponse>(['debates', debateId, 'compare'], { users: users.join(',') }, 'shared');
  }

  /** Which words moved a candidate's mean over [from, to) against a reference. */
  wordshift(
    debateId: string,
    candidate: string,
    from: number,
    to: number,
    reference: 'previous' | 'sofar',
    limit: number,
  ): Promise<WordShiftResponse> {
    const query = { candidate, from: String(from), to: String(to), reference, limit: String(limit) };
    return this.get<WordShiftResponse>(['debates', debateId, 'wordshift'], query, 'words');
  }

  private async get<T>(
    segments: readonly string[],
    query: Readonly<Record<string, string>>,
    /** Where the answer must hold an array (a dotted path), as a check of its shape. */
    arrayField: string,
  ): Promise<T> {
    const path = `/${segments.map(encodeURIComponent).join('/')}`;
    const url = new URL(path.slice(1), this.baseUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);

    const held = this.held.get(path);
    const conditional = held !== undefined && held.url === url.href ? held : undefined;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/json',
          ...(conditional !== undefined ? { 'if-none-match': conditional.etag } : {}),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
        ...NO_STORE,
      });
    } catch (e) {
      const why =
        e instanceof DOMException && e.name === 'TimeoutError' ? 'no answer in time' : 'unreachable';
      throw new ApiError(path, null, `cannot reach the API (${why}) at ${url.origin}`);
    }
    if (response.status === 304 && conditional !== undefined) return conditional.body as T;
    const text = await response.text().catch(() => '');
    const body = parseJson(text);
    if (!response.ok) {
      const detail = errorMessage(body);
      const reason = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      throw new ApiError(path, response.status, `${path} answered ${reason}${detail ? `: ${detail}` : ''}`);
    }
    // A light shape check turns a wrong endpoint (say, an HTML page) into a clear message.
    if (!Array.isArray(field(body, arrayField))) {
      throw new ApiError(path, response.status, `${path} did not answer the expected JSON`);
    }
    const etag = response.headers.get('etag');
    if (etag !== null) this.held.set(path, { url: url.href, etag, body });
    else this.held.delete(path);
    return body as T;
  }
}

/** The value at a dotted path of a JSON body (`series.series`), or undefined. */
function field(body: unknown, dotted: string): unknown {
  let v = body;
  for (const name of dotted.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[name];
  }
  return v;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorMessage(body: unknown): string | undefined {
  const error = (body as Partial<ErrorResponse> | undefined)?.error;
  if (typeof error?.message !== 'string') return undefined;
  return error.parameter ? `${error.message} (parameter ${error.parameter})` : error.message;
}
