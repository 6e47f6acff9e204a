/**
 * One line for a person when a command fails: what went wrong and what to do about it, for the
 * failures a user meets (a busy port, no AWS credentials, an unreachable or silent server, X
 * refusing the token). Anything else is shown by its message, with a pointer to --debug, which
 * prints the stack. Credentials that slipped into a message are masked.
 */
import { redactSecrets } from '../../lambda/core/redact';
import { TIMEOUT_ENV } from '../../lambda/adapters/network-timeouts';
import { XActionRequiredError } from '../../lambda/x/x-errors';

interface ErrorFields {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly port?: number;
  readonly address?: string;
  readonly hostname?: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly cause?: unknown;
  readonly errors?: unknown[];
  readonly $metadata?: unknown;
}

/** The error and its causes, outermost first (an AggregateError counts by its first error). */
function chain(err: unknown): ErrorFields[] {
  const out: ErrorFields[] = [];
  let e: unknown = err;
  while (typeof e === 'object' && e !== null && out.length < 8) {
    const f = e as ErrorFields;
    out.push(f);
    e = f.cause ?? (Array.isArray(f.errors) ? f.errors[0] : undefined);
  }
  return out;
}

const firstLine = (s: string | undefined): string => (s ?? '').split('\n')[0]!.trim();

function endpointOf(f: ErrorFields): string {
  if (f.hostname !== undefined) return f.hostname;
  if (f.address !== undefined) return f.port === undefined ? f.address : `${f.address}:${f.port}`;
  return 'the server';
}

/** The known kinds, by what the error or one of its causes says about itself. */
function known(errors: readonly ErrorFields[]): string | undefined {
  for (const f of errors) {
    // Its message already says what to change (the token, the access tier, the rules).
    if (f instanceof XActionRequiredError) return f.message;
    if (f.code === 'EADDRINUSE')
      return `${f.port === undefined ? 'the port' : `port ${f.port}`} is already in use: stop the program using it, or pass --port 0 to take any free port`;
    if (f.code === 'EACCES' && f.syscall === 'listen')
      return `not allowed to listen on port ${f.port}: choose a port above 1023, or --port 0 for any free port`;
    if (f.name === 'CredentialsProviderError')
      return (
        'no AWS credentials found: run "aws configure" (or "aws sso login"), or set AWS_PROFILE, ' +
        'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
      );
    if (f.code === 'ECONNREFUSED')
      return `cannot connect to ${endpointOf(f)} (connection refused): check the endpoint setting (AWS_ENDPOINT_URL_*, TRENDOFF_X_API_URL) and that the service is running`;
    if (f.code === 'ENOTFOUND' || f.code === 'EAI_AGAIN')
      return `cannot resolve the host name ${endpointOf(f)}: check the URL and the network connection`;
    if (f.code === 'ECONNRESET')
      return `${endpointOf(f)} closed the connection: check the endpoint, then try again`;
    if (f.name === 'TimeoutError' || f.code === 'ETIMEDOUT') {
      const ms = /(\d+) ?ms/.exec(f.message ?? '')?.[1];
      const attempts = (f.$metadata as { attempts?: number } | undefined)?.attempts;
      return (
        `no answer ${ms === undefined ? 'in time' : `within ${ms} ms`}${attempts! > 1 ? `, ${attempts} attempts` : ''}: ` +
        `check the network and the endpoint, or allow longer with ${TIMEOUT_ENV}`
      );
    }
  }
  return undefined;
}

/** An AWS service's error answer (it carries the SDK's $metadata): its code and message. */
function awsServiceError(f: ErrorFields): string | undefined {
  if (f.$metadata === undefined || f.name === undefined) return undefined;
  const credentials =
    /^(UnrecognizedClient|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|AuthFailure|InvalidAccessKeyId)/;
  const denied = /AccessDenied|UnauthorizedOperation|NotAuthorized/;
  const fix = credentials.test(f.name)
    ? ': check your AWS credentials (aws sts get-caller-identity shows whose they are)'
    : denied.test(f.name)
      ? ': your AWS identity lacks a permission; ask for it or use another profile'
      : '';
  return `AWS answered ${f.name}: ${firstLine(f.message)}${fix}`;
}

/** The line to print for `err` (without the command's prefix). */
export function failureLine(err: unknown): string {
  const errors = chain(err);
  const outer = errors[0];
  const line =
    known(errors) ??
    (outer === undefined ? undefined : awsServiceError(outer)) ??
    (outer?.code === 'ENOENT' && outer.path !== undefined
      ? `no such file or folder: ${outer.path}`
      : `${firstLine(outer?.message ?? String(err)) || String(err)} (unexpected: run again with --debug for the details)`);
  return redactSecrets(line.replace(/\s+/g, ' '));
}

/** Everything known about `err`, for --debug: the stack and each cause's. */
export function debugReport(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && depth < 8; depth++) {
    parts.push((depth === 0 ? '' : 'caused by: ') + ((e as Error)?.stack ?? String(e)));
    e = typeof e === 'object' && e !== null ? (e as ErrorFields).cause : undefined;
  }
  return redactSecrets(parts.join('\n'));
}
