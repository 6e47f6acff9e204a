/**
 * The query API as one function from an API Gateway HTTP API (payload 2.0) event to its answer, so
 * the same code serves behind API Gateway in the cloud and behind the local HTTP adapter. Routing is
 * done here rather than by API Gateway routes: one `$default` route, one function, and the 404/405
 * answers stay in the documented JSON shape.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AggregateStore, ArchiveStore, DebateState } from '../../core/ports';
import { compare, extremes, geo, hashtags, health, listDebates, series, type Stores } from './endpoints';
import { readQuery, type Query } from './params';
import { ApiError, errorResponse, internalError, json } from './responses';

export interface QueryApiDeps {
  readonly store: AggregateStore;
  readonly archive: ArchiveStore;
  /**
   * Hears of every failure that is not the caller's (store errors, bugs), to log it; the caller
   * only gets a generic 500. @default ignore
   */
  readonly onError?: (error: unknown, request: { readonly method: string; readonly path: string }) => void;
}

/** The API: an HTTP API event in, a structured answer out. Never rejects. */
export type QueryApi = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

interface DebateRoute {
  readonly params: readonly string[];
  readonly answer: (stores: Stores, debate: DebateState, query: Query) => Promise<unknown>;
}

/** The routes under /debates/{id}/ and the query parameters each takes (the OpenAPI file lists the same). */
const DEBATE_ROUTES: Readonly<Record<string, DebateRoute>> = {
  series: { params: ['candidate', 'from', 'to', 'step'], answer: series },
  extremes: { params: ['candidate', 'from', 'to'], answer: extremes },
  hashtags: { params: ['at', 'window', 'limit'], answer: hashtags },
  compare: { params: ['users', 'from', 'to', 'limit'], answer: compare },
  geo: { params: ['from', 'to'], answer: geo },
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
  return path === '/debates' || path === '/health' || path.startsWith('/debates/');
}

/** The query API over the given stores. */
export function createQueryApi(deps: QueryApiDeps): QueryApi {
  const stores: Stores = { store: deps.store, archive: deps.archive };
  const onError = deps.onError ?? (() => undefined);

  const route = async (
    method: string,
    path: string,
    params: APIGatewayProxyEventV2['queryStringParameters'],
  ) => {
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
      return listDebates(stores);
    }
    if (path === '/health') {
      readQuery(params, []);
      return health(stores);
    }
    const r = debateRoute as DebateRoute;
    const query = readQuery(params, r.params);
    const debate = await findDebate(deps.store, segments[2]);
    return r.answer(stores, debate, query);
  };

  return async (event) => {
    const method = event.requestContext?.http?.method?.toUpperCase() ?? 'GET';
    const path = event.rawPath ?? '/';
    try {
      return json(200, await route(method, path, event.queryStringParameters));
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
