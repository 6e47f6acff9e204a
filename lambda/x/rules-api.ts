/**
 * The filtered stream's rules endpoints: list, add, delete (each optionally as a dry run), and sync,
 * which applies only the difference to the wanted rules. Failures a person must fix throw
 * `XActionRequiredError`; the token is sent, never reported.
 */
import type { StreamRule } from '../core/stream-rules';
import { diffRules, type ExistingRule, type RulesDiff } from './rules-diff';
import { classifyHttpFailure, describeProblem, XActionRequiredError } from './x-errors';
import { RULES_PATH, X_USER_AGENT } from './x-settings';

/** Rules per add or delete request, to keep each request small. */
export const RULES_PER_REQUEST = 100;

export interface RulesClientOptions {
  readonly apiUrl: string;
  readonly bearerToken: string;
  readonly userAgent?: string;
  readonly fetch?: typeof fetch;
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
    const url = `${this.o.apiUrl.replace(/\/+$/, '')}${RULES_PATH}${query}`;
    let res: Response;
    try {
      res = await this.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.o.bearerToken}`,
          'user-agent': this.o.userAgent ?? X_USER_AGENT,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new Error(`cannot reach ${url}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return text === '' ? {} : (JSON.parse(text) as unknown);
    const verdict = classifyHttpFailure(res.status, text, RULES_PATH);
    if ('error' in verdict) throw verdict.error;
    throw new Error(`X answered ${res.status} to ${method} ${RULES_PATH}; try again later`);
  }
}
