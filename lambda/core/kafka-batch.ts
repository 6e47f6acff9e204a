/**
 * Kafka messages as the processor's batch input. The exactly-once design keys its watermarks by
 * shard and sequence number (see lambda/core/batch.ts); on Kafka the topic-partition stands for the
 * shard and the offset for the sequence number: offsets only grow within a partition, as sequence
 * numbers do within a shard, so the stores' watermarks hold unchanged. Used by the Kafka workers
 * (kafkajs) and by the MSK event source's decoding.
 */
import type { StreamLine } from './batch';

/** One message of a topic-partition, its value already decoded from UTF-8. */
export interface KafkaMessageIn {
  /** The message's offset in its partition, decimal. */
  readonly offset: string;
  /** The message's timestamp (epoch ms): when it reached the broker, or when the producer made it. */
  readonly timestampMs: number;
  /** The record's data: one JSON line. A message without a value reads as "" (rejected downstream). */
  readonly value: string;
}

/** A partition's messages for the processor: the shard it stands for and its lines. */
export interface KafkaBatchInput {
  readonly shardId: string;
  readonly lines: StreamLine[];
}

/**
 * The shard id a topic-partition stands for, `<topic>-<partition>` (Kafka's own way of naming one).
 * @throws RangeError on an empty topic or a partition that is not a non-negative integer.
 */
export function kafkaShardId(topic: string, partition: number): string {
  if (topic === '') throw new RangeError('topic must not be empty');
  if (!Number.isSafeInteger(partition) || partition < 0)
    throw new RangeError(`partition must be a non-negative integer, got ${partition}`);
  return `${topic}-${partition}`;
}

/**
 * One partition's messages, in offset order, as the batch input the Kinesis path builds: the
 * offset as the sequence number, the message timestamp as the arrival time.
 * @throws RangeError when an offset is not a decimal integer or offsets do not increase (a caller
 *   bug: exactly-once rests on offsets growing within a partition).
 */
export function kafkaBatchInput(
  topic: string,
  partition: number,
  messages: readonly KafkaMessageIn[],
): KafkaBatchInput {
  const shardId = kafkaShardId(topic, partition);
  let previous: bigint | undefined;
  const lines = messages.map((m): StreamLine => {
    if (!/^[0-9]{1,19}$/.test(m.offset))
      throw new RangeError(`${shardId}: offset must be a non-negative decimal integer, got "${m.offset}"`);
    const offset = BigInt(m.offset);
    if (previous !== undefined && offset <= previous)
      throw new RangeError(`${shardId}: offsets must increase, got ${m.offset} after ${previous}`);
    previous = offset;
    return { sequenceNumber: offset.toString(), arrivalMs: m.timestampMs, line: m.value };
  });
  return { shardId, lines };
}
