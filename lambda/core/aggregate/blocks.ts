/**
 * Block bodies: the aggregates of one block of slots (see `rollup.ts`), keyed by slot start and then
 * by candidate, keeping only what one kind of read needs, so a read loads nothing it does not use:
 *
 * | kind       | per slot and key                                  | key                  |
 * | ---------- | ------------------------------------------------- | -------------------- |
 * | `stats`    | count, sum, sumSq, pos, neu, neg                  | candidate            |
 * | `extremes` | most positive and most negative post              | candidate            |
 * | `hashtags` | hashtag counts (top K) and the rest as "other"    | {@link ALL} (summed) |
 * | `detail`   | the whole aggregate (top K hashtags and words)    | candidate            |
 *
 * Bodies merge like aggregates (slot by slot, key by key), so a block written batch by batch equals
 * the block of all the batches' posts. Stored as JSON text; reading back validates, because stored
 * items come from outside and one bad item must not crash a query.
 */
import { emptyAggregate, mergeInto, type BucketAggregate } from './bucket-aggregate';
import { compact, type CompactLimits } from './compact';
import { compareKeys, type CountMap } from './counts';
import { capText, extremeRecord, MAX_EXTREME_TEXT_CHARS, type Extreme } from './extreme';
import { fromJSON, toJSON, type AggregateJSON } from './json';

export type BlockKind = 'stats' | 'extremes' | 'hashtags' | 'detail';

export const BLOCK_KINDS: readonly BlockKind[] = ['stats', 'extremes', 'hashtags', 'detail'];

/** Key of the hashtag counts summed over candidates (not a valid candidate id). */
export const ALL = '*';

/** Slot start → key → the kind's part of the aggregate (other fields empty). */
export type BlockBody = Map<number, Map<string, BucketAggregate>>;

/** The part of `agg` a block of `kind` keeps, as a new value. */
export function projectAggregate(kind: BlockKind, agg: BucketAggregate): BucketAggregate {
  const out = emptyAggregate();
  switch (kind) {
    case 'stats':
      out.count = agg.count;
      out.sum = agg.sum;
      out.sumSq = agg.sumSq;
      out.pos = agg.pos;
      out.neu = agg.neu;
      out.neg = agg.neg;
      break;
    case 'extremes':
      out.mostPositive = agg.mostPositive;
      out.mostNegative = agg.mostNegative;
      break;
    case 'hashtags':
      out.hashtags = new Map(agg.hashtags);
      out.otherHashtags = agg.otherHashtags;
      break;
    case 'detail':
      mergeInto(out, agg);
      break;
  }
  return out;
}

/** Adds a candidate's aggregate of one base bucket to the slot holding it (in place). */
export function addToBlock(
  body: BlockBody,
  kind: BlockKind,
  slot: number,
  candidate: string,
  agg: BucketAggregate,
): void {
  const key = kind === 'hashtags' ? ALL : candidate;
  let slotMap = body.get(slot);
  if (slotMap === undefined) {
    slotMap = new Map();
    body.set(slot, slotMap);
  }
  const part = projectAggregate(kind, agg);
  const seen = slotMap.get(key);
  if (seen === undefined) slotMap.set(key, part);
  else mergeInto(seen, part);
}

/** Merges `src` into `target` slot by slot, key by key (in place; `src` is left untouched). */
export function mergeBlocks(target: BlockBody, src: BlockBody): void {
  for (const [slot, keys] of src) {
    let t = target.get(slot);
    if (t === undefined) {
      t = new Map();
      target.set(slot, t);
    }
    for (const [key, agg] of keys) {
      const seen = t.get(key);
      if (seen === undefined) t.set(key, projectCopy(agg));
      else mergeInto(seen, agg);
    }
  }
}

function projectCopy(agg: BucketAggregate): BucketAggregate {
  const out = emptyAggregate();
  mergeInto(out, agg);
  return out;
}

/**
 * Stored form of a body: slots and keys in order, count maps cut to `limits` (see `compact`), the
 * texts of extremes to `textChars` code points (see `capText`).
 */
export function blockToJSON(
  kind: BlockKind,
  body: BlockBody,
  limits: CompactLimits,
  textChars: number = MAX_EXTREME_TEXT_CHARS,
): unknown {
  const out: Record<string, Record<string, unknown>> = {};
  for (const slot of [...body.keys()].sort((a, b) => a - b)) {
    const keys = body.get(slot) as Map<string, BucketAggregate>;
    // fromEntries defines own properties: no key can reach a prototype.
    out[String(slot)] = Object.fromEntries(
      [...keys.keys()]
        .sort(compareKeys)
        .map((key) => [key, partJSON(kind, keys.get(key) as BucketAggregate, limits, textChars)]),
    );
  }
  return out;
}

