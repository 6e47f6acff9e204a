/**
 * Every post counted once across a producer hand-over, whatever container processes it: run A of
 * the live producer streams posts 0–999 and hands over; run B gets 700–1999 from X (a reconnect
 * overlap of 300 posts). Two processor instances, each with its own in-memory state, read the
 * stream — each shard by one of them during run A and by the other after it, as when a new Lambda
 * container takes a shard over. Real handlers and SDK clients against kinesalite and dynalite.
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import * as fs from 'fs';
import * as path from 'path';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import { DynamoLease } from '../../lambda/adapters/dynamo-lease';
import { DynamoRecentIds } from '../../lambda/adapters/dynamo-recent-ids';
import { KinesisStreamWriter } from '../../lambda/adapters/kinesis-stream-writer';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createScorer } from '../../lambda/core/sentiment';
import { createProcessor, type ProcessorHandler } from '../../lambda/handlers/processor';
import { createXProducer } from '../../lambda/handlers/x-producer';
import { ensureBucket, ensureStream, ensureTable } from '../../lib/local/emulators';
import { kinesisEventFrom } from '../../lib/local/stream-consumer';
import { useEmulators } from '../support/emulators';
import { XTestServer } from './support/x-test-server';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const TOKEN = 'test-token';
const STREAM = 'handover';
const TABLE = 'handover';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/gop-2015-09-16.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;

/** Post i names one candidate, every seventh a second one: the expected counts follow from i alone. */
const NAMED = [
  ['trump', 'Trump'],
  ['bush', 'Jeb'],
  ['carson', 'Carson'],
  ['cruz', 'Cruz'],
  ['rubio', 'Rubio'],
] as const;
function candidatesOf(i: number): string[] {
  const first = NAMED[i % NAMED.length]!;
  const second = NAMED[(i + 2) % NAMED.length]!;
  return i % 7 === 0 ? [first[0], second[0]] : [first[0]];
}
function post(i: number): string {
  const names = candidatesOf(i).map((c) => NAMED.find(([id]) => id === c)![1]);
  return JSON.stringify({
    data: {
      id: String(640_000_000_000_000_000n + BigInt(i)),
      text: `${names.join(' and ')} ${i % 3 === 0 ? 'great answer' : 'terrible answer'} #GOPDebate`,
      author_id: String(1000 + (i % 37)),
      created_at: new Date(Date.parse('2015-09-17T00:30:00Z') + i * 250).toISOString(),
      lang: 'en',
    },
    matching_rules: [{ id: '1', tag: 'debate' }],
  });
}

describe('live producer hand-over + separate processor containers: every post counted once', () => {
  const aws = useEmulators();

  /** Feeds a processor everything in one shard after `after`, as an event source mapping would. */
  async function drain(processor: ProcessorHandler, shardId: string, after: string | undefined) {
    const kinesis = aws().kinesis;
    let it = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: STREAM,
          ShardId: shardId,
          ...(after === undefined
            ? { ShardIteratorType: 'TRIM_HORIZON' }
            : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after }),
        }),
      )
    ).ShardIterator!;
    let last = after;
    let records = 0;
    for (;;) {
      const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 100 }));
      const got = r.Records ?? [];
      if (got.length === 0) return { last, records };
      const event = kinesisEventFrom(got, { shardId, streamName: STREAM });
      expect(await processor(event)).toEqual({ batchItemFailures: [] });
      records += got.length;
      last = got[got.length - 1]!.SequenceNumber!;
      it = r.NextShardIterator!;
    }
  }

  test('GIVEN run A streams posts 0-999 and run B gets 700-1999 from X WHEN two processor containers split the shards THEN each candidate counts every unique post once', async () => {
    // GIVEN X: the first connection sends 0–999 and holds; the next one starts 300 posts back
    const server = new XTestServer({
      token: TOKEN,
      post,
      total: 2000,
      plans: [
        { send: 1000, then: 'hold' },
        { overlap: 300, then: 'hold' },
      ],
    });
    const apiUrl = await server.listen();
    await ensureStream(aws().kinesis, STREAM, 2);
    await ensureTable(aws().dynamo, TABLE);
    await ensureBucket(aws().s3, 'archive');
    const producerRun = (holder: string) =>
      createXProducer({
        writer: new KinesisStreamWriter({ client: aws().kinesis, streamName: STREAM }),
        lease: new DynamoLease({ client: aws().dynamo, tableName: TABLE, debateId: config.id, holder }),
        recentIds: new DynamoRecentIds({
          client: aws().dynamo,
          tableName: TABLE,
          debateId: config.id,
          holder,
        }),
        bearerToken: async () => TOKEN,
        apiUrl,
        leaseMaxWaitMs: 5000,
        logger: new Logger({ logLevel: 'SILENT' }),
        metrics: new Metrics({ namespace: 'test' }),
      })({}, { getRemainingTimeInMillis: () => 12_000 });
    const store = new DynamoAggregateStore({ client: aws().dynamo, tableName: TABLE });
    const container = () =>
      createProcessor({
        store,
        archive: new S3ArchiveStore({ client: aws().s3, bucket: 'archive' }),
        config,
        scorer: createScorer('vader'),
        bucketMs: 5000,
        logger: new Logger({ logLevel: 'SILENT' }),
      });
    const [p1, p2] = [container(), container()];
    const shards = (await aws().kinesis.send(new ListShardsCommand({ StreamName: STREAM }))).Shards!.map(
      (s) => s.ShardId!,
    );
    expect(shards).toHaveLength(2);
    try {
      // WHEN run A streams and hands over; p1 processes shard 0 and p2 shard 1
      const a = await producerRun('run-a');
      expect(a.leased).toBe(true);
      const first = [await drain(p1, shards[0]!, undefined), await drain(p2, shards[1]!, undefined)];
      // … run B takes the lease and X sends the overlap again; now p2 has shard 0 and p1 shard 1
      const b = await producerRun('run-b');
      expect(b.leased).toBe(true);
      expect(b.handoverGapMs).not.toBeNull();
      const second = [
        await drain(p2, shards[0]!, first[0]!.last),
        await drain(p1, shards[1]!, first[1]!.last),
      ];

      // THEN X really delivered the 300 posts twice, over two connections
      expect(server.connections).toBe(2);
      expect(server.deliveredCount()).toBe(2000);
      expect(a.sent + b.sent + b.duplicates).toBe(2300);
      for (const part of [...first, ...second]) expect(part.records).toBeGreaterThan(0);
      // … and every candidate's total equals the brute-force count of unique posts
      const want: Record<string, number> = {};
      for (let i = 0; i < 2000; i++) for (const c of candidatesOf(i)) want[c] = (want[c] ?? 0) + 1;
      const got: Record<string, number> = {};
      for (const c of Object.keys(want)) {
        got[c] = 0;
        for (const agg of (await store.readBuckets(config.id, c, 0, 8.64e15)).values()) got[c] += agg.count;
      }
      expect(got).toEqual(want);
    } finally {
      await server.close();
    }
  });
});
