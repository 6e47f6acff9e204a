/**
 * X API failures a person must act on (bad token, wrong access tier, invalid rules), with a plain
 * message naming the fix, versus failures that reconnecting cures. Messages never include the token.
 */
import type { DisconnectCause } from './backoff';
import { redactSecrets } from '../core/redact';
import { problemName } from './payload';

/** Retrying cannot help: the message says what to change. */
export class XActionRequiredError extends Error {
  override name = 'XActionRequiredError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export const TOKEN_FIX =
  'check the bearer token (TRENDOFF_X_BEARER_TOKEN locally, the bearer-token secret in the cloud): it must be the App-only Bearer Token of your X app';

/** What to do about a non-200 answer: a reconnect cause, or an error for a person. */
export function classifyHttpFailure(
  status: number,
  body: string,
  endpoint: string,
): { readonly cause: DisconnectCause } | { readonly error: XActionRequiredError } {
  const problem = parseProblem(body);
  const named = problemName(problem);
  const detail = describeProblem(problem);
  const said = detail === '' ? '' : ` (X says: ${detail})`;
  if (named?.kind === 'too-many-connections') return { cause: 'too-many-connections' };
  if (named?.kind === 'rules-invalid')
    return {
      error: new XActionRequiredError(
        `X rejected the stream's rules${said}: run "trendoff rules sync --debate F" to replace them`,
        status,
      ),
    };
  if (status === 429) return { cause: 'rate-limit' };
  if (status === 401)
    return { error: new XActionRequiredError(`X answered 401 Unauthorized${said}: ${TOKEN_FIX}`, status) };
  if (status === 403)
    return {
      error: new XActionRequiredError(
        `X answered 403 Forbidden${said}: the app's access tier does not include ${endpoint}; ` +
          'attach the app to a Project with filtered-stream access (pay-per-use, Pro or Enterprise) in the X developer portal',
        status,
      ),
    };
  if (status === 404)
    return {
      error: new XActionRequiredError(
        `${endpoint} answered 404 Not Found: check TRENDOFF_X_API_URL (default https://api.x.com)`,
        status,
      ),
    };
  if (status >= 400 && status < 500 && status !== 408 && status !== 420)
    return {
      error: new XActionRequiredError(`X answered ${status} to ${endpoint}${said}; this needs a fix`, status),
    };
  return { cause: 'http' };
}

function parseProblem(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** "title: detail" of an X problem (or its first error), short and with credentials masked, for messages. */
export function describeProblem(problem: unknown): string {
  if (typeof problem !== 'object' || problem === null) return '';
  const p = problem as Record<string, unknown>;
  const errors = Array.isArray(p.errors) ? (p.errors as unknown[]) : [];
  const first = (errors.length > 0 ? errors[0] : p) as Record<string, unknown> | null;
  if (typeof first !== 'object' || first === null) return '';
  const parts = [first.title, first.detail ?? first.message].filter((v) => typeof v === 'string');
  return redactSecrets(parts.join(': ').replace(/\s+/g, ' ')).slice(0, 300);
}
