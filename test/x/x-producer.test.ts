/**
 * The live producer handler end to end on loopback: the X test server streams posts, the handler
 * takes the DynamoDB lease (dynalite), writes every post to Kinesis (kinesalite) and stops before
 * its time budget; a second run during the first cannot open a second connection.
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoLease } from '../../lambda/adapters/dynamo-lease';
import { DynamoRecentIds } from '../../lambda/adapters/dynamo-recent-ids';
import { KinesisStreamWriter } from '../../lambda/adapters/kinesis-stream-writer';
import { createXProducer } from '../../lambda/handlers/x-producer';
import { ensureStream, ensureTable } from '../../lib/local/emulators';
import { useEmulators } from '../support/emulators';
import { postIndex, v2Post, XTestServer } from './support/x-test-server';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const TOKEN = 'test-token';

describe('x-producer handler', () => {
  const aws = useEmulators();

  async function streamContents(name: string): Promise<string[]> {
    const shard = (await aws().kinesis.send(new ListShardsCommand({ StreamName: name }))).Shards![0]!
      .ShardId!;
    let it = (
      await aws().kinesis.send(
        new GetShardIteratorCommand({ StreamName: name, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }),
      )
    ).ShardIterator!;
    const out: string[] = [];
    for (;;) {
      const r = await aws().kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
      if ((r.Records ?? []).length === 0) return out;
      out.push(...r.Records!.map((x) => Buffer.from(x.Data!).toString('utf8')));
      it = r.NextShardIterator!;
    }
  }

  test('GIVEN a live stream WHEN two runs start together THEN one holds the lease, every post reaches Kinesis, and it stops within its budget', async () => {
    // GIVEN a server with 300 posts, then holding the connection open
    const server = new XTestServer({
      token: TOKEN,
      post: v2Post,
      total: 300,
      plans: [{ send: 300, then: 'hold' }],
    });
    const apiUrl = await server.listen();
    await ensureStream(aws().kinesis, 'live', 1);
    await ensureTable(aws().dynamo, 'aggregates');
    const run = (holder: string) =>
      createXProducer({
        writer: new KinesisStreamWriter({ client: aws().kinesis, streamName: 'live' }),
        lease: new DynamoLease({
          client: aws().dynamo,
          tableName: 'aggregates',
          debateId: 'gop-2015-09-16',
          holder,
        }),
        recentIds: new DynamoRecentIds({
          client: aws().dynamo,
          tableName: 'aggregates',
          debateId: 'gop-2015-09-16',
          holder,
        }),
        bearerToken: async () => TOKEN,
        apiUrl,
        leaseMaxWaitMs: 300,
        logger: new Logger({ logLevel: 'SILENT' }),
        metrics: new Metrics({ namespace: 'test' }),
      });
    try {
      // WHEN two runs start at once, each with 12 s left (10 s are kept as the safety margin)
      const started = Date.now();
      const [a, b] = await Promise.all([
        run('run-a')({}, { getRemainingTimeInMillis: () => 12_000 }),
        run('run-b')({}, { getRemainingTimeInMillis: () => 12_000 }),
      ]);
      // THEN exactly one connected, and all 300 posts are in the stream, once each
      expect([a.leased, b.leased].sort()).toEqual([false, true]);
      expect(server.connections).toBe(1);
      expect((a.leased ? a : b).sent).toBe(300);
      const posts = (await streamContents('live')).map(postIndex);
      expect(posts).toEqual(Array.from({ length: 300 }, (_, i) => i));
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await server.close();
    }
  });
});
