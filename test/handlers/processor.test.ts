import * as fs from 'fs';
import * as path from 'path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { KinesisStreamEvent } from 'aws-lambda';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import type { AggregateStore } from '../../lambda/core/ports';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { PROCESSOR_METRICS, PROCESSOR_SERVICE } from '../../lambda/handlers/env/processor-env';
import { METRICS_NAMESPACE } from '../../lambda/handlers/handler-config';
import { createProcessor } from '../../lambda/handlers/processor';
import { MemoryAggregateStore, MemoryArchiveStore } from '../support/memory-store';
import { kinesisEventOf } from '../support/kinesis-events';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/pres-2016-09-26.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;
const lines = [...generateDebate(config, { minutes: 1, rate: 5, seed: 'metrics' })].map((r) =>
  encodeRecord(r, config),
);

/** One shard's batch of every line, as the event source mapping builds it. */
const batch = (): KinesisStreamEvent => kinesisEventOf(lines);

type Emf = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
};

/** The EMF documents Powertools writes to stdout while `run` runs. */
async function publishedDuring(run: () => Promise<unknown>): Promise<Emf[]> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run().catch(() => undefined);
  } finally {
    spy.mockRestore();
  }
  return written
    .flatMap((w) => w.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Emf);
}

const metricNames = (docs: Emf[]): string[] =>
  docs.flatMap((d) => d._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name)));

/** A store whose batch writes fail, as a throttled or unreachable table does. */
class FailingStore extends MemoryAggregateStore implements AggregateStore {
  override async applyBatch(): Promise<never> {
    throw new Error('ProvisionedThroughputExceededException');
  }
}

describe('processor handler metrics', () => {
  beforeAll(() => {
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    delete process.env.POWERTOOLS_DEV;
  });

  const processor = (store: AggregateStore, onBatch?: () => void) =>
    createProcessor({
      store,
      archive: new MemoryArchiveStore(),
      config,
      scorer: createScorer('vader'),
      bucketMs: 5000,
      logger: new Logger({ logLevel: 'SILENT' }),
      ...(onBatch ? { onBatch } : {}),
    });

  test('GIVEN a stored batch WHEN processed THEN its counts are published in the handlers’ namespace with the service dimension', async () => {
    const docs = await publishedDuring(() => processor(new MemoryAggregateStore())(batch()));
    expect(docs).toHaveLength(1);
    expect(docs[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe(METRICS_NAMESPACE);
    expect(docs[0]!.service).toBe(PROCESSOR_SERVICE);
    expect(docs[0]![PROCESSOR_METRICS.recordsIn]).toBe(lines.length);
    expect(metricNames(docs)).not.toContain(PROCESSOR_METRICS.batchesFailed);
  });

  test('GIVEN a store that fails WHEN a batch is processed THEN a retry is asked for and one failed batch is published, no counts', async () => {
    let response: unknown;
    const docs = await publishedDuring(async () => {
      response = await processor(new FailingStore())(batch());
    });
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: batch().Records[0]!.kinesis.sequenceNumber }],
    });
    expect(docs).toHaveLength(1);
    expect(docs[0]![PROCESSOR_METRICS.batchesFailed]).toBe(1);
    expect(metricNames(docs)).not.toContain(PROCESSOR_METRICS.recordsIn);
  });

  test('GIVEN a failing store and a progress callback that throws WHEN a batch is processed THEN the failed batch is still published', async () => {
    const docs = await publishedDuring(() =>
      processor(new FailingStore(), () => {
        throw new Error('progress line broke');
      })(batch()),
    );
    expect(metricNames(docs)).toEqual([PROCESSOR_METRICS.batchesFailed]);
  });
});
