import * as fs from 'fs';
import * as path from 'path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { MSKEvent, MSKRecord } from 'aws-lambda';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import type { AggregateStore } from '../../lambda/core/ports';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { createProcessor } from '../../lambda/handlers/processor';
import { decodeMskEvent, MskEventError } from '../../lambda/handlers/msk-event';
import { createMskProcessor, PartitionsNotStoredError } from '../../lambda/handlers/msk-processor';
import { MemoryAggregateStore, MemoryArchiveStore } from '../support/memory-store';
import { kinesisEventOf } from '../support/kinesis-events';

// The processor's metrics are checked in processor.test.ts; here they would only fill the output.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/pres-2016-09-26.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;
const lines = [...generateDebate(config, { minutes: 1, rate: 8, seed: 'msk' })].map((r) =>
  encodeRecord(r, config),
);
const TOPIC = 'trendoff-posts';
const CLUSTER_ARN =
  'arn:aws:kafka:us-east-1:123456789012:cluster/trendoff/2b1c2d3e-0000-4000-8000-000000000000-s1';

/** An MSK record as the event source sends it (docs' example shape): base64 key and value. */
function mskRecord(partition: number, offset: number, line: string, key = `${offset}`): MSKRecord {
  return {
    topic: TOPIC,
    partition,
    offset,
    timestamp: 1_700_000_000_000 + offset * 1000,
    timestampType: 'CREATE_TIME',
    key: Buffer.from(key).toString('base64'),
    value: Buffer.from(line).toString('base64'),
    headers: [],
  };
}

/** An event holding `lines` split over partitions by index (k % partitions), records grouped by `topic-partition`. */
function mskEventOf(batch: readonly string[], partitions: number, firstOffset = 0): MSKEvent {
  const records: MSKEvent['records'] = {};
  batch.forEach((line, k) => {
    const p = k % partitions;
    (records[`${TOPIC}-${p}`] ??= []).push(mskRecord(p, firstOffset + Math.floor(k / partitions), line));
  });
  return {
    eventSource: 'aws:kafka',
    eventSourceArn: CLUSTER_ARN,
    bootstrapServers: 'b-1.trendoff.kafka-serverless.us-east-1.amazonaws.com:9098',
    records,
  };
}

/** The whole debate, every candidate, in 5-s steps. */
const WINDOW = {
  debateId: config.id,
  from: config.start - 3_600_000,
  to: config.end + 3_600_000,
  bucketMs: 5000,
  stepMs: 5000,
  candidates: Object.keys(config.candidates),
};

/** A value with every number rounded to 9 decimals and Maps as entry lists, for comparing sums. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e9) / 1e9;
  if (value instanceof Map) return [...value].map(([k, v]) => [k, rounded(v)]);
  if (Array.isArray(value)) return value.map(rounded);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

const deps = (store: AggregateStore) => ({
  store,
  archive: new MemoryArchiveStore(),
  config,
  scorer: createScorer('vader'),
  bucketMs: 5000,
  logger: new Logger({ logLevel: 'SILENT' }),
});

describe('decodeMskEvent', () => {
  test('GIVEN records keyed topic-partition, out of offset order WHEN decoded THEN one batch per partition in offset order, offsets as sequence numbers', () => {
    // GIVEN
    const event = mskEventOf([], 1);
    event.records = {
      [`${TOPIC}-1`]: [mskRecord(1, 11, 'b'), mskRecord(1, 10, 'a')],
      [`${TOPIC}-0`]: [mskRecord(0, 7, 'c')],
    };
    // WHEN
    const batches = decodeMskEvent(event);
    // THEN the partition is the shard, the offset the sequence number, the timestamp the arrival
    expect(batches).toEqual([
      {
        shardId: 'trendoff-posts-1',
        lines: [
          { sequenceNumber: '10', arrivalMs: 1_700_000_010_000, line: 'a' },
          { sequenceNumber: '11', arrivalMs: 1_700_000_011_000, line: 'b' },
        ],
      },
      {
        shardId: 'trendoff-posts-0',
        lines: [{ sequenceNumber: '7', arrivalMs: 1_700_000_007_000, line: 'c' }],
      },
    ]);
  });

  test('GIVEN a record without a value (a tombstone) WHEN decoded THEN it reads as an empty line, not lost', () => {
    const event = mskEventOf(['x'], 1);
    delete (event.records[`${TOPIC}-0`]![0] as Partial<MSKRecord>).value;
    expect(decodeMskEvent(event)[0]!.lines).toEqual([
      { sequenceNumber: '0', arrivalMs: 1_700_000_000_000, line: '' },
    ]);
  });

  test('fails if the event is not from the MSK event source, or a record lacks its offset', () => {
    expect(() => decodeMskEvent({ Records: [] } as unknown as MSKEvent)).toThrow(MskEventError);
    const event = mskEventOf(['x'], 1);
    delete (event.records[`${TOPIC}-0`]![0] as Partial<MSKRecord>).offset;
    expect(() => decodeMskEvent(event)).toThrow(/lacks its topic, partition or offset/);
  });
});

describe('MSK processor', () => {
  test('GIVEN the same posts through Kinesis (one shard) and MSK (three partitions) WHEN processed THEN the stored aggregates are the same', async () => {
    // GIVEN
    const kinesisStore = new MemoryAggregateStore();
    const mskStore = new MemoryAggregateStore();
    // WHEN
    await createProcessor(deps(kinesisStore))(kinesisEventOf(lines));
    await createMskProcessor(deps(mskStore))(mskEventOf(lines, 3));
    // THEN
    const kinesisSeries = await kinesisStore.readSeries(WINDOW);
    expect(kinesisSeries.size).toBeGreaterThan(0);
    // Counts exactly; sums up to the order floating-point additions were made in.
    expect(rounded(await mskStore.readSeries(WINDOW))).toEqual(rounded(kinesisSeries));
  });

  test('GIVEN an event already stored WHEN it is delivered again, whole or in part THEN nothing changes', async () => {
    // GIVEN
    const store = new MemoryAggregateStore();
    const process = createMskProcessor(deps(store));
    const event = mskEventOf(lines, 2);
    await process(event);
    const before = await store.readSeries(WINDOW);
    // WHEN the whole event, then a redelivery holding only its second half, arrive again
    await process(event);
    await process(mskEventOf(lines.slice(lines.length / 2), 2, lines.length / 4));
    // THEN
    expect(await store.readSeries(WINDOW)).toEqual(before);
  });

  test('GIVEN a store that fails WHEN an event is processed THEN the invocation fails naming the partitions, so the event source delivers it again', async () => {
    class FailingStore extends MemoryAggregateStore {
      override async applyBatch(): Promise<never> {
        throw new Error('ProvisionedThroughputExceededException');
      }
    }
    const run = createMskProcessor(deps(new FailingStore()))(mskEventOf(lines.slice(0, 10), 2));
    await expect(run).rejects.toThrow(PartitionsNotStoredError);
    await expect(run).rejects.toThrow('could not store partition(s) trendoff-posts-0, trendoff-posts-1');
  });
});
