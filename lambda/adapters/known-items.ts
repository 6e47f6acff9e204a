/**
 * What one store instance last wrote (or was handed back) for each item it writes, so the common
 * write is a single conditional PutItem on that version, with no read first; and which items other
 * writers share, which are read first instead. Items are written at
 * the live edge, so a small least-recently-used set holds every item a batch touches. Writes to one
 * item from this instance (several shards in one process) are also run one at a time, so they never
 * race each other's version condition.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { readVersion, readWatermarks, type Item } from './dynamo-items';

/** An item's state as stored: version (undefined if the item has none), shard watermarks, and the rest. */
export interface ItemState {
  readonly ver: number | undefined;
  readonly wm: ReadonlyMap<string, string>;
  /** The item's attributes besides its key, `wm` and `ver`. */
  readonly body: Item;
}

const META_ATTRIBUTES = new Set(['pk', 'sk', 'wm', 'ver']);

/** The state of a stored item. */
export function storedState(item: Item): ItemState {
  const body: Item = {};
  for (const [name, value] of Object.entries(item)) if (!META_ATTRIBUTES.has(name)) body[name] = value;
  return { ver: readVersion(item), wm: readWatermarks(item), body };
}

/**
 * The condition of a write made from `state`: the item is still at that version; has no version
 * (stored without one); or, for no state, does not exist.
 */
export function writeCondition(state: ItemState | undefined): {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
} {
  if (state === undefined) {
    return { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } };
  }
  if (state.ver === undefined) {
    return { ConditionExpression: 'attribute_not_exists(#ver)', ExpressionAttributeNames: { '#ver': 'ver' } };
  }
  return {
    ConditionExpression: '#ver = :ver',
    ExpressionAttributeNames: { '#ver': 'ver' },
    ExpressionAttributeValues: { ':ver': { N: String(state.ver) } },
  };
}

/** Whether two bodies hold the same attributes with the same string and number values. */
export function sameBody(a: Item, b: Item): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((n) => b[n] !== undefined && a[n].S === b[n].S && a[n].N === b[n].N);
}

export class KnownItems {
  private readonly states = new Map<string, ItemState>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Items another writer has written since this instance did (see {@link markShared}). */
  private readonly shared = new Map<string, true>();

  /** @param capacity items remembered; the least recently used are forgotten first. */
  constructor(private readonly capacity: number) {}

  get(id: string): ItemState | undefined {
    const s = this.states.get(id);
    if (s !== undefined) this.touch(this.states, id, s);
    return s;
  }

  set(id: string, state: ItemState): void {
    this.touch(this.states, id, state);
  }

  delete(id: string): void {
    this.states.delete(id);
  }

  /**
   * Notes that another writer changed the item behind this instance's back (a write condition
   * failed): its remembered state will likely be stale next time too, so it is better read first.
   */
  markShared(id: string): void {
    this.touch(this.shared, id, true);
  }

  /** Notes that the item was found as this instance left it: no other writer, no read needed. */
  markUnshared(id: string): void {
    this.shared.delete(id);
  }

  isShared(id: string): boolean {
    return this.shared.has(id);
  }

  /** Sets `id` as the most recently used entry of `lru`, forgetting the least recently used beyond capacity. */
  private touch<V>(lru: Map<string, V>, id: string, value: V): void {
    // Map order is insertion order: re-inserting marks the entry most recently used.
    lru.delete(id);
    lru.set(id, value);
    if (lru.size > this.capacity) lru.delete(lru.keys().next().value as string);
  }

  /** Runs `fn` after every earlier call for the same `id` has settled. */
  exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(id) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return run;
  }
}
