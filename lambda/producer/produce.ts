/**
 * The producer's loop, the same for every source and host: pace posts by their own timestamps
 * (`speed` × real time, or as fast as the stream takes them), gather them into stream batches, and
 * write each batch before reading on — the writer's retries are the back-pressure. A record too big
 * for the stream goes on as a quarantine record, never failing its batch.
 */
import type { StreamRecord, StreamWriter } from '../core/ports';
import type { SourceLine } from '../io/post-file';
import { streamRecordOf } from './stream-record';

export interface ProduceOptions {
  /** Replay speed: 1 = real time, 10 = ten times faster; `Infinity` = no pacing. */
  readonly speed: number;
  /** Most records per write. @default 500 (PutRecords' limit) */
  readonly batchMax?: number;
  /** Longest a record waits for its batch to fill (paced runs). @default 100 */
  readonly lingerMs?: number;
  /** Stops the run early (Ctrl-C, a Lambda's time budget). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ProduceProgress) => void;
  /**
   * Awaited before each write: lets a host hold the producer back while its consumers catch up
   * (the local run bounds its backlog this way; a real stream simply buffers).
   */
  readonly beforeWrite?: () => Promise<void>;
  /** Clock and sleep, replaceable in tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ProduceProgress {
  /** Records written to the stream. */
  readonly sent: number;
  readonly retried: number;
  /** Creation time of the last post sent (epoch ms), when known. */
  readonly lastPostAt: number | undefined;
}

/** Waits `ms`, or less if the signal aborts meanwhile (a paced replay may wait for minutes). */
function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function produce(
  source: AsyncIterable<readonly SourceLine[]> | Iterable<readonly SourceLine[]>,
  writer: StreamWriter,
  o: ProduceOptions,
): Promise<ProduceProgress> {
  if (!(o.speed > 0)) throw new RangeError(`speed must be > 0 (or Infinity), got ${o.speed}`);
  const batchMax = o.batchMax ?? 500;
  const lingerMs = o.lingerMs ?? 100;
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  let sent = 0;
  let retried = 0;
  let lastPostAt: number | undefined;
  let origin: { post: number; wall: number } | undefined;
  let batch: StreamRecord[] = [];
  let batchSince = 0;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await o.beforeWrite?.();
    const report = await writer.write(batch);
    sent += report.written;
    retried += report.retried;
    batch = [];
    o.onProgress?.({ sent, retried, lastPostAt });
  };

  for await (const lines of source) {
    for (const s of lines) {
      if (o.signal?.aborted) {
        await flush();
        return { sent, retried, lastPostAt };
      }
      if (Number.isFinite(o.speed) && s.createdAt !== undefined) {
        origin ??= { post: s.createdAt, wall: now() };
        const due = origin.wall + (s.createdAt - origin.post) / o.speed;
        const wait = due - now();
        // Send what is gathered before waiting, so paced posts are not held back by the pause.
        if (wait > 0) {
          await flush();
          await sleep(wait, o.signal);
          if (o.signal?.aborted) return { sent, retried, lastPostAt };
        }
      }
      if (s.createdAt !== undefined) lastPostAt = s.createdAt;
      if (batch.length === 0) batchSince = now();
      batch.push(streamRecordOf(s, writer.maxRecordBytes));
      if (batch.length >= batchMax || (Number.isFinite(o.speed) && now() - batchSince >= lingerMs))
        await flush();
    }
  }
  await flush();
  return { sent, retried, lastPostAt };
}
