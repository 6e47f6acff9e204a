/**
 * `trendoff worker --stream kafka` processes as a consumer group on the local broker, writing to
 * dynalite: a worker killed mid-stream (SIGKILL, so it neither commits nor leaves the group) and a
 * worker added mid-stream leave the aggregates exactly as one processor reading everything once.
 */
import type { ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Logger } from '@aws-lambda-powertools/logger';
import { toJSON } from '../../lambda/core/aggregate';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { createKafka } from '../../lambda/adapters/kafka-client';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import { kafkaBatchInput } from '../../lambda/core/kafka-batch';
import { kafkaEnvironment } from '../../lambda/handlers/env/kafka-env';
import { processorEnvironment } from '../../lambda/handlers/env/processor-env';
import { createBatchProcessor } from '../../lambda/handlers/processor';
import { emulatorEnv, ensureBucket, ensureTable } from '../../lib/local/emulators';
import { buildCli, spawnCli } from '../support/cli';
import { useEmulators } from '../support/emulators';
import { describeWithBroker, useKafkaBroker } from '../support/kafka';
import { produceLines, waitForGroupCaughtUp } from '../support/kafka-group';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/pres-2016-09-26.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;
const lines = [...generateDebate(config, { minutes: 4, rate: 15, seed: 'workers' })].map((r) =>
  encodeRecord(r, config),
);
const PARTITIONS = 4;
const BUCKET = 'archive';
const keyOf = (line: string, i: number): string => /"id":"(\d+)"/.exec(line)?.[1] ?? `line-${i}`;

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  stderr: string;
  readonly exited: Promise<number | null>;
}

