/**
 * The change that turns the stream's current rules into the wanted ones: rules are matched on value
 * and tag, so an unchanged rule keeps its id (and the stream keeps matching on it) while the rest is
 * deleted or added. Deletions go first so the total never exceeds the tier's rule count.
 */
import type { StreamRule } from '../core/stream-rules';

export interface ExistingRule {
  readonly id: string;
  readonly value: string;
  readonly tag?: string;
}

export interface RulesDiff {
  readonly add: readonly StreamRule[];
  readonly delete: readonly ExistingRule[];
  readonly keep: readonly ExistingRule[];
}

export function diffRules(wanted: readonly StreamRule[], existing: readonly ExistingRule[]): RulesDiff {
  const key = (value: string, tag: string | undefined): string => JSON.stringify([value, tag ?? '']);
  const wantedKeys = new Set(wanted.map((r) => key(r.value, r.tag)));
  const keep: ExistingRule[] = [];
  const del: ExistingRule[] = [];
  const kept = new Set<string>();
  for (const r of existing) {
    const k = key(r.value, r.tag);
    // A duplicate of a kept rule is deleted too: X refuses duplicates, but be safe.
    if (wantedKeys.has(k) && !kept.has(k)) {
      keep.push(r);
      kept.add(k);
    } else del.push(r);
  }
  const add = wanted.filter((r) => !kept.has(key(r.value, r.tag)));
  return { add, delete: del, keep };
}
