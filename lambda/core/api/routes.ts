/**
 * The query API as one function from an API Gateway HTTP API (payload 2.0) event to its answer, so
 * the same code serves behind API Gateway in the cloud and behind the local HTTP adapter. Routing is
 * done here rather than by API Gateway routes: one `$default` route, one function, and the 404/405
 * answers stay in the documented JSON shape.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AggregateStore, ArchiveStore, DebateState } from '../../core/ports';
import { windowKind, type CacheKind } from './caching';
import { API_BASE_PATH, type PipelineInfo } from './contract';
import {
  compare,
  extremes,
  geo,
  hashtags,
  health,
  listDebates,
  live,
  series,
  wordshift,
  type Stores,
} from './endpoints';
import { readQuery, type Query } from './params';
import { ApiError, cachedJson, errorResponse, internalError } from './responses';
import { SettledWords } from './settled-words';

export interface QueryApiDeps {
  readonly store: AggregateStore;
  readonly archive: ArchiveStore;
  /** The labMT 1.0 word list, for word shifts of debates scored with labmt. @default none (501) */
  readonly labmtWords?: ReadonlyMap<string, number>;
  /**
   * Hears of every failure that is not the caller's (store errors, bugs), to log it; the caller
   * only gets a generic 500. @default ignore
   */
  readonly onError?: (error: unknown, request: { readonly method: string; readonly path: string }) => void;
  /** The pipeline's state for /health, where the host knows it (`trendoff local`). @default not reported */
  readonly pipeline?: () => PipelineInfo;
}

/** The API: an HTTP API event in, a structured answer out. Never rejects. */
export type QueryApi = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** An answer and how long it may be cached. */
interface Answer {
  readonly body: unknown;
  readonly cache: CacheKind;
}

interface DebateRoute {
  readonly params: readonly string[];
  readonly answer: (stores: Stores, debate: DebateState, query: Query) => Promise<Answer>;
}

/**
 * A route over the debate's aggregates, cached for good once `end` of its answer (where its data
 * ends) is settled, for a second while it is not.
 */
function windowRoute<T>(
  params: readonly string[],
  answer: (stores: Stores, debate: DebateState, query: Query) => Promise<T>,
  end: (body: T) => string,
): DebateRoute {
  return {
    params,
    answer: async (stores, debate, query) => {
      const body = await answer(stores, debate, query);
      return { body, cache: windowKind(debate, Date.parse(end(body))) };
    },
  };
}

/** The routes under /debates/{id}/ and the query parameters each takes (the OpenAPI file lists the same). */
const DEBATE_ROUTES: Readonly<Record<string, DebateRoute>> = {
  series: windowRoute(['candidate', 'from', 'to', 'step', 'since', 'format'], series, (b) => b.to),
  extremes: windowRoute(['candidate', 'from', 'to'], extremes, (b) => b.to),
  hashtags: windowRoute(['at', 'window', 'limit'], hashtags, (b) => b.at),
  compare: {
    params: ['users', 'from', 'to', 'limit'],
    answer: async (stores, debate, query) => ({
      body: await compare(stores, debate, query),
      cache: 'archive',
    }),
  },
  geo: windowRoute(['from', 'to'], geo, (b) => b.to),
  live: windowRoute(['window', 'points', 'since'], live, (b) => b.window.to),
  wordshift: windowRoute(['candidate', 'from', 'to', 'reference', 'limit'], wordshift, (b) => b.to),
};

/** Every route as `path template → query parameters`, for documentation checks. */
export const ROUTE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  '/debates': [],
  ...Object.fromEntries(
    Object.entries(DEBATE_ROUTES).map(([name, r]) => [`/debates/{id}/${name}`, r.params]),
  ),
  '/health': [],
};

const ALLOWED_METHODS = ['GET', 'HEAD'];

/** Debate ids are lower-case letters, digits and `-` (see the debate config); anything else is unknown. */
const DEBATE_ID = /^[a-z0-9-]{1,64}$/;

/** Whether a request path belongs to the API (the local server sends everything else to static files). */
export function isApiPath(path: string): boolean {
  const route = routePath(path);
  return route === '/debates' || route === '/health' || route.startsWith('/debates/');
}

/** The route a request path names: the path itself, or the part after {@link API_BASE_PATH}. */
function routePath(path: string): string {
  return path.startsWith(`${API_BASE_PATH}/`) ? path.slice(API_BASE_PATH.length) : path;
}

/** The query API over the given stores. */
export function createQueryApi(deps: QueryApiDeps): QueryApi {
  const stores: Stores = {
    store: deps.store,
    archive: deps.archive,
    labmtWords: deps.labmtWords,
    pipeline: deps.pipeline,
    settledWords: new SettledWords(),
  };
  const onError = deps.onError ?? (() => undefined);

  const route = async (
    method: string,
    path: string,
    params: APIGatewayProxyEventV2['queryStringParameters'],
  ): Promise<Answer> => {
    const segments = path.split('/');
    const top = path === '/debates' || path === '/health';
    const sub = segments.length === 4 && segments[0] === '' && segments[1] === 'debates' ? segments[3] : '';
    const debateRoute = Object.hasOwn(DEBATE_ROUTES, sub) ? DEBATE_ROUTES[sub] : undefined;
    if (!top && debateRoute === undefined) {
      throw new ApiError(404, `no route ${clip(path)} (routes: ${Object.keys(ROUTE_PARAMS).join(', ')})`);
    }
    if (!ALLOWED_METHODS.includes(method)) {
      throw new ApiError(405, `method ${clip(method)} is not allowed; use GET`, undefined, {
        allow: ALLOWED_METHODS.join(', '),
      });
    }
    if (path === '/debates') {
      readQuery(params, []);
      return { body: await listDebates(stores), cache: 'live' };
    }
    if (path === '/health') {
      readQuery(params, []);
      return { body: await health(stores), cache: 'live' };
    }
    const r = debateRoute as DebateRoute;
    const query = readQuery(params, r.params);
    const debate = await findDebate(deps.store, segments[2]);
    return r.answer(stores, debate, query);
  };

  return async (event) => {
    const method = event.requestContext?.http?.method?.toUpperCase() ?? 'GET';
    const path = routePath(event.rawPath ?? '/');
    try {
      const { body, cache } = await route(method, path, event.queryStringParameters);
      return cachedJson(body, cache, event.headers?.['if-none-match']);
    } catch (err) {
      if (err instanceof ApiError) return errorResponse(err);
      onError(err, { method, path });
      return internalError();
    }
  };
}

/** The debate a path names, or a 404 (ids that cannot exist are refused before reaching the store). */
async function findDebate(store: AggregateStore, rawId: string): Promise<DebateState> {
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    id = '';
  }
  const debate = DEBATE_ID.test(id) ? await store.getDebate(id) : undefined;
  if (debate === undefined) throw new ApiError(404, `unknown debate "${clip(id || rawId)}"`);
  return debate;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
