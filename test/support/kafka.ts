/**
 * Jest helper: the local Kafka broker (librdkafka's mock cluster, lib/local/kafka-broker.ts) for
 * one test file. Tests that need it use `describeWithBroker`: where librdkafka-dev (or gcc) is
 * missing they are reported as skipped with the reason, and under CI a skip fails the run.
 */
import { spawnSync } from 'child_process';
import {
  mockBrokerAvailability,
  startKafkaBroker,
  type KafkaBroker,
  type KafkaTopicSpec,
} from '../../lib/local/kafka-broker';

const availability = mockBrokerAvailability();
export const HAVE_BROKER = availability.ok;
const reason = availability.ok ? '' : availability.reason;

/** kcat (Debian), the independent client the tests cross-check with; undefined when not installed. */
export const KCAT = spawnSync('kcat', ['-V']).status === 0 ? 'kcat' : undefined;

/**
 * `describe` when the broker (and kcat, if asked for) can run here, else a skip whose name says why.
 */
export function describeWithBroker(name: string, body: () => void, needs: { kcat?: boolean } = {}): void {
  const why = reason || (needs.kcat && KCAT === undefined ? 'kcat not found (apt-get install kcat)' : '');
  if (why === '') {
    describe(name, body);
    return;
  }
  process.stderr.write(`${name} SKIPPED: ${why}\n`);
  describe.skip(`${name} (SKIPPED: ${why})`, body);
}

/** A broker with `topics` for the enclosing describe; the getter throws before `beforeAll`. */
export function useKafkaBroker(topics: readonly KafkaTopicSpec[]): () => KafkaBroker {
  let broker: KafkaBroker | undefined;
  beforeAll(async () => {
    broker = await startKafkaBroker(topics);
  });
  afterAll(async () => {
    await broker?.stop();
  });
  return () => {
    if (broker === undefined)
      throw new Error('the Kafka broker is not running (use the getter inside a test)');
    return broker;
  };
}

/** Every message of a topic as kcat reads it: partition, offset, key and value per message. */
export function kcatRead(
  brokers: readonly string[],
  topic: string,
): { partition: number; offset: number; key: string; value: string }[] {
  if (KCAT === undefined) throw new Error('kcat is not installed (apt-get install kcat)');
  const r = spawnSync(KCAT, ['-C', '-b', brokers.join(','), '-t', topic, '-e', '-q', '-J'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { partition: number; offset: number; key: string; payload: string })
    .map((m) => ({ partition: m.partition, offset: m.offset, key: m.key, value: m.payload }));
}
