import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  emulatorEnv,
  ensureBucket,
  ensureStream,
  ensureTable,
  startEmulators,
  type Emulators,
} from '../../lib/local/emulators';
import { destroyClients, localClients, type LocalAws } from '../support/emulators';

/** Start the emulators, run `body` with clients, always stop them. */
async function withEmulators<T>(
  dataDir: string | undefined,
  body: (aws: LocalAws, emulators: Emulators) => Promise<T>,
): Promise<T> {
  const emulators = await startEmulators(dataDir === undefined ? {} : { dataDir });
  const aws = localClients(emulators.endpoints);
  try {
    return await body(aws, emulators);
  } finally {
    destroyClients(aws);
    await emulators.stop();
  }
}

async function writeOneOfEach(aws: LocalAws): Promise<void> {
  await ensureStream(aws.kinesis, 'posts', 2);
  await ensureTable(aws.dynamo, 'table');
  await ensureBucket(aws.s3, 'archive');
  await aws.kinesis.send(
    new PutRecordCommand({ StreamName: 'posts', PartitionKey: 'a', Data: Buffer.from('{"n":1}') }),
  );
  await aws.dynamo.send(
    new PutItemCommand({ TableName: 'table', Item: { pk: { S: 'p' }, sk: { S: 's' }, v: { N: '42' } } }),
  );
  await aws.s3.send(new PutObjectCommand({ Bucket: 'archive', Key: 'a/b.txt', Body: 'hello' }));
}

async function readOneOfEach(aws: LocalAws): Promise<{ records: string[]; item?: string; object: string }> {
  const shards = await aws.kinesis.send(new ListShardsCommand({ StreamName: 'posts' }));
  const records: string[] = [];
  for (const shard of shards.Shards ?? []) {
    const it = await aws.kinesis.send(
      new GetShardIteratorCommand({
        StreamName: 'posts',
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const out = await aws.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
    for (const r of out.Records ?? []) records.push(Buffer.from(r.Data ?? []).toString('utf8'));
  }
  const got = await aws.dynamo.send(
    new GetItemCommand({ TableName: 'table', Key: { pk: { S: 'p' }, sk: { S: 's' } } }),
  );
  const obj = await aws.s3.send(new GetObjectCommand({ Bucket: 'archive', Key: 'a/b.txt' }));
  return { records, item: got.Item?.v?.N, object: (await obj.Body?.transformToString()) ?? '' };
}

describe('startEmulators', () => {
  test('GIVEN no data dir WHEN started THEN all three services answer on 127.0.0.1 through the SDK', async () => {
    await withEmulators(undefined, async (aws, emulators) => {
      // THEN
      for (const url of Object.values(emulators.endpoints))
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await writeOneOfEach(aws);
      await expect(readOneOfEach(aws)).resolves.toEqual({
        records: ['{"n":1}'],
        item: '42',
        object: 'hello',
      });
    });
  });

  test('GIVEN a data dir WHEN the emulators are stopped and started again THEN stream, table and bucket data are still there', async () => {
    // GIVEN
    const dataDir = await fs.mkdtemp(join(tmpdir(), 'trendoff-emulators-'));
    try {
      await withEmulators(dataDir, (aws) => writeOneOfEach(aws));
      // WHEN
      const again = await withEmulators(dataDir, async (aws) => {
        // The helpers are idempotent: a restarted runner calls them again on existing resources.
        await ensureStream(aws.kinesis, 'posts', 2);
        await ensureTable(aws.dynamo, 'table');
        await ensureBucket(aws.s3, 'archive');
        return readOneOfEach(aws);
      });
      // THEN
      expect(again).toEqual({ records: ['{"n":1}'], item: '42', object: 'hello' });
      expect((await fs.readdir(dataDir)).sort()).toEqual(['dynamodb', 'kinesis', 's3']);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  test('fails if another running process holds the data dir, and starts once it is released', async () => {
    // GIVEN
    const dataDir = await fs.mkdtemp(join(tmpdir(), 'trendoff-emulators-'));
    try {
      const first = await startEmulators({ dataDir });
      // WHEN / THEN
      await expect(startEmulators({ dataDir })).rejects.toThrow(`is in use by process ${process.pid}`);
      await first.stop();
      const second = await startEmulators({ dataDir });
      await second.stop();
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  test('GIVEN a pid file left by a process that is gone WHEN started THEN the data dir is taken over', async () => {
    // GIVEN: no process has pid 2^22 + 1 (above the largest pid Linux or macOS hands out).
    const dataDir = await fs.mkdtemp(join(tmpdir(), 'trendoff-emulators-'));
    try {
      await fs.writeFile(join(dataDir, 'emulators.pid'), '4194305\n');
      // WHEN
      const emulators = await startEmulators({ dataDir });
      // THEN
      expect((await fs.readFile(join(dataDir, 'emulators.pid'), 'utf8')).trim()).toBe(String(process.pid));
      await emulators.stop();
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  test('GIVEN two in-memory runs WHEN the second starts THEN it sees nothing of the first', async () => {
    // GIVEN
    await withEmulators(undefined, (aws) => writeOneOfEach(aws));
    // WHEN / THEN
    await withEmulators(undefined, async (aws) => {
      await expect(readOneOfEach(aws)).rejects.toThrow(/not found/i);
    });
  });

  test('GIVEN endpoints WHEN emulatorEnv builds the environment THEN it names each endpoint for the SDK', () => {
    // WHEN
    const env = emulatorEnv({ kinesis: 'http://k', dynamodb: 'http://d', s3: 'http://s' });
    // THEN
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_KINESIS: 'http://k',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://d',
      AWS_ENDPOINT_URL_S3: 'http://s',
    });
  });

  test('GIVEN running emulators WHEN stop is called twice THEN the second call resolves too', async () => {
    // GIVEN
    const emulators = await startEmulators();
    // WHEN
    await emulators.stop();
    // THEN
    await expect(emulators.stop()).resolves.toBeUndefined();
  });
});