describeWithBroker('trendoff worker --stream kafka: a consumer group', () => {
  const aws = useEmulators();
  const broker = useKafkaBroker([
    { name: 'killed', partitions: PARTITIONS },
    { name: 'rebalanced', partitions: PARTITIONS },
  ]);
  const running: Worker[] = [];
  let truth: Record<string, unknown>;

  beforeAll(async () => {
    buildCli();
    await ensureBucket(aws().s3, BUCKET);
    // The single-run truth: one processor reading every line once, in one partition.
    await ensureTable(aws().dynamo, 'truth');
    const store = new DynamoAggregateStore({ client: aws().dynamo, tableName: 'truth' });
    const process = createBatchProcessor({
      store,
      archive: new S3ArchiveStore({ client: aws().s3, bucket: BUCKET }),
      config,
      scorer: createScorer('vader'),
      bucketMs: 5000,
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    for (let i = 0; i < lines.length; i += 500) {
      const input = kafkaBatchInput(
        'truth',
        0,
        lines
          .slice(i, i + 500)
          .map((value, k) => ({ offset: String(i + k), timestampMs: Date.now(), value })),
      );
      expect(await process(input)).toBe(true);
    }
    truth = await snapshot(store);
    expect(Object.keys(truth).length).toBeGreaterThan(20);
  }, 120_000);

  afterEach(async () => {
    for (const w of running.splice(0)) {
      w.child.kill('SIGKILL');
      await w.exited;
    }
  });

  /**
   * Every candidate's base buckets, whole (counts, sums, extremes, hashtags). Sums are rounded to
   * 12 significant digits: posts added in another order (other batch boundaries) round differently.
   */
  async function snapshot(store: DynamoAggregateStore): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const c of Object.keys(config.candidates))
      for (const [t, agg] of await store.readBuckets(config.id, c, 0, 8.64e15))
        out[`${c}@${t}`] = JSON.parse(JSON.stringify(toJSON(agg)), (_k, v: unknown) =>
          typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v,
        );
    return out;
  }

  function startWorker(topic: string, table: string): Worker {
    const env = {
      ...emulatorEnv(aws().endpoints),
      ...processorEnvironment({
        debate: config,
        scorer: 'vader',
        bucketMs: 5000,
        tableName: table,
        archiveBucket: BUCKET,
      }),
      ...kafkaEnvironment({
        brokers: broker().brokers,
        topic,
        group: `group-${topic}`,
        auth: 'none',
        idempotent: false,
        // The mock broker refuses a follower's SyncGroup that comes after the leader's.
        leaderSyncDelayMs: 2000,
      }),
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    };
    // Small batches: many store writes in flight when a worker is killed.
    const child = spawnCli(
      ['worker', '--stream', 'kafka', '--batch-size', '40', '--batch-window', '100ms'],
      [],
      env,
    );
    const w: Worker = {
      child,
      stderr: '',
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    child.stderr.setEncoding('utf8').on('data', (c: string) => (w.stderr += c));
    child.stdout.setEncoding('utf8').on('data', (c: string) => (w.stderr += c));
    running.push(w);
    return w;
  }

  async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; workers said:\n${running.map((w) => w.stderr).join('\n---\n')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const holds = (w: Worker): boolean => /holding partition\(s\) \d/.test(w.stderr);

  test('GIVEN two workers WHEN one is SIGKILLed mid-stream THEN the other finishes its partitions and nothing is lost or doubled', async () => {
    await ensureTable(aws().dynamo, 'killed');
    const store = new DynamoAggregateStore({ client: aws().dynamo, tableName: 'killed' });
    const kafka = createKafka({ brokers: broker().brokers, clientId: 'test', auth: 'none' });
    const a = startWorker('killed', 'killed');
    const b = startWorker('killed', 'killed');
    await waitFor('both workers to hold partitions', () => holds(a) && holds(b));
    const half = Math.floor(lines.length / 2);
    await produceLines(kafka, 'killed', lines.slice(0, half), keyOf);
    // WHEN a's partitions are part processed, it dies without a word
    await waitFor('some posts stored', async () => Object.keys(await snapshot(store)).length > 0);
    a.child.kill('SIGKILL');
    expect(await a.exited).toBeNull();
    await produceLines(kafka, 'killed', lines.slice(half), (l, i) => keyOf(l, half + i));
    // THEN b takes a's partitions after the session timeout and the group reaches the end
    await waitForGroupCaughtUp(kafka, 'killed', 'group-killed');
    expect(b.stderr).toMatch(/holding partition\(s\) 0,1,2,3/);
    expect(await snapshot(store)).toEqual(truth);
  }, 180_000);

  test('GIVEN one worker WHEN a second joins mid-stream THEN the partitions are shared, the result equals one run, and SIGTERM drains both', async () => {
    await ensureTable(aws().dynamo, 'rebalanced');
    const store = new DynamoAggregateStore({ client: aws().dynamo, tableName: 'rebalanced' });
    const kafka = createKafka({ brokers: broker().brokers, clientId: 'test', auth: 'none' });
    const a = startWorker('rebalanced', 'rebalanced');
    await waitFor('the first worker to hold every partition', () =>
      /holding partition\(s\) 0,1,2,3/.test(a.stderr),
    );
    const half = Math.floor(lines.length / 2);
    await produceLines(kafka, 'rebalanced', lines.slice(0, half), keyOf);
    await waitFor('some posts stored', async () => Object.keys(await snapshot(store)).length > 0);
    // WHEN a second worker joins
    const b = startWorker('rebalanced', 'rebalanced');
    await produceLines(kafka, 'rebalanced', lines.slice(half), (l, i) => keyOf(l, half + i));
    await waitFor('the second worker to hold partitions', () => holds(b));
    await waitForGroupCaughtUp(kafka, 'rebalanced', 'group-rebalanced');
    // THEN each holds part of the topic, and the aggregates are one run's
    const last = (w: Worker) => [...w.stderr.matchAll(/holding partition\(s\) ([\d,]+|none)/g)].pop()?.[1];
    const held = [last(a), last(b)].map((p) => (p ?? '').split(',').filter((x) => x !== '' && x !== 'none'));
    expect(held.every((p) => p.length > 0)).toBe(true);
    expect([...held[0]!, ...held[1]!].sort()).toEqual(['0', '1', '2', '3']);
    expect(await snapshot(store)).toEqual(truth);
    // AND SIGTERM drains: committed, group left, exit 0
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    expect(a.stderr).toContain('trendoff worker: stopped: offsets committed, group left');
  }, 180_000);
});
