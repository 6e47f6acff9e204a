import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { KinesisStreamWriter } from '../../lambda/adapters/kinesis-stream-writer';
import { replayFormatFromEnv, replaySpeedFromEnv } from '../../lambda/handlers/env/producer-env';
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

/** Every record of a one-shard stream, as text, in order. */
async function readStream(aws: ReturnType<ReturnType<typeof useEmulators>>, name: string, count: number) {
  const shard = (await aws.kinesis.send(new ListShardsCommand({ StreamName: name }))).Shards![0]!.ShardId!;
  let it = (
    await aws.kinesis.send(
      new GetShardIteratorCommand({ StreamName: name, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }),
    )
  ).ShardIterator!;
  const got: string[] = [];
  while (got.length < count) {
    const r = await aws.kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
    got.push(...(r.Records ?? []).map((x) => Buffer.from(x.Data!).toString('utf8')));
    it = r.NextShardIterator!;
  }
  return got;
}

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

  test('GIVEN a recording with a non-JSON first line and a line over the record limit in bytes WHEN the handler runs THEN the run goes to the end, the big line goes on as a quarantine record', async () => {
    // GIVEN no extension that says the format; 349,520 × "€" is 1,048,568 bytes, over 1 MiB with its key
    await ensureBucket(aws().s3, 'replays');
    await ensureStream(aws().kinesis, 'mixed', 1);
    const big = `{"x":"${'€'.repeat(349_520)}"}`;
    const lines = ['not a post', line(1), big, line(2), line(3)];
    await aws().s3.send(new PutObjectCommand({ Bucket: 'replays', Key: 'mixed', Body: lines.join('\n') }));
    const handler = createReplayProducer({
      writer: new KinesisStreamWriter({ client: aws().kinesis, streamName: 'mixed' }),
      s3: aws().s3,
      replayUri: 's3://replays/mixed',
      speed: Infinity,
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    // WHEN
    const result = await handler({}, { getRemainingTimeInMillis: () => 60_000 });
    // THEN
    expect(result.sent).toBe(5);
    const got = await readStream(aws(), 'mixed', 5);
    expect(got.filter((g) => g !== got[2])).toEqual(lines.filter((l) => l !== big));
    expect(JSON.parse(got[2]!)).toEqual({
      quarantine: {
        reason: expect.stringMatching(
          /^record of 1048580 bytes .* over the stream's limit of 1048576 bytes$/,
        ),
        sample: big.slice(0, 2048),
      },
    });
  });

  test('GIVEN a CSV recording named .jsonl and format csv WHEN the handler runs THEN its rows are read as CSV', async () => {
    await ensureBucket(aws().s3, 'replays');
    await ensureStream(aws().kinesis, 'csv', 1);
    const body = 'id,created_at,author_id,text\n301,2016-09-27T01:00:00.000Z,5,hello\n';
    await aws().s3.send(new PutObjectCommand({ Bucket: 'replays', Key: 'odd.jsonl', Body: body }));
    const handler = createReplayProducer({
      writer: new KinesisStreamWriter({ client: aws().kinesis, streamName: 'csv' }),
      s3: aws().s3,
      replayUri: 's3://replays/odd.jsonl',
      speed: Infinity,
      format: replayFormatFromEnv({ REPLAY_FORMAT: 'csv' }),
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    expect((await handler({}, { getRemainingTimeInMillis: () => 60_000 })).sent).toBe(1);
    const [record] = await readStream(aws(), 'csv', 1);
    expect(JSON.parse(record!)).toEqual(expect.objectContaining({ id: '301', text: 'hello', format: 'csv' }));
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

  test('fails if REPLAY_FORMAT is not jsonl, csv or auto, naming it', () => {
    expect(replayFormatFromEnv({})).toBe('auto');
    expect(replayFormatFromEnv({ REPLAY_FORMAT: 'jsonl' })).toBe('jsonl');
    expect(() => replayFormatFromEnv({ REPLAY_FORMAT: 'JSON' })).toThrow(
      'REPLAY_FORMAT must be one of auto, jsonl, csv, got "JSON"',
    );
  });

  test('fails if REPLAY_SPEED is not a positive number or max, naming it', () => {
    expect(replaySpeedFromEnv({ REPLAY_SPEED: 'max' })).toBe(Infinity);
    expect(replaySpeedFromEnv({})).toBe(1);
    expect(() => replaySpeedFromEnv({ REPLAY_SPEED: 'fast' })).toThrow(
      'REPLAY_SPEED must be a number > 0 or "max", got "fast"',
    );
  });
});
