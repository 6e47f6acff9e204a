/**
 * The filtered stream's rules endpoints: list, add, delete (each optionally as a dry run), and sync,
 * which applies only the difference to the wanted rules. Failures a person must fix throw
 * `XActionRequiredError`; the token is sent, never reported. Every request has a timeout; reads are
 * tried again after a network failure, a timeout or a 5xx, writes are not (`sync` is safe to rerun:
 * it applies only what still differs).
 */
import type { StreamRule } from '../core/stream-rules';
import { diffRules, type ExistingRule, type RulesDiff } from './rules-diff';
import { MAX_ATTEMPTS, timeoutMs } from '../adapters/network-timeouts';
import { classifyHttpFailure, describeProblem, XActionRequiredError } from './x-errors';
import { RULES_PATH, X_API_URL_ENV, X_USER_AGENT } from './x-settings';

/** Rules per add or delete request, to keep each request small. */
export const RULES_PER_REQUEST = 100;

export interface RulesClientOptions {
  readonly apiUrl: string;
  readonly bearerToken: string;
  readonly userAgent?: string;
  readonly fetch?: typeof fetch;
  /** Per attempt, until the answer's headers. @default `timeoutMs()` (TRENDOFF_TIMEOUT_MS, else 30 s) */
  readonly timeoutMs?: number;
  /** Pause before a read is tried again, times the attempt number. @default 1000 */
  readonly retryDelayMs?: number;
  /** Told before a read is tried again, with what failed (for a person waiting). */
  readonly onRetry?: (failure: string, attempt: number, attempts: number) => void;
}

/** A failure another attempt may cure: no answer, or a 5xx. Its message names the fix. */
export class TransientRulesError extends Error {
  override name = 'TransientRulesError';
}

export class XRulesClient {
  private readonly fetch: typeof fetch;
  constructor(private readonly o: RulesClientOptions) {
    this.fetch = o.fetch ?? fetch;
  }

  async list(): Promise<ExistingRule[]> {
    const body = (await this.call('GET', '')) as { data?: ExistingRule[] };
    return (body.data ?? []).map((r) => ({ id: r.id, value: r.value, ...(r.tag ? { tag: r.tag } : {}) }));
  }

  async add(rules: readonly StreamRule[], dryRun: boolean): Promise<void> {
    for (let i = 0; i < rules.length; i += RULES_PER_REQUEST) {
      const body = (await this.call('POST', dryRun ? '?dry_run=true' : '', {
        add: rules.slice(i, i + RULES_PER_REQUEST).map((r) => ({ value: r.value, tag: r.tag })),
      })) as { errors?: unknown[]; meta?: { summary?: { invalid?: number; not_created?: number } } };
      const s = body.meta?.summary;
      if ((s?.invalid ?? 0) > 0 || (s?.not_created ?? 0) > 0)
        throw new XActionRequiredError(
          `X did not accept ${s?.invalid ?? s?.not_created} rule(s) (${describeProblem(body)}): check the debate config's terms with "trendoff validate"`,
        );
    }
  }

  async delete(ids: readonly string[], dryRun: boolean): Promise<void> {
    for (let i = 0; i < ids.length; i += RULES_PER_REQUEST) {
      await this.call('POST', dryRun ? '?dry_run=true' : '', {
        delete: { ids: ids.slice(i, i + RULES_PER_REQUEST) },
      });
    }
  }

  /** Applies only what differs from `wanted` (deletions first); returns the change. */
  async sync(wanted: readonly StreamRule[], dryRun: boolean): Promise<RulesDiff> {
    const diff = diffRules(wanted, await this.list());
    await this.delete(
      diff.delete.map((r) => r.id),
      dryRun,
    );
    await this.add(diff.add, dryRun);
    return diff;
  }

  private async call(method: 'GET' | 'POST', query: string, body?: unknown): Promise<unknown> {
    const attempts = method === 'GET' ? MAX_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(method, query, body);
      } catch (err) {
        if (!(err instanceof TransientRulesError) || attempt >= attempts) throw err;
        this.o.onRetry?.(err.message, attempt + 1, attempts);
        await new Promise((r) => setTimeout(r, (this.o.retryDelayMs ?? 1000) * attempt));
      }
    }
  }

  private async attempt(method: 'GET' | 'POST', query: string, body?: unknown): Promise<unknown> {
    const url = `${this.o.apiUrl.replace(/\/+$/, '')}${RULES_PATH}${query}`;
    const ms = this.o.timeoutMs ?? timeoutMs();
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(url, {
        method,
        signal: AbortSignal.timeout(ms),
        headers: {
          authorization: `Bearer ${this.o.bearerToken}`,
          'user-agent': this.o.userAgent ?? X_USER_AGENT,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      const why =
        e.name === 'TimeoutError'
          ? `no answer within ${ms} ms`
          : ((e.cause as Error | undefined)?.message ?? e.message);
      throw new TransientRulesError(
        `cannot reach X at ${url} (${why}): check the network and ${X_API_URL_ENV}`,
        { cause: err },
      );
    }
    if (res.status >= 200 && res.status < 300) return text === '' ? {} : (JSON.parse(text) as unknown);
    const verdict = classifyHttpFailure(res.status, text, RULES_PATH);
    if ('error' in verdict) throw verdict.error;
    const failure = `X answered ${res.status} to ${method} ${RULES_PATH}; try again later`;
    throw res.status >= 500 ? new TransientRulesError(failure) : new Error(failure);
  }
}
