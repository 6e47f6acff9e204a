/**
 * Delivery is at-least-once (stream retries, reconnect overlaps, recent-search backfill), so the same
 * post id can arrive more than once. This remembers the last `capacity` ids seen, in constant memory,
 * and answers whether an id is new. Redeliveries arrive close together, so a bounded window suffices.
 */
export class RecentIds {
  private readonly ring: (string | undefined)[];
  private readonly seen = new Set<string>();
  private next = 0;

  constructor(readonly capacity: number = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<string | undefined>(capacity);
  }

  /** True the first time an id is offered (and remembers it); false for a repeat within the window. */
  firstSighting(id: string): boolean {
    if (this.seen.has(id)) return false;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.seen.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.seen.add(id);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
