/**
 * The Kafka path's raw archive: a second consumer group of the posts topic (beside the processor's)
 * behind its own MSK event source, writing every record as it came — one JSON line each, gzip —
 * under the layout Firehose writes on the Kinesis path, `raw/debate=<id>/date=…/hour=…/`, by the
 * record's timestamp in UTC. Object keys carry the partition and the offset range, so a redelivered
 * event overwrites its own objects instead of duplicating posts. Its environment: ./env/archiver-env.ts.
 */
import { gzipSync } from 'zlib';
import type { MSKEvent } from 'aws-lambda';
import { archiveKey } from '../core/archive-keys';
import type { ArchiveStore } from '../core/ports';
import { s3Client } from '../adapters/aws-clients';
import { S3ArchiveStore } from '../adapters/s3-archive-store';
import { parseArchiverEnv } from './env/archiver-env';
import type { StreamLine } from '../core/batch';
import { decodeMskEvent } from './msk-event';

const HOUR_MS = 3_600_000;

export interface KafkaArchiverDeps {
  readonly archive: ArchiveStore;
  readonly debateId: string;
}

export type KafkaArchiverHandler = (event: MSKEvent) => Promise<{ objects: number; records: number }>;

export function createKafkaArchiver(deps: KafkaArchiverDeps): KafkaArchiverHandler {
  return async (event) => {
    let objects = 0;
    let records = 0;
    for (const batch of decodeMskEvent(event)) {
      const byHour = new Map<number, StreamLine[]>();
      for (const r of batch.lines) {
        const hour = Math.floor(r.arrivalMs / HOUR_MS) * HOUR_MS;
        const list = byHour.get(hour) ?? [];
        list.push(r);
        byHour.set(hour, list);
      }
      for (const [hour, list] of byHour) {
        // A line per record, as Firehose appends a newline to each (a value's own newlines would split it).
        const lines = list.map((r) => r.line.replace(/\n/g, ' '));
        const key = archiveKey({
          kind: 'raw',
          debateId: deps.debateId,
          at: hour,
          shardId: batch.shardId,
          firstSequence: list[0]!.sequenceNumber,
          lastSequence: list[list.length - 1]!.sequenceNumber,
        });
        await deps.archive.put(key, gzipSync(lines.join('\n') + '\n'));
        objects += 1;
        records += list.length;
      }
    }
    return { objects, records };
  };
}

let fromEnvironment: KafkaArchiverHandler | undefined;

/** Lambda entry: the client is built on the first invocation and reused by the container. */
export const handler: KafkaArchiverHandler = (event) => {
  if (fromEnvironment === undefined) {
    const settings = parseArchiverEnv(process.env);
    fromEnvironment = createKafkaArchiver({
      debateId: settings.debateId,
      archive: new S3ArchiveStore({ client: s3Client(), bucket: settings.archiveBucket }),
    });
  }
  return fromEnvironment(event);
};
