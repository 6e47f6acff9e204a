/**
 * Holds a lease around a streaming run: waits for it (up to a limit), renews it while streaming, and
 * aborts the run the moment it is lost or cannot be renewed before it would expire, so two
 * producers never hold X's connection at once.
 */
export interface Lease {
  readonly ttlMs: number;
  tryAcquire(): Promise<
    | { readonly taken: true; readonly previous: { readonly aliveAt: number } | undefined }
    | { readonly taken: false; readonly current: { readonly expiresAt: number } | undefined }
  >;
  renew(): Promise<boolean>;
  release(): Promise<boolean>;
}

export interface HeldLease {
  /** Aborts when the lease is lost; the run must stop streaming. */
  readonly lost: AbortSignal;
  /** When the previous holder last streamed (epoch ms), 0 if never. */
  readonly previousAliveAt: number;
  /** Stops renewing and releases the lease. */
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** Give up when the lease is not free by then (epoch ms). */
  readonly deadline: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Poll interval while waiting. @default 1000 */
  readonly pollMs?: number;
}

/** Waits for the lease; undefined when the deadline passes (or the signal aborts) first. */
export async function acquireLease(lease: Lease, o: AcquireOptions): Promise<HeldLease | undefined> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (;;) {
    if (o.signal?.aborted) return undefined;
    const got = await lease.tryAcquire();
    if (got.taken) return keep(lease, got.previous?.aliveAt ?? 0);
    const wait = Math.max(0, (got.current?.expiresAt ?? 0) - now()) + 1;
    if (now() + Math.min(wait, o.pollMs ?? 1000) > o.deadline) return undefined;
    await sleep(Math.min(wait, o.pollMs ?? 1000));
  }
}

function keep(lease: Lease, previousAliveAt: number): HeldLease {
  const lost = new AbortController();
  let renewedAt = Date.now();
  const timer = setInterval(
    () => {
      lease.renew().then(
        (ok) => {
          if (ok) renewedAt = Date.now();
          else lost.abort();
        },
        () => {
          // A failed renewal is retried on the next tick, unless the lease would lapse first.
          if (Date.now() - renewedAt > (lease.ttlMs * 2) / 3) lost.abort();
        },
      );
    },
    Math.max(10, Math.floor(lease.ttlMs / 3)),
  );
  return {
    lost: lost.signal,
    previousAliveAt,
    release: async () => {
      clearInterval(timer);
      await lease.release();
    },
  };
}
