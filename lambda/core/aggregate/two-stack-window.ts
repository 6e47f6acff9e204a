/**
 * First-in first-out window of aggregates with O(1) amortised merges per push, eviction and query,
 * needing only an associative merge. Subtracting the evicted bucket would be cheaper but extremes
 * cannot be subtracted, and float sums would drift; here every query is rebuilt from whole buckets.
 *
 * Two stacks: new items go on the back stack, whose running aggregate is kept; items leave from the
 * front stack, where each entry holds the aggregate of itself and every newer front item. When the
 * front runs empty the back is flipped onto it, so each item is merged O(1) times over its life.
 */
import { cloneAggregate, emptyAggregate, merge, mergeInto, type BucketAggregate } from './bucket-aggregate';

/** A window of aggregates keyed by increasing numbers (bucket starts): push new, evict old, query. */
export class TwoStackWindow {
  private readonly backKeys: number[] = [];
  private readonly backItems: BucketAggregate[] = [];
  private backAgg: BucketAggregate = emptyAggregate();
  /** Oldest item on top (last index); `frontAggs[i]` aggregates front items i down to 0. */
  private readonly frontKeys: number[] = [];
  private readonly frontAggs: BucketAggregate[] = [];

  /** Number of items in the window. */
  get size(): number {
    return this.backKeys.length + this.frontKeys.length;
  }

  /**
   * Append an item (e.g. a bucket, keyed by its start). The window keeps a reference and never
   * mutates it, so the caller must not mutate it either while it is in the window.
   * @throws RangeError unless `key` is greater than every key already in the window.
   */
  push(key: number, agg: BucketAggregate): void {
    const newest = this.newestKey();
    if (newest !== undefined && !(key > newest)) {
      throw new RangeError(`key ${key} must be greater than the newest key in the window (${newest})`);
    }
    this.backKeys.push(key);
    this.backItems.push(agg);
    mergeInto(this.backAgg, agg);
  }

  /** Drop every item whose key is below `minKey`. */
  evictBefore(minKey: number): void {
    const newest = this.newestKey();
    if (newest === undefined) return;
    if (newest < minKey) {
      // Everything goes: skip flipping items that would be dropped at once.
      this.frontKeys.length = 0;
      this.frontAggs.length = 0;
      this.clearBack();
      return;
    }
    for (;;) {
      if (this.frontKeys.length === 0) this.flip(minKey);
      const top = this.frontKeys.length - 1;
      if (this.frontKeys[top] >= minKey) return;
      this.frontKeys.pop();
      this.frontAggs.pop();
    }
  }

  /** The aggregate of every item in the window, as a new value. */
  query(): BucketAggregate {
    const top = this.frontAggs.length - 1;
    const out = top >= 0 ? cloneAggregate(this.frontAggs[top]) : emptyAggregate();
    mergeInto(out, this.backAgg);
    return out;
  }

  private newestKey(): number | undefined {
    if (this.backKeys.length > 0) return this.backKeys[this.backKeys.length - 1];
    return this.frontKeys.length > 0 ? this.frontKeys[0] : undefined;
  }

  /** Move the back stack onto the empty front stack, leaving out items below `minKey`. */
  private flip(minKey: number): void {
    const keys = this.backKeys;
    const items = this.backItems;
    let acc: BucketAggregate | undefined;
    for (let i = keys.length - 1; i >= 0 && keys[i] >= minKey; i--) {
      // The newest entry can share the caller's item: front aggregates are only ever read.
      acc = acc === undefined ? items[i] : merge(items[i], acc);
      this.frontKeys.push(keys[i]);
      this.frontAggs.push(acc);
    }
    this.clearBack();
  }

  private clearBack(): void {
    this.backKeys.length = 0;
    this.backItems.length = 0;
    this.backAgg = emptyAggregate();
  }
}
