/** HTTP answers of the query API: JSON bodies, the error shape, and the error thrown to produce one. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CACHE_CONTROL, entityTag, noneMatchHits, type CacheKind } from './caching';
import type { ErrorResponse } from './contract';

/**
 * A request the API refuses, with the status and message the caller sees. Thrown by parameter
 * parsing and routing; anything else that escapes a route is an internal error.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 501,
    message: string,
    /** The query or path parameter at fault (400s). */
    readonly parameter?: string,
    /** Extra headers, e.g. `allow` on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A 400 naming the parameter at fault. */
export function badParameter(parameter: string, message: string): ApiError {
  return new ApiError(400, message, parameter);
}

/** A JSON answer that is never cached (errors). */
export function json(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { ...headers, 'content-type': 'application/json', 'cache-control': CACHE_CONTROL.error },
    body: JSON.stringify(body),
  };
}

/**
 * A 200 JSON answer with its `Cache-Control` and a strong `ETag`, or a 304 without a body when the
 * request's `If-None-Match` names that tag (the client already holds this very answer).
 */
export function cachedJson(
  body: unknown,
  kind: CacheKind,
  ifNoneMatch: string | undefined,
): APIGatewayProxyStructuredResultV2 {
  const text = JSON.stringify(body);
  const etag = entityTag(text);
  const headers = { 'cache-control': CACHE_CONTROL[kind], etag };
  if (noneMatchHits(ifNoneMatch, etag)) return { statusCode: 304, headers };
  return { statusCode: 200, headers: { 'content-type': 'application/json', ...headers }, body: text };
}

/** The JSON answer for a refused request. */
export function errorResponse(err: ApiError): APIGatewayProxyStructuredResultV2 {
  const body: ErrorResponse = {
    error:
      err.parameter === undefined
        ? { message: err.message }
        : { message: err.message, parameter: err.parameter },
  };
  return json(err.status, body, err.headers);
}

/** The answer when the API itself failed: a generic message, the details go to the log only. */
export function internalError(): APIGatewayProxyStructuredResultV2 {
  const body: ErrorResponse = { error: { message: 'internal error; the failure has been logged' } };
  return json(500, body);
}
