/**
 * Stored form of an aggregate: plain JSON data (count maps as objects) in a canonical order, so two
 * equal aggregates serialise to the same text. Reading back validates, because stored items come
 * from outside (DynamoDB, archive re-runs) and one bad item must not crash a query.
 */
import type { BucketAggregate } from './bucket-aggregate';
import { compareKeys, type CountMap } from './counts';
import { extremeRecord, type Extreme } from './extreme';

/** JSON form of {@link BucketAggregate}. */
export interface AggregateJSON {
  readonly count: number;
  readonly sum: number;
  readonly sumSq: number;
  readonly pos: number;
  readonly neu: number;
  readonly neg: number;
  readonly mostPositive: Extreme | null;
  readonly mostNegative: Extreme | null;
  readonly hashtags: Readonly<Record<string, number>>;
  readonly words: Readonly<Record<string, number>>;
  readonly otherHashtags: number;
  readonly otherWords: number;
}

/** What is wrong with a stored aggregate, at which JSON path. */
export interface AggregateJSONError {
  readonly path: string;
  readonly message: string;
}

export type FromJSONResult =
  | { readonly ok: true; readonly aggregate: BucketAggregate }
  | { readonly ok: false; readonly error: AggregateJSONError };

/** Plain-data form of `agg`, count-map keys in code-unit order (deterministic output). */
export function toJSON(agg: BucketAggregate): AggregateJSON {
  return {
    count: agg.count,
    sum: agg.sum,
    sumSq: agg.sumSq,
    pos: agg.pos,
    neu: agg.neu,
    neg: agg.neg,
    mostPositive: extremeJSON(agg.mostPositive),
    mostNegative: extremeJSON(agg.mostNegative),
    hashtags: countsJSON(agg.hashtags),
    words: countsJSON(agg.words),
    otherHashtags: agg.otherHashtags,
    otherWords: agg.otherWords,
  };
}

function extremeJSON(e: Extreme | null): Extreme | null {
  return e === null ? null : extremeRecord(e.id, e.authorId, e.text, e.score, e.synthetic === true);
}

function countsJSON(counts: CountMap): Record<string, number> {
  // fromEntries defines own properties, so a `__proto__` hashtag stays data, never a prototype.
  return Object.fromEntries([...counts].sort((a, b) => compareKeys(a[0], b[0])));
}

class Invalid {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
}

/**
 * Validate stored data and rebuild the aggregate. Counters, maps and extremes that a store creates
 * lazily (DynamoDB `ADD` only creates an attribute when first touched) may be absent: absent
 * `otherHashtags`/`otherWords` mean 0, absent maps mean empty, absent extremes mean none. Unknown
 * fields (keys, watermarks) are ignored. Checks the invariants merge preserves: polarity counts add
 * up to `count`, each hashtag/word count is 1…`count`, extremes exist iff `count` > 0 and are ordered.
 */
export function fromJSON(value: unknown): FromJSONResult {
  try {
    return { ok: true, aggregate: read(value) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: { path: err.path, message: err.message } };
    throw err;
  }
}

function read(v: unknown): BucketAggregate {
  if (!isRecord(v)) throw new Invalid('$', `expected an aggregate object, got ${describe(v)}`);
  const count = readCount(v, 'count', false);
  const sum = readFinite(v, 'sum');
  const sumSq = readFinite(v, 'sumSq');
  if (sumSq < 0) throw new Invalid('$.sumSq', `must not be negative, got ${sumSq}`);
  const pos = readCount(v, 'pos', false);
  const neu = readCount(v, 'neu', false);
  const neg = readCount(v, 'neg', false);
  if (pos + neu + neg !== count) {
    throw new Invalid('$.count', `pos + neu + neg (${pos} + ${neu} + ${neg}) must equal count (${count})`);
  }
  if (count === 0 && (sum !== 0 || sumSq !== 0)) {
    throw new Invalid(
      '$.sum',
      `an aggregate of no tweets must have sum and sumSq 0, got ${sum} and ${sumSq}`,
    );
  }
  const mostPositive = readExtreme(v, 'mostPositive', count);
  const mostNegative = readExtreme(v, 'mostNegative', count);
  if (mostPositive !== null && mostNegative !== null && mostNegative.score > mostPositive.score) {
    throw new Invalid(
      '$.mostNegative.score',
      `${mostNegative.score} is above mostPositive.score ${mostPositive.score}`,
    );
  }
  return {
    count,
    sum: sum + 0,
    sumSq,
    pos,
    neu,
    neg,
    mostPositive,
    mostNegative,
    hashtags: readCounts(v, 'hashtags', count),
    words: readCounts(v, 'words', count),
    otherHashtags: readCount(v, 'otherHashtags', true),
    otherWords: readCount(v, 'otherWords', true),
  };
}

function readCount(v: Record<string, unknown>, key: string, optional: boolean): number {
  const x = v[key];
  if (x === undefined && optional) return 0;
  if (!isCount(x)) throw new Invalid(`$.${key}`, `expected a non-negative integer, got ${describe(x)}`);
  return x;
}

function readFinite(v: Record<string, unknown>, key: string): number {
  const x = v[key];
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new Invalid(`$.${key}`, `expected a finite number, got ${describe(x)}`);
  }
  return x;
}

function readExtreme(v: Record<string, unknown>, key: string, count: number): Extreme | null {
  const x = v[key];
  const path = `$.${key}`;
  if (x === undefined || x === null) {
    if (count > 0) throw new Invalid(path, `required when count is ${count}, got ${describe(x)}`);
    return null;
  }
  if (count === 0) throw new Invalid(path, 'must be null when count is 0');
  if (!isRecord(x)) throw new Invalid(path, `expected an object, got ${describe(x)}`);
  for (const field of ['id', 'authorId', 'text'] as const) {
    if (typeof x[field] !== 'string') {
      throw new Invalid(`${path}.${field}`, `expected a string, got ${describe(x[field])}`);
    }
  }
  if (x.id === '') throw new Invalid(`${path}.id`, 'must not be empty');
  const score = x.score;
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    throw new Invalid(`${path}.score`, `expected a finite number, got ${describe(score)}`);
  }
  if (x.synthetic !== undefined && x.synthetic !== true) {
    throw new Invalid(`${path}.synthetic`, `expected true or absent, got ${describe(x.synthetic)}`);
  }
  return extremeRecord(
    x.id as string,
    x.authorId as string,
    x.text as string,
    score + 0,
    x.synthetic === true,
  );
}

function readCounts(v: Record<string, unknown>, key: string, count: number): CountMap {
  const x = v[key];
  const out: CountMap = new Map();
  if (x === undefined) return out;
  if (!isRecord(x)) throw new Invalid(`$.${key}`, `expected an object of counts, got ${describe(x)}`);
  for (const k of Object.keys(x)) {
    const n = x[k];
    if (!isCount(n) || n === 0 || n > count) {
      throw new Invalid(
        `$.${key}[${JSON.stringify(k)}]`,
        `expected an integer from 1 to count (${count}), got ${describe(n)}`,
      );
    }
    out.set(k, n);
  }
  return out;
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return `"${x.length > 40 ? x.slice(0, 40) + '…' : x}"`;
  return typeof x === 'object' ? 'an object' : `${typeof x} ${String(x)}`;
}
