/**
 * How long any network call may take, and how often it is tried, for every client trendoff builds
 * (AWS SDK clients, X's rules API, the X stream's connect): a server that accepts a connection and
 * never answers must end in an error naming it, not a silent hang. `TRENDOFF_TIMEOUT_MS` overrides
 * the per-attempt timeout (tests use a short one; a slow network may want a longer one).
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';

export const TIMEOUT_ENV = 'TRENDOFF_TIMEOUT_MS';
/** Longest wait for a connection, and then for the answer's headers, before an attempt fails. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Tries per call, the first included (the SDK's standard retry mode backs off between them). */
export const MAX_ATTEMPTS = 3;

/** The per-attempt timeout: `TRENDOFF_TIMEOUT_MS` when it is a positive number, else the default. */
export function timeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env[TIMEOUT_ENV];
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_TIMEOUT_MS;
}

/**
 * An AWS SDK client's HTTP/1.1 handler and retry settings: the connection must open, and the answer
 * start, within the timeout (a body being read slowly, like a replay paced by --speed, is not cut
 * off), and each call is tried `MAX_ATTEMPTS` times.
 */
export function awsNetworkSettings(env: Record<string, string | undefined> = process.env): {
  requestHandler: NodeHttpHandler;
  maxAttempts: number;
} {
  const ms = timeoutMs(env);
  return {
    requestHandler: new NodeHttpHandler({
      connectionTimeout: ms,
      requestTimeout: ms,
      throwOnRequestTimeout: true,
    }),
    maxAttempts: MAX_ATTEMPTS,
  };
}
