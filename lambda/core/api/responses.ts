/** HTTP answers of the query API: JSON bodies, the error shape, and the error thrown to produce one. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorResponse } from './contract';

/** Headers of every answer: JSON, never cached (the data changes every second during a debate). */
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;

/**
 * A request the API refuses, with the status and message the caller sees. Thrown by parameter
 * parsing and routing; anything else that escapes a route is an internal error.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 405,
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

/** A JSON answer. */
export function json(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...headers, ...JSON_HEADERS }, body: JSON.stringify(body) };
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
