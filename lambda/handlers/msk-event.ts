/**
 * The Lambda MSK event source's event, decoded: its records arrive grouped under `topic-partition`
 * keys, each with the partition, the offset, a timestamp and base64 key and value. Each partition
 * becomes the processor's batch input through the core mapping (lambda/core/kafka-batch.ts: the
 * partition stands for the shard, the offset for the sequence number), the one the Kafka workers
 * use too, so a partition read by a worker and by the Lambda keeps one watermark.
 */
import type { MSKEvent, MSKRecord } from 'aws-lambda';
import { kafkaBatchInput, type KafkaBatchInput, type KafkaMessageIn } from '../core/kafka-batch';

/** Thrown when an event is not what the MSK event source sends; names the first problem. */
export class MskEventError extends Error {
  override name = 'MskEventError';
}

/**
 * Every partition's records of an MSK event as batch inputs, each in offset order (partitions in
 * the event's order). A record without a value reads as "" (rejected downstream, not lost).
 * @throws MskEventError if the event is not an MSK event or a record lacks its topic, partition or offset.
 */
export function decodeMskEvent(event: MSKEvent): KafkaBatchInput[] {
  if (event.eventSource !== 'aws:kafka' || typeof event.records !== 'object' || event.records === null)
    throw new MskEventError(
      `not an MSK event (eventSource ${JSON.stringify(event.eventSource)}, expected "aws:kafka" with records)`,
    );
  const partitions = new Map<string, { topic: string; partition: number; records: MSKRecord[] }>();
  for (const [group, records] of Object.entries(event.records)) {
    if (!Array.isArray(records)) continue;
    for (const r of records as readonly MSKRecord[]) {
      if (typeof r.topic !== 'string' || !Number.isInteger(r.partition) || !Number.isInteger(r.offset))
        throw new MskEventError(`a record under "${group}" lacks its topic, partition or offset`);
      const id = `${r.topic}\u0000${r.partition}`;
      let entry = partitions.get(id);
      if (entry === undefined) {
        entry = { topic: r.topic, partition: r.partition, records: [] };
        partitions.set(id, entry);
      }
      entry.records.push(r);
    }
  }
  return [...partitions.values()].map(({ topic, partition, records }) =>
    kafkaBatchInput(
      topic,
      partition,
      [...records]
        .sort((a, b) => a.offset - b.offset)
        .map((r): KafkaMessageIn => ({
          offset: String(r.offset),
          timestampMs: r.timestamp,
          value: r.value ? Buffer.from(r.value, 'base64').toString('utf8') : '',
        })),
    ),
  );
}
