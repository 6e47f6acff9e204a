/**
 * The local stand-in for the cloud's Firehose delivery stream: a second consumer of the stream that
 * writes every record as it came (one JSON line each), gzip-compressed, partitioned by debate and
 * arrival hour. Object keys carry the shard (or topic-partition) and sequence (or offset) range, so
 * a redelivered batch overwrites its own object instead of duplicating posts.
 */
import { promisify } from 'util';
import { gzip as gzipCallback } from 'zlib';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { StreamLine } from '../../lambda/core/batch';
import type { ArchiveStore } from '../../lambda/core/ports';
import { archiveKey } from '../../lambda/core/archive-keys';
import type { StreamBatch } from '../../lambda/handlers/processor';
import type { StreamHandler } from './stream-consumer';

// Compressed on libuv's thread pool, off the event loop the processor and the API share locally.
const gzip = promisify(gzipCallback);

/** Archives one batch of any stream; resolves true once written. */
export function createBatchArchiver(
  archive: ArchiveStore,
  debateId: string,
): (batch: StreamBatch) => Promise<boolean> {
  return async ({ shardId, lines }) => {
    const byHour = new Map<number, StreamLine[]>();
    for (const l of lines) {
      const hour = Math.floor(l.arrivalMs / 3_600_000) * 3_600_000;
      const list = byHour.get(hour) ?? [];
      list.push(l);
      byHour.set(hour, list);
    }
    for (const [hour, records] of byHour) {
      const key = archiveKey({
        kind: 'raw',
        debateId,
        at: hour,
        shardId,
        firstSequence: records[0]!.sequenceNumber,
        lastSequence: records[records.length - 1]!.sequenceNumber,
      });
      await archive.put(key, await gzip(records.map((r) => r.line.replace(/\n/g, ' ')).join('\n') + '\n'));
    }
    return true;
  };
}

/** The archiver as a Kinesis event handler. */
export function createRawArchiver(archive: ArchiveStore, debateId: string): StreamHandler {
  const archiveBatch = createBatchArchiver(archive, debateId);
  return async (event: KinesisStreamEvent) => {
    if (event.Records.length === 0) return;
    await archiveBatch({
      shardId: event.Records[0]!.eventID.split(':')[0] ?? 'shard',
      lines: event.Records.map((r) => ({
        sequenceNumber: r.kinesis.sequenceNumber,
        arrivalMs: r.kinesis.approximateArrivalTimestamp * 1000,
        line: Buffer.from(r.kinesis.data, 'base64').toString('utf8'),
      })),
    });
  };
}
