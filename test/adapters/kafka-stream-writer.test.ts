import type { Kafka, Producer, ProducerConfig, ProducerRecord } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { createKafka } from '../../lambda/adapters/kafka-client';
import { KafkaStreamWriter } from '../../lambda/adapters/kafka-stream-writer';
import { StreamWriteError } from '../../lambda/adapters/kinesis-stream-writer';
import type { StreamRecord } from '../../lambda/core/ports';
import { describeWithBroker, kcatRead, useKafkaBroker } from '../support/kafka';

const TOPIC = 'writer-posts';
const PARTITIONS = 3;

/** Posts 0..n-1 with ids as keys; every third post is sent twice (a copy, as X sometimes does). */
function records(n: number): StreamRecord[] {
  const out: StreamRecord[] = [];
  for (let i = 0; i < n; i++) {
    const id = String(1_000_000 + i);
    const r = { partitionKey: id, data: JSON.stringify({ id, text: `post ${i} ü` }), id };
    out.push(r);
    if (i % 3 === 0) out.push(r);
  }
  return out;
}

/** A producer that records what it was asked to send (for the options the broker does not show). */
function recordingKafka(fail = false): {
  kafka: Pick<Kafka, 'producer'>;
  configs: ProducerConfig[];
  sent: ProducerRecord[];
} {
  const configs: ProducerConfig[] = [];
  const sent: ProducerRecord[] = [];
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    send: async (r: ProducerRecord) => {
      if (fail && sent.length === 1)
        throw Object.assign(new Error('broker went away'), { name: 'KafkaJSConnectionError' });
      sent.push(r);
      return [];
    },
  } as unknown as Producer;
  return {
    kafka: {
      producer: (c?: ProducerConfig) => {
        configs.push(c ?? {});
        return producer;
      },
    },
    configs,
    sent,
  };
}

describe('KafkaStreamWriter', () => {
  test('GIVEN records WHEN written THEN each is a message keyed by its partition key, GZIP, all replicas acknowledging', async () => {
    const fake = recordingKafka();
    const writer = new KafkaStreamWriter({ kafka: fake.kafka, topic: TOPIC });
    const report = await writer.write(records(2500));
    expect(report.written).toBe(3334);
    expect(fake.sent.map((s) => s.messages.length)).toEqual([1000, 1000, 1000, 334]);
    for (const s of fake.sent) {
      expect(s).toMatchObject({ topic: TOPIC, compression: CompressionTypes.GZIP, acks: -1 });
      for (const m of s.messages) expect(JSON.parse(String(m.value)).id).toBe(m.key);
    }
    expect(fake.configs[0]).toMatchObject({ idempotent: false, allowAutoTopicCreation: false });
  });

  test('GIVEN idempotent WHEN the producer is made THEN it is idempotent with one request in flight', () => {
    const fake = recordingKafka();
    new KafkaStreamWriter({ kafka: fake.kafka, topic: TOPIC, idempotent: true });
    expect(fake.configs[0]).toMatchObject({ idempotent: true, maxInFlightRequests: 1 });
  });

  test('fails if a send fails, saying how many records were written before it', async () => {
    const fake = recordingKafka(true);
    const writer = new KafkaStreamWriter({ kafka: fake.kafka, topic: TOPIC });
    const err = (await writer.write(records(1500)).catch((e: unknown) => e)) as StreamWriteError;
    expect(err).toBeInstanceOf(StreamWriteError);
    expect(err.writtenCount).toBe(1000);
    expect(err.failedCount).toBe(1000);
    expect(err.message).toContain('topic "writer-posts"');
    expect(err.message).toContain('1000 record(s) were written');
  });

  test('fails if a record is over the 1 MiB bound, before sending anything', async () => {
    const fake = recordingKafka();
    const writer = new KafkaStreamWriter({ kafka: fake.kafka, topic: TOPIC });
    const big = { partitionKey: '1', data: 'x'.repeat(1024 * 1024) };
    await expect(writer.write([big])).rejects.toThrow(/record 0: data and partition key take 1048577 bytes/);
    expect(fake.sent).toEqual([]);
  });
});

describe('createKafka', () => {
  test('fails if iam auth has no token provider', () => {
    expect(() => createKafka({ brokers: ['b:9098'], clientId: 't', auth: 'iam' })).toThrow(
      /needs an OAUTHBEARER token provider/,
    );
  });
  test('fails if a broker is not host:port', () => {
    expect(() => createKafka({ brokers: ['localhost'], clientId: 't', auth: 'none' })).toThrow(
      /host:port, got "localhost"/,
    );
  });
});

describeWithBroker(
  'KafkaStreamWriter against the local broker',
  () => {
    const broker = useKafkaBroker([{ name: TOPIC, partitions: PARTITIONS }]);

    test('GIVEN posts with copies WHEN written THEN kcat reads every one, each copy of a post on one partition, in order', async () => {
      const kafka = createKafka({ brokers: broker().brokers, clientId: 'writer-test', auth: 'none' });
      const writer = new KafkaStreamWriter({ kafka, topic: TOPIC });
      const sent = records(900);
      try {
        await writer.write(sent.slice(0, 400));
        await writer.write(sent.slice(400));
      } finally {
        await writer.close();
      }
      const read = kcatRead(broker().brokers, TOPIC);
      expect(read).toHaveLength(sent.length);
      expect(read.map((m) => m.value).sort()).toEqual(sent.map((r) => r.data).sort());
      const partitionOf = new Map<string, Set<number>>();
      for (const m of read) partitionOf.set(m.key, (partitionOf.get(m.key) ?? new Set()).add(m.partition));
      expect([...partitionOf.values()].every((p) => p.size === 1)).toBe(true);
      expect(new Set(read.map((m) => m.partition)).size).toBe(PARTITIONS);
      // Within a partition, offsets follow the order the records were given.
      for (let p = 0; p < PARTITIONS; p++) {
        const inPartition = read.filter((m) => m.partition === p).sort((a, b) => a.offset - b.offset);
        const order = inPartition.map((m) => Number(m.key));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
    });

    test('GIVEN the mock broker WHEN an idempotent producer writes THEN the write fails with an error naming the topic and the cause', async () => {
      // The mock advertises controller id 0, so it cannot hand out producer ids: why idempotence is a setting.
      const kafka = createKafka({
        brokers: broker().brokers,
        clientId: 'writer-test',
        auth: 'none',
        timeoutMs: 3000,
      });
      const writer = new KafkaStreamWriter({ kafka, topic: TOPIC, idempotent: true });
      try {
        await expect(writer.write(records(1))).rejects.toThrow(
          /2 record\(s\) could not be written to topic "writer-posts" \(KafkaJSBrokerNotFound: Broker 0 not found/,
        );
      } finally {
        await writer.close().catch(() => undefined);
      }
    });
  },
  { kcat: true },
);