function partJSON(kind: BlockKind, a: BucketAggregate, limits: CompactLimits, textChars: number): unknown {
  switch (kind) {
    case 'stats':
      return [a.count, a.sum, a.sumSq, a.pos, a.neu, a.neg];
    case 'extremes':
      return [cutExtreme(a.mostPositive, textChars), cutExtreme(a.mostNegative, textChars)];
    case 'hashtags': {
      const c = compact(a, { hashtags: limits.hashtags, words: 0 });
      return [countsJSON(c.hashtags), c.otherHashtags];
    }
    case 'detail':
      return toJSON(compact(a, limits));
  }
}

function cutExtreme(e: Extreme | null, textChars: number): Extreme | null {
  if (e === null) return null;
  const text = capText(e.text, textChars);
  return text === e.text ? e : { ...e, text };
}

function countsJSON(counts: CountMap): Record<string, number> {
  // fromEntries defines own properties, so a `__proto__` hashtag stays data.
  return Object.fromEntries([...counts].sort((a, b) => compareKeys(a[0], b[0])));
}

export type BlockResult =
  { readonly ok: true; readonly body: BlockBody } | { readonly ok: false; readonly error: string };

/** Validates a stored body of `kind` and rebuilds it. */
export function blockFromJSON(kind: BlockKind, value: unknown): BlockResult {
  if (!isRecord(value)) return { ok: false, error: 'not an object of slots' };
  const body: BlockBody = new Map();
  for (const [slotText, keys] of Object.entries(value)) {
    const slot = Number(slotText);
    if (!Number.isSafeInteger(slot) || String(slot) !== slotText) {
      return { ok: false, error: `slot "${slotText}" is not an integer time` };
    }
    if (!isRecord(keys)) return { ok: false, error: `slot ${slotText} is not an object` };
    const slotMap = new Map<string, BucketAggregate>();
    for (const [key, part] of Object.entries(keys)) {
      const r = readPart(kind, part);
      if (typeof r === 'string') return { ok: false, error: `${slotText}.${key}: ${r}` };
      slotMap.set(key, r);
    }
    body.set(slot, slotMap);
  }
  return { ok: true, body };
}

/** The part, or what is wrong with it. */
function readPart(kind: BlockKind, v: unknown): BucketAggregate | string {
  const out = emptyAggregate();
  switch (kind) {
    case 'stats': {
      if (!Array.isArray(v) || v.length !== 6) return 'expected [count, sum, sumSq, pos, neu, neg]';
      const [count, sum, sumSq, pos, neu, neg] = v as unknown[];
      if (![count, pos, neu, neg].every(isCount)) return 'counts must be non-negative integers';
      if (!isFinite(sum) || !isFinite(sumSq) || (sumSq as number) < 0) return 'bad sum or sumSq';
      if ((pos as number) + (neu as number) + (neg as number) !== count) {
        return 'pos + neu + neg must equal count';
      }
      Object.assign(out, { count, sum: (sum as number) + 0, sumSq, pos, neu, neg });
      return out;
    }
    case 'extremes': {
      if (!Array.isArray(v) || v.length !== 2) return 'expected [mostPositive, mostNegative]';
      const hi = readExtreme(v[0]);
      const lo = readExtreme(v[1]);
      if (hi === undefined || lo === undefined) return 'an extreme is not a post';
      if ((hi === null) !== (lo === null)) return 'one extreme without the other';
      out.mostPositive = hi;
      out.mostNegative = lo;
      return out;
    }
    case 'hashtags': {
      if (!Array.isArray(v) || v.length !== 2 || !isRecord(v[0]) || !isCount(v[1])) {
        return 'expected [counts, other]';
      }
      for (const [tag, n] of Object.entries(v[0])) {
        if (!isCount(n) || n === 0) return `count of "${tag}" is not a positive integer`;
        out.hashtags.set(tag, n);
      }
      out.otherHashtags = v[1];
      return out;
    }
    case 'detail': {
      const r = fromJSON(v as AggregateJSON);
      return r.ok ? r.aggregate : `${r.error.path}: ${r.error.message}`;
    }
  }
}

function readExtreme(v: unknown): Extreme | null | undefined {
  if (v === null) return null;
  if (!isRecord(v)) return undefined;
  const { id, authorId, text, score, synthetic } = v;
  if (typeof id !== 'string' || id === '' || typeof authorId !== 'string' || typeof text !== 'string') {
    return undefined;
  }
  if (!isFinite(score) || (synthetic !== undefined && synthetic !== true)) return undefined;
  return extremeRecord(id, authorId, text, score + 0, synthetic === true);
}

function isFinite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
