/**
 * Test helpers around consumer groups on the local broker: producing a list of lines, and waiting
 * until a group has committed every partition to its end.
 */
import type { Kafka } from 'kafkajs';
import { KafkaStreamWriter } from '../../lambda/adapters/kafka-stream-writer';

/** Writes lines keyed by their index (as the producer keys by post id), in chunks. */
export async function produceLines(
  kafka: Kafka,
  topic: string,
  lines: readonly string[],
  keyOf: (line: string, index: number) => string,
): Promise<void> {
  const writer = new KafkaStreamWriter({ kafka, topic });
  try {
    await writer.write(lines.map((data, i) => ({ partitionKey: keyOf(data, i), data })));
  } finally {
    await writer.close();
  }
}

/** Resolves once `groupId` has committed every partition of `topic` up to its end. */
export async function waitForGroupCaughtUp(
  kafka: Kafka,
  topic: string,
  groupId: string,
  timeoutMs = 90_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      if (ends.every((e) => (done.get(e.partition) ?? -1) >= Number(e.high))) return;
      last = JSON.stringify({ ends: ends.map((e) => e.high), committed: [...done] });
      if (Date.now() > deadline) throw new Error(`group ${groupId} did not catch up: ${last}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await admin.disconnect();
  }
}
