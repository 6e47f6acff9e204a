/**
 * The local stand-in for the cloud's Firehose delivery stream: a second consumer of the stream that
 * writes every record as it came (one JSON line each), gzip-compressed, partitioned by debate and
 * arrival hour. Object keys carry the shard and sequence range, so a redelivered batch overwrites
 * its own object instead of duplicating posts.
 */
import { promisify } from 'util';
import { gzip as gzipCallback } from 'zlib';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { ArchiveStore } from '../../lambda/core/ports';
import { archiveKey } from '../../lambda/core/archive-keys';
import type { StreamHandler } from './stream-consumer';

// Compressed on libuv's thread pool, off the event loop the processor and the API share locally.
const gzip = promisify(gzipCallback);

export function createRawArchiver(archive: ArchiveStore, debateId: string): StreamHandler {
  return async (event: KinesisStreamEvent) => {
    const byHour = new Map<number, KinesisStreamEvent['Records']>();
    for (const r of event.Records) {
      const hour = Math.floor(r.kinesis.approximateArrivalTimestamp / 3600) * 3_600_000;
      const list = byHour.get(hour) ?? [];
      list.push(r);
      byHour.set(hour, list);
    }
    for (const [hour, records] of byHour) {
      const lines = records.map((r) =>
        Buffer.from(r.kinesis.data, 'base64').toString('utf8').replace(/\n/g, ' '),
      );
      const key = archiveKey({
        kind: 'raw',
        debateId,
        at: hour,
        shardId: records[0]!.eventID.split(':')[0] ?? 'shard',
        firstSequence: records[0]!.kinesis.sequenceNumber,
        lastSequence: records[records.length - 1]!.kinesis.sequenceNumber,
      });
      await archive.put(key, await gzip(lines.join('\n') + '\n'));
    }
  };
}
