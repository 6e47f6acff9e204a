/**
 * The Lambda MSK event source's event, decoded: its records arrive grouped under `topic-partition`
 * keys, each with the partition, the offset, a timestamp and base64 key and value. The Kafka path
 * stores a partition exactly as the Kinesis path stores a shard: the partition stands for the shard
 * (shard id `topic-partition`) and the offset for the sequence number, so the processor's
 * watermarks work unchanged and a partition read by a worker and by the Lambda keeps one watermark.
 */
import type { KinesisStreamEvent, KinesisStreamRecord, MSKEvent, MSKRecord } from 'aws-lambda';

/** One partition's records of an event, in offset order. */
export interface KafkaPartitionBatch {
  /** `topic-partition`: the shard id the store keys watermarks by. */
  readonly shardId: string;
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly KafkaRecord[];
}

export interface KafkaRecord {
  /** The offset as a decimal string (the sequence number of the Kinesis path). */
  readonly offset: string;
  /** The record's timestamp (producer create time or broker append time), epoch ms. */
  readonly timestampMs: number;
  /** The value, base64 (as the event carries it); empty for a record without a value. */
  readonly valueBase64: string;
  /** The key (the post id), base64; absent when the record has none. */
  readonly keyBase64?: string;
}

/** The shard id of a Kafka partition: one definition for the Lambda path and the workers. */
export function kafkaShardId(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Thrown when an event is not what the MSK event source sends; names the first problem. */
export class MskEventError extends Error {
  override name = 'MskEventError';
}

/**
 * Every partition's records of an MSK event, each in offset order (partitions in the event's order).
 * @throws MskEventError if a record lacks its topic, partition or offset.
 */
export function decodeMskEvent(event: MSKEvent): KafkaPartitionBatch[] {
  if (event.eventSource !== 'aws:kafka' || typeof event.records !== 'object' || event.records === null)
    throw new MskEventError(
      `not an MSK event (eventSource ${JSON.stringify(event.eventSource)}, expected "aws:kafka" with records)`,
    );
  const batches: KafkaPartitionBatch[] = [];
  for (const [group, records] of Object.entries(event.records)) {
    if (!Array.isArray(records) || records.length === 0) continue;
    const byPartition = new Map<string, { topic: string; partition: number; records: KafkaRecord[] }>();
    for (const r of records as readonly MSKRecord[]) {
      if (typeof r.topic !== 'string' || !Number.isInteger(r.partition) || !Number.isInteger(r.offset))
        throw new MskEventError(`a record under "${group}" lacks its topic, partition or offset`);
      const shardId = kafkaShardId(r.topic, r.partition);
      let entry = byPartition.get(shardId);
      if (entry === undefined) {
        entry = { topic: r.topic, partition: r.partition, records: [] };
        byPartition.set(shardId, entry);
      }
      entry.records.push({
        offset: String(r.offset),
        timestampMs: r.timestamp,
        valueBase64: r.value ?? '',
        ...(r.key ? { keyBase64: r.key } : {}),
      });
    }
    for (const [shardId, entry] of byPartition) {
      entry.records.sort((a, b) => Number(a.offset) - Number(b.offset));
      batches.push({ shardId, ...entry });
    }
  }
  return batches;
}

/**
 * One partition's records as the event the processor reads (the Kinesis event source's shape,
 * offsets in place of sequence numbers), so both streams go through the same code.
 */
export function shardEventOf(batch: KafkaPartitionBatch, eventSourceArn: string): KinesisStreamEvent {
  return {
    Records: batch.records.map((r): KinesisStreamRecord => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: r.keyBase64 !== undefined ? Buffer.from(r.keyBase64, 'base64').toString('utf8') : '',
        sequenceNumber: r.offset,
        data: r.valueBase64,
        approximateArrivalTimestamp: r.timestampMs / 1000,
      },
      eventSource: 'aws:kafka',
      eventVersion: '1.0',
      eventID: `${batch.shardId}:${r.offset}`,
      eventName: 'aws:kafka:record',
      invokeIdentityArn: '',
      awsRegion: '',
      eventSourceARN: eventSourceArn,
    })),
  };
}
