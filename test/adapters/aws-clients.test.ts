import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { dynamoClient, kinesisClient, s3Client } from '../../lambda/adapters/aws-clients';
import { emulatorEnv, ensureBucket, ensureStream, ensureTable } from '../../lib/local/emulators';
import { useEmulators } from '../support/emulators';

const aws = useEmulators();

/** Runs `body` with extra environment variables, restoring the environment afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>): void => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  set(vars);
  try {
    return await body();
  } finally {
    set(saved);
  }
}

describe('aws-clients', () => {
  test('GIVEN the emulator environment WHEN clients are built without options THEN each reaches its emulator', async () => {
    // GIVEN
    await ensureStream(aws().kinesis, 'env-posts', 1);
    await ensureTable(aws().dynamo, 'env-table');
    await ensureBucket(aws().s3, 'env-archive');
    await withEnv(
      { ...emulatorEnv(aws().endpoints), AWS_ENDPOINT_URL: undefined, AWS_PROFILE: undefined },
      async () => {
        // WHEN
        const kinesis = kinesisClient();
        const dynamo = dynamoClient();
        const s3 = s3Client();
        try {
          // THEN
          expect((await kinesis.send(new ListStreamsCommand({}))).StreamNames).toContain('env-posts');
          expect((await dynamo.send(new ListTablesCommand({}))).TableNames).toContain('env-table');
          // Path-style addressing: a bucket host name under 127.0.0.1 would not resolve.
          await s3.send(new PutObjectCommand({ Bucket: 'env-archive', Key: 'k', Body: 'v' }));
          const got = await s3.send(new GetObjectCommand({ Bucket: 'env-archive', Key: 'k' }));
          expect(await got.Body?.transformToString()).toBe('v');
        } finally {
          kinesis.destroy();
          dynamo.destroy();
          s3.destroy();
        }
      },
    );
  });

  test('GIVEN no AWS_REGION WHEN a client is built THEN its region is us-east-1', async () => {
    await withEnv({ AWS_REGION: undefined }, async () => {
      // WHEN
      const client = dynamoClient();
      // THEN
      await expect(client.config.region()).resolves.toBe('us-east-1');
      client.destroy();
    });
  });

  test('GIVEN AWS_REGION WHEN a client is built THEN it uses that region', async () => {
    await withEnv({ AWS_REGION: 'eu-west-3' }, async () => {
      // WHEN
      const client = kinesisClient();
      // THEN
      await expect(client.config.region()).resolves.toBe('eu-west-3');
      client.destroy();
    });
  });

  test('GIVEN no endpoint anywhere WHEN an S3 client is built THEN it keeps virtual-hosted addressing', async () => {
    await withEnv({ AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_S3: undefined }, async () => {
      // WHEN
      const client = s3Client();
      // THEN
      expect(client.config.forcePathStyle).toBeFalsy();
      client.destroy();
    });
  });
});
