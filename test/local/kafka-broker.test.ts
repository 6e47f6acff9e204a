import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createKafka } from '../../lambda/adapters/kafka-client';
import {
  BrokerSetupError,
  CACHE_DIR_ENV,
  mockBrokerProgram,
  startKafkaBroker,
} from '../../lib/local/kafka-broker';
import { describeWithBroker, KCAT, useKafkaBroker } from '../support/kafka';

/** A PATH whose gcc prints `stderr` and fails, as gcc does without librdkafka-dev. */
function fakeGcc(stderr: string): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-gcc-'));
  fs.writeFileSync(path.join(dir, 'gcc'), `#!/bin/sh\necho '${stderr}' >&2\nexit 1\n`, { mode: 0o755 });
  return { dir, env: { PATH: dir, [CACHE_DIR_ENV]: path.join(dir, 'cache') } };
}

describe('mockBrokerProgram', () => {
  const saved = process.env.PATH;
  afterEach(() => {
    process.env.PATH = saved;
  });

  test('fails if librdkafka-dev is missing, with one line naming the package to install', () => {
    const { env, dir } = fakeGcc(
      'mock-broker.c:15:10: fatal error: librdkafka/rdkafka.h: No such file or directory',
    );
    process.env.PATH = env.PATH;
    try {
      let err: unknown;
      try {
        mockBrokerProgram(env);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BrokerSetupError);
      const message = (err as Error).message;
      expect(message).toContain('apt-get install librdkafka-dev');
      expect(message).toContain('librdkafka/rdkafka.h: No such file or directory');
      expect(message).not.toContain('\n');
      expect(fs.readdirSync(path.join(dir, 'cache', 'kafka-broker'))).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails if gcc is not installed, naming gcc and librdkafka-dev', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-nogcc-'));
    process.env.PATH = dir;
    try {
      expect(() => mockBrokerProgram({ PATH: dir, [CACHE_DIR_ENV]: dir })).toThrow(
        'the local Kafka broker is built with gcc, which is not installed: apt-get install gcc librdkafka-dev',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithBroker(
  'the local Kafka broker',
  () => {
    const broker = useKafkaBroker([
      { name: 'broker-a', partitions: 4 },
      { name: 'broker-b', partitions: 1 },
    ]);

    test('GIVEN topics on the command line WHEN started THEN kafkajs sees them with their partitions', async () => {
      const kafka = createKafka({ brokers: broker().brokers, clientId: 'broker-test', auth: 'none' });
      const admin = kafka.admin();
      await admin.connect();
      try {
        const meta = await admin.fetchTopicMetadata({ topics: ['broker-a', 'broker-b'] });
        expect(meta.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([
          ['broker-a', 4],
          ['broker-b', 1],
        ]);
      } finally {
        await admin.disconnect();
      }
      expect(broker().brokers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
    });

    test('GIVEN a message from kcat WHEN kafkajs consumes the topic THEN it reads the same key and value', async () => {
      const put = spawnSync(KCAT!, ['-P', '-b', broker().brokers[0]!, '-t', 'broker-b', '-K', '\t'], {
        input: 'k1\t{"from":"kcat"}\n',
        encoding: 'utf8',
      });
      expect(put.status).toBe(0);
      const kafka = createKafka({ brokers: broker().brokers, clientId: 'broker-test', auth: 'none' });
      const consumer = kafka.consumer({ groupId: 'broker-test' });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic: 'broker-b', fromBeginning: true });
        const got = await new Promise<{ key: string; value: string }>((resolve) => {
          void consumer.run({
            eachMessage: async ({ message }) =>
              resolve({ key: String(message.key), value: String(message.value) }),
          });
        });
        expect(got).toEqual({ key: 'k1', value: '{"from":"kcat"}' });
      } finally {
        await consumer.disconnect();
      }
    });

    test('fails if a topic spec is bad, before starting anything', () => {
      expect(() => startKafkaBroker([{ name: 'a b', partitions: 1 }])).toThrow('topic name must be');
      expect(() => startKafkaBroker([{ name: 'ok', partitions: 0 }])).toThrow(
        'topic ok: partitions must be 1..1000, got 0',
      );
    });
  },
  { kcat: true },
);
