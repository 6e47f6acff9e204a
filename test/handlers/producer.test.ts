import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { KinesisStreamWriter } from '../../lambda/adapters/kinesis-stream-writer';
import { replaySpeedFromEnv } from '../../lambda/handlers/env/producer-env';
import { createReplayProducer } from '../../lambda/handlers/producer';
import { ensureBucket, ensureStream } from '../../lib/local/emulators';
import { useEmulators } from '../support/emulators';

const line = (i: number) =>
  JSON.stringify({
    data: {
      id: String(1000 + i),
      text: `post ${i}`,
      author_id: String(i % 7),
      created_at: new Date(1_474_938_000_000 + i * 10).toISOString(),
    },
  });

describe('replay producer handler', () => {
  const aws = useEmulators();

  test('GIVEN a replay object in S3 WHEN the handler runs THEN every post reaches the stream, in order per author', async () => {
    // GIVEN
    await ensureBucket(aws().s3, 'replays');
    await ensureStream(aws().kinesis, 'posts', 1);
    const lines = Array.from({ length: 1200 }, (_, i) => line(i));
    await aws().s3.send(new PutObjectCommand({ Bucket: 'replays', Key: 'd.jsonl', Body: lines.join('\n') }));
    const handler = createReplayProducer({
      writer: new KinesisStreamWriter({ client: aws().kinesis, streamName: 'posts' }),
      s3: aws().s3,
      replayUri: 's3://replays/d.jsonl',
      speed: Infinity,
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    // WHEN
    const result = await handler({}, { getRemainingTimeInMillis: () => 60_000 });
    // THEN
    expect(result.sent).toBe(1200);
    const shard = (await aws().kinesis.send(new ListShardsCommand({ StreamName: 'posts' }))).Shards![0]!
      .ShardId!;
    let it = (
      await aws().kinesis.send(
        new GetShardIteratorCommand({
          StreamName: 'posts',
          ShardId: shard,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator!;
    const got: string[] = [];
    while (got.length < 1200) {
      const r = await aws().kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
      got.push(...(r.Records ?? []).map((x) => Buffer.from(x.Data!).toString('utf8')));
      it = r.NextShardIterator!;
    }
    expect(got).toEqual(lines);
  });

  test('GIVEN almost no time left WHEN the handler runs THEN it stops cleanly without writing past its budget', async () => {
    await ensureBucket(aws().s3, 'replays');
    await ensureStream(aws().kinesis, 'slow', 1);
    await aws().s3.send(
      new PutObjectCommand({
        Bucket: 'replays',
        Key: 'slow.jsonl',
        Body: [line(0), line(100000)].join('\n'),
      }),
    );
    const handler = createReplayProducer({
      writer: new KinesisStreamWriter({ client: aws().kinesis, streamName: 'slow' }),
      s3: aws().s3,
      replayUri: 's3://replays/slow.jsonl',
      speed: 1, // the second post is 1,000 s later in real time
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const started = Date.now();
    const result = await handler({}, { getRemainingTimeInMillis: () => 10_300 });
    expect(result.sent).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test('fails if REPLAY_SPEED is not a positive number or max, naming it', () => {
    expect(replaySpeedFromEnv({ REPLAY_SPEED: 'max' })).toBe(Infinity);
    expect(replaySpeedFromEnv({})).toBe(1);
    expect(() => replaySpeedFromEnv({ REPLAY_SPEED: 'fast' })).toThrow(
      'REPLAY_SPEED must be a number > 0 or "max", got "fast"',
    );
  });
});
