/**
 * A candidate's words summed from a start up to the settled edge, kept between requests, so a word
 * shift against "the debate so far" reads only the buckets since the previous request rather than
 * the whole night again. Buckets before the settled edge do not change (the rule the cache headers
 * rely on: `caching.ts`), so the totals only ever grow forward.
 */
import { addCounts, type BucketAggregate, type CountMap } from '../aggregate';
import type { AggregateStore } from '../ports';

/** What a word shift needs of a window's posts. */
export interface WindowWords {
  posts: number;
  sum: number;
  other: number;
  readonly words: CountMap;
}

export function windowWords(): WindowWords {
  return { posts: 0, sum: 0, other: 0, words: new Map() };
}

/**
 * Adds the buckets with from ≤ start < to to `w`, in time order (so the floating-point sum does
 * not depend on how the buckets were gathered).
 */
export function addBuckets(
  w: WindowWords,
  buckets: ReadonlyMap<number, BucketAggregate>,
  from = -Infinity,
  to = Infinity,
): void {
  for (const start of [...buckets.keys()].sort((a, b) => a - b)) {
    if (start < from || start >= to) continue;
    const agg = buckets.get(start) as BucketAggregate;
    w.posts += agg.count;
    w.sum += agg.sum;
    w.other += agg.otherWords;
    addCounts(w.words, agg.words);
  }
}

function copyOf(w: WindowWords): WindowWords {
  return { posts: w.posts, sum: w.sum, other: w.other, words: new Map(w.words) };
}

interface Totals {
  /** The totals hold the buckets of [start, edge). */
  readonly edge: number;
  readonly words: WindowWords;
}

/** Default number of (debate, candidate, start) totals kept; the least recently used go first. */
export const DEFAULT_SETTLED_TOTALS = 64;

export class SettledWords {
  private readonly totals = new Map<string, Totals>();

  constructor(private readonly capacity: number = DEFAULT_SETTLED_TOTALS) {}

  /**
   * The candidate's words over [from, to), `to` at or before the settled edge: the kept totals
   * extended by the buckets since their edge, or read whole when none are kept or they reach past
   * `to` (a look back in time). The answer is the caller's to change.
   */
  async through(
    store: AggregateStore,
    debateId: string,
    candidate: string,
    from: number,
    to: number,
  ): Promise<WindowWords> {
    const key = `${debateId}\u0000${candidate}\u0000${from}`;
    const kept = this.totals.get(key);
    const base = kept !== undefined && kept.edge <= to ? kept : { edge: from, words: windowWords() };
    const words = copyOf(base.words);
    if (to > base.edge) addBuckets(words, await store.readBuckets(debateId, candidate, base.edge, to));
    if (kept === undefined || to >= kept.edge) {
      this.totals.delete(key);
      this.totals.set(key, { edge: Math.max(to, base.edge), words: copyOf(words) });
      if (this.totals.size > this.capacity) this.totals.delete(this.totals.keys().next().value as string);
    }
    return words;
  }
}
