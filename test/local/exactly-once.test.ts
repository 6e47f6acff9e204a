/**
 * Exactly-once in effect, with the real processor handler, the real DynamoDB adapter and dynalite:
 * redelivering a processed batch, a split of it, or the rest of a batch after a crash between item
 * writes leaves every stored aggregate as a single clean delivery left it. Each delivery uses a new
 * processor, as after a crash (so the in-memory de-duplication cannot hide a double count).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { KinesisStreamEvent } from 'aws-lambda';
import { toJSON } from '../../lambda/core/aggregate';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import { createProcessor } from '../../lambda/handlers/processor';
import { ensureBucket, ensureTable } from '../../lib/local/emulators';
import { useEmulators } from '../support/emulators';
import { kinesisEventOf } from '../support/kinesis-events';
import { Logger } from '@aws-lambda-powertools/logger';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/pres-2016-09-26.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;
const records = [...generateDebate(config, { minutes: 2, rate: 10, seed: 'once' })];
const lines = records.map((r) => encodeRecord(r, config));

const HOUR = 3600_000;
/** The hour the generated posts start in. */
const firstHour =
  Math.floor(
    Math.min(...records.flatMap((r) => (r.kind === 'malformed' ? [] : [r.tweet.createdAt]))) / HOUR,
  ) * HOUR;

/** A Kinesis event for records [from, to) of one shard, as the event source mapping builds it. */
const event = (from: number, to: number): KinesisStreamEvent => kinesisEventOf(lines.slice(from, to), from);

describe('processor + DynamoDB store: exactly-once in effect', () => {
  const aws = useEmulators();
  let tableNo = 0;

  /** A fresh table, and a factory of processors ("containers") writing to it. */
  async function table(afterItemWrite?: (n: number) => void) {
    const tableName = `aggregates-${tableNo++}`;
    await ensureTable(aws().dynamo, tableName);
    await ensureBucket(aws().s3, 'archive');
    const store = new DynamoAggregateStore({
      client: aws().dynamo,
      tableName,
      // Two writes in flight, so a crash leaves most items unwritten.
      ...(afterItemWrite ? { afterItemWrite, concurrency: 2 } : {}),
    });
    const cleanStore = new DynamoAggregateStore({ client: aws().dynamo, tableName });
    const archive = new S3ArchiveStore({ client: aws().s3, bucket: 'archive' });
    const container = (s = cleanStore) =>
      createProcessor({
        store: s,
        archive,
        config,
        scorer: createScorer('vader'),
        bucketMs: 5000,
        logger: new Logger({ logLevel: 'SILENT' }),
      });
    /** Every kind of stored item, read back: base buckets, series at each rollup level, extremes, hashtags. */
    const snapshot = async () => {
      const out: Record<string, unknown> = {};
      const candidates = Object.keys(config.candidates);
      for (const c of candidates) {
        for (const [t, agg] of await cleanStore.readBuckets(config.id, c, 0, 8.64e15))
          out[`${c}@${t}`] = toJSON(agg);
      }
      const from = firstHour;
      const window = { debateId: config.id, bucketMs: 5000, candidates, from, to: from + 2 * HOUR };
      for (const stepMs of [5000, 60_000, 600_000]) {
        for (const [c, steps] of await cleanStore.readSeries({ ...window, stepMs }))
          out[`series ${stepMs} ${c}`] = Object.fromEntries(steps);
      }
      // A window with edges inside minutes, read from every level.
      const edges = { ...window, from: from + 15_000, to: from + 95_000 };
      for (const w of [window, edges]) {
        out[`extremes ${w.from}`] = Object.fromEntries(await cleanStore.readExtremes(w));
        out[`hashtags ${w.from}`] = Object.fromEntries(await cleanStore.readHashtags(w));
      }
      return out;
    };
    return { store, container, snapshot };
  }

  test('GIVEN a processed batch WHEN it is delivered again, whole and split THEN every aggregate stays identical', async () => {
    const t = await table();
    const n = lines.length;
    expect(await t.container()(event(0, n))).toEqual({ batchItemFailures: [] });
    const once = await t.snapshot();
    expect(Object.keys(once).length).toBeGreaterThan(10);

    await t.container()(event(0, n));
    expect(await t.snapshot()).toEqual(once);
    await t.container()(event(0, Math.floor(n / 2)));
    await t.container()(event(Math.floor(n / 2), n));
    expect(await t.snapshot()).toEqual(once);
  });

  test('GIVEN a crash between item writes WHEN the batch is redelivered THEN the result equals one clean delivery', async () => {
    // GIVEN the reference: one clean delivery into its own table
    const clean = await table();
    await clean.container()(event(0, lines.length));
    const want = await clean.snapshot();
    // WHEN a processor dies after 3 item writes (its handler reports the batch failed) …
    let crash = true;
    const t = await table((k) => {
      if (crash && k === 3) throw new Error('killed');
    });
    const failed = await t.container(t.store)(event(0, lines.length));
    expect(failed.batchItemFailures).toHaveLength(1);
    crash = false;
    const partial = await t.snapshot();
    expect(partial).not.toEqual(want);
    // … and a new one gets the whole batch again
    await t.container()(event(0, lines.length));
    // THEN
    expect(await t.snapshot()).toEqual(want);
  });

  test('GIVEN a batch that failed between item writes WHEN the same container gets it again THEN the result equals one clean delivery', async () => {
    // GIVEN the reference, and a container whose store fails after 3 item writes once
    const clean = await table();
    await clean.container()(event(0, lines.length));
    const want = await clean.snapshot();
    let crash = true;
    const t = await table((k) => {
      if (crash && k === 3) throw new Error('throttled');
    });
    const warm = t.container(t.store);
    expect((await warm(event(0, lines.length))).batchItemFailures).toHaveLength(1);
    crash = false;
    // WHEN Lambda retries the batch in the same warm container (its in-memory de-duplication has
    // seen every post of it)
    expect(await warm(event(0, lines.length))).toEqual({ batchItemFailures: [] });
    // THEN no post is taken for a duplicate of itself
    expect(await t.snapshot()).toEqual(want);
  });

  test('GIVEN the aggregate write succeeded but the checkpoint was lost WHEN the next container re-reads it THEN nothing changes', async () => {
    const t = await table();
    await t.container()(event(0, 60));
    await t.container()(event(60, lines.length));
    const done = await t.snapshot();
    // The checkpoint after the first batch was lost: both batches are read again, differently split.
    await t.container()(event(0, lines.length));
    await t.container()(event(30, 90));
    expect(await t.snapshot()).toEqual(done);
  });
});
