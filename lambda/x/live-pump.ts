/**
 * Writes a live source to the stream as it arrives. The replay producer (lambda/producer/produce.ts)
 * fills a batch before writing when unpaced, which on a live stream would hold the last posts back
 * until more come; here each batch the source yields (everything that arrived while the previous
 * write was in flight, see `maxBatch`) is written at once, so latency stays one write.
 */
import type { StreamWriter } from '../core/ports';
import type { SourceLine } from '../io/post-file';
import type { ProduceProgress } from '../producer/produce';
import { streamRecordOf } from '../producer/stream-record';

export interface PumpOptions {
  readonly signal?: AbortSignal;
  /** Most records per write. @default 500 (PutRecords' limit) */
  readonly batchMax?: number;
  readonly onProgress?: (p: ProduceProgress) => void;
  /** Awaited before each write (the local run bounds its backlog with it). */
  readonly beforeWrite?: () => Promise<void>;
}

export async function pumpLive(
  source: AsyncIterable<readonly SourceLine[]>,
  writer: StreamWriter,
  o: PumpOptions = {},
): Promise<ProduceProgress> {
  const batchMax = o.batchMax ?? 500;
  let sent = 0;
  let retried = 0;
  for await (const lines of source) {
    for (let i = 0; i < lines.length; i += batchMax) {
      const records = lines.slice(i, i + batchMax).map((s) => streamRecordOf(s, writer.maxRecordBytes));
      await o.beforeWrite?.();
      const report = await writer.write(records);
      sent += report.written;
      retried += report.retried;
    }
    o.onProgress?.({ sent, retried, lastPostAt: undefined });
    if (o.signal?.aborted) break;
  }
  return { sent, retried, lastPostAt: undefined };
}
