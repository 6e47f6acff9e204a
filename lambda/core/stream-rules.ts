/**
 * X API v2 filtered-stream rules derived from a debate config: one or more rules per candidate,
 * tagged with the candidate id (so `matching_rules[].tag` names the candidate), and one for the
 * debate's own hashtags, tagged `debate`. Rules are packed up to the tier's length limit.
 */
import type { DebateConfig } from './debate-config';

export interface StreamRule {
  readonly value: string;
  readonly tag: string;
}

export interface RuleLimits {
  /** Longest rule value in characters. @default 1024 (pay-per-use and Pro tiers) */
  readonly maxRuleLength?: number;
  /** Most rules allowed on the stream. @default 1000 */
  readonly maxRules?: number;
}

export const DEBATE_RULE_TAG = 'debate';

export type RulesResult =
  | { readonly ok: true; readonly rules: readonly StreamRule[] }
  | { readonly ok: false; readonly error: string };

export function deriveStreamRules(config: DebateConfig, limits: RuleLimits = {}): RulesResult {
  const maxLength = limits.maxRuleLength ?? 1024;
  const maxRules = limits.maxRules ?? 1000;
  const suffix = languageSuffix(config.languages);
  const rules: StreamRule[] = [];
  const groups: [string, string[]][] = Object.entries(config.candidates).map(([id, c]) => [id, [...c.terms]]);
  if (config.hashtags.length > 0) groups.push([DEBATE_RULE_TAG, config.hashtags.map((h) => '#' + h)]);

  for (const [tag, terms] of groups) {
    let current: string[] = [];
    const flush = (): void => {
      if (current.length > 0) rules.push({ value: wrap(current) + suffix, tag });
      current = [];
    };
    for (const term of unique(terms.flatMap(ruleTerms))) {
      if (wrap([term]).length + suffix.length > maxLength) {
        return { ok: false, error: `term ${term} of "${tag}" cannot fit a rule of ${maxLength} characters` };
      }
      if (wrap([...current, term]).length + suffix.length > maxLength) flush();
      current.push(term);
    }
    flush();
  }
  if (rules.length > maxRules) {
    return { ok: false, error: `the config needs ${rules.length} rules, more than the ${maxRules} allowed` };
  }
  return { ok: true, rules };
}

/**
 * The rule terms that deliver what the matcher counts for one config term: a plain word matches the
 * word, its #hashtag and its @mention, so a handle-like word adds the `@` operator (X's keyword match is
 * tokenized on symbols, so the keyword already covers the hashtag); anything else as `ruleTerm` says.
 */
export function ruleTerms(term: string): string[] {
  const t = term.trim();
  const keyword = ruleTerm(t);
  return HANDLE.test(t) && keyword === t ? [keyword, '@' + t] : [keyword];
}

/** X's username syntax, which the `@` operator takes. */
const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

/** A term as X's rule syntax needs it: bare keywords, handles and hashtags as they are; the rest quoted. */
export function ruleTerm(term: string): string {
  const t = term.trim();
  if (/^[@#]?[\p{L}\p{N}_]+$/u.test(t) && !/^(or|and)$/i.test(t)) return t;
  return `"${t}"`;
}

function wrap(terms: readonly string[]): string {
  return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
}

function languageSuffix(languages: readonly string[]): string {
  if (languages.length === 0) return '';
  const ops = languages.map((l) => `lang:${l}`);
  return ' ' + wrap(ops);
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
