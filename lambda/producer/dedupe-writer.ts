/**
 * A stream writer that drops posts already sent, so a duplicate never reaches the stream and no
 * processor container, shard or later container can count it twice. It keeps the single leased
 * producer's recent-id window (core/dedupe.ts): loaded from the store when the run starts (the
 * previous run's window, so a hand-over overlap or a backfill after it is dropped), saved after
 * writes at most every `saveEveryMs`, and once more when the run ends.
 *
 * Ids are saved only after the records carrying them were written: a crash between a write and the
 * next save leaves those ids out of the saved window (the next run may send them again; the
 * processor's per-container window still drops a copy it sees), never the reverse, which would lose
 * posts. Saving before the write could not tell the next run whether the write happened.
 */
import { RecentIds } from '../core/dedupe';
import type { RecentIdsStore, StreamRecord, StreamWriter, WriteReport } from '../core/ports';

/** Least time between two saves of the window: bounds both its cost and what a crash forgets. */
export const DEFAULT_SAVE_EVERY_MS = 5000;

export interface DedupeWriterOptions {
  /** Where the window lives between runs; in memory only when absent. */
  readonly store?: RecentIdsStore;
  /** Ids remembered. */
  readonly capacity: number;
  /** Ids known to be in the stream already, besides the store's (a resumed replay's read-back). */
  readonly alreadySent?: readonly string[];
  /** @default DEFAULT_SAVE_EVERY_MS */
  readonly saveEveryMs?: number;
  /** A save that failed (the run goes on; only the window's hand-over is weakened). */
  readonly onSaveError?: (error: unknown) => void;
  readonly now?: () => number;
}

export class DedupingWriter implements StreamWriter {
  /** Records dropped as already sent. */
  dropped = 0;
  private savedAt: number;
  private dirty = false;
  /** Another run claimed the window: save nothing more. */
  private stopped = false;
  private readonly now: () => number;

  private constructor(
    private readonly inner: StreamWriter,
    private recent: RecentIds,
    private readonly o: DedupeWriterOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.savedAt = this.now();
  }

  /** The wrapped stream's record limit: dropping duplicates changes no record. */
  get maxRecordBytes(): number {
    return this.inner.maxRecordBytes;
  }

  /** Claims the saved window (the previous run's) and wraps `inner` with it. */
  static async open(inner: StreamWriter, o: DedupeWriterOptions): Promise<DedupingWriter> {
    const saved = o.store === undefined ? [] : await o.store.claim();
    return new DedupingWriter(inner, RecentIds.of([...saved, ...(o.alreadySent ?? [])], o.capacity), o);
  }

  /** Ids in the window now (the previous run's included). */
  get remembered(): number {
    return this.recent.size;
  }

  async write(records: readonly StreamRecord[]): Promise<WriteReport> {
    const fresh = records.filter((r) => r.id === undefined || this.recent.firstSighting(r.id));
    this.dropped += records.length - fresh.length;
    let report: WriteReport = { written: 0, retried: 0 };
    if (fresh.length > 0) {
      try {
        report = await this.inner.write(fresh);
      } catch (err) {
        // Maybe not in the stream: forget them, so neither this run nor the next drops a resend.
        const failed = new Set(fresh.map((r) => r.id));
        this.recent = RecentIds.of(
          this.recent.ids().filter((id) => !failed.has(id)),
          this.o.capacity,
        );
        throw err;
      }
      this.dirty = true;
    }
    if (this.now() - this.savedAt >= (this.o.saveEveryMs ?? DEFAULT_SAVE_EVERY_MS)) await this.save();
    return report;
  }

  /** Saves what was written since the last save (call when the run ends, before the lease goes). */
  async close(): Promise<void> {
    await this.save();
  }

  private async save(): Promise<void> {
    if (this.stopped || !this.dirty || this.o.store === undefined) return;
    this.savedAt = this.now();
    this.dirty = false;
    try {
      if (!(await this.o.store.save(this.recent.ids()))) this.stopped = true;
    } catch (err) {
      this.dirty = true;
      this.o.onSaveError?.(err);
    }
  }
}
