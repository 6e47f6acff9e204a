/**
 * Delivery is at-least-once (stream retries, reconnect overlaps, recent-search or `backfill_minutes`
 * backfill, a lease hand-over between producer runs), so the same post id can arrive more than
 * once. This remembers the last `capacity` ids seen, in constant memory, and answers whether an id
 * is new. Redeliveries arrive close together, so a bounded window suffices.
 *
 * The single leased producer keeps one window and saves it (packed, {@link packIds}) next to its
 * lease, so the next run starts with it; the processor keeps one per container as a second line.
 */
export class RecentIds {
  private readonly ring: (string | undefined)[];
  /** Each id remembered, with the delivery that brought it first (see {@link firstSighting}). */
  private readonly seen = new Map<string, string | undefined>();
  private next = 0;

  constructor(readonly capacity: number = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<string | undefined>(capacity);
  }

  /**
   * True the first time an id is offered (and remembers it); false for a repeat within the window.
   * `delivery` names the stream record that carried the id (shard and sequence number): the same
   * record offered again — a retried batch — is not a repeat, since the store's watermarks already
   * make its second application change nothing, while dropping it would lose the post when the
   * first attempt's writes failed.
   */
  firstSighting(id: string, delivery?: string): boolean {
    if (this.seen.has(id)) return delivery !== undefined && this.seen.get(id) === delivery;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.seen.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.seen.set(id, delivery);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** The ids remembered, oldest first (what {@link packIds} stores). */
  ids(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.capacity; k++) {
      const id = this.ring[(this.next + k) % this.capacity];
      if (id !== undefined) out.push(id);
    }
    return out;
  }

  /** A window remembering `ids` (oldest first; only the newest `capacity` are kept). */
  static of(ids: Iterable<string>, capacity?: number): RecentIds {
    const window = new RecentIds(capacity);
    for (const id of ids) window.firstSighting(id);
    return window;
  }
}

/** Bytes of one packed id: post ids are unsigned 64-bit integers. */
export const PACKED_ID_BYTES = 8;

const MAX_UINT64 = (1n << 64n) - 1n;
const CANONICAL_ID = /^(?:0|[1-9][0-9]{0,19})$/;

/**
 * Ids as 8 bytes each, big-endian, oldest first: 40,000 ids take 320 KB, inside DynamoDB's 400 KB
 * item. An id that is not a canonical decimal below 2^64 (no X id is) is left out — it is still
 * remembered in memory, only not carried to the next run.
 */
export function packIds(ids: readonly string[]): Uint8Array {
  const kept = ids.filter((id) => CANONICAL_ID.test(id) && BigInt(id) <= MAX_UINT64);
  const out = new Uint8Array(kept.length * PACKED_ID_BYTES);
  const view = new DataView(out.buffer);
  kept.forEach((id, k) => view.setBigUint64(k * PACKED_ID_BYTES, BigInt(id)));
  return out;
}

/** The ids {@link packIds} packed, oldest first; throws when the length is not a whole number of ids. */
export function unpackIds(bytes: Uint8Array): string[] {
  if (bytes.length % PACKED_ID_BYTES !== 0)
    throw new RangeError(`packed ids must be a multiple of ${PACKED_ID_BYTES} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += PACKED_ID_BYTES) out.push(view.getBigUint64(at).toString());
  return out;
}
