/**
 * Local implementations of the AWS APIs trendoff uses, started in this process on loopback:
 * Kinesis (kinesalite), DynamoDB (dynalite) and S3 (s3rver). Clients reach them with the real SDK
 * through endpoint URLs, so the code under test is the code that runs in the cloud.
 */
import { createCipheriv } from 'crypto';
import { promises as fs } from 'fs';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  ResourceInUseException as StreamInUseException,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';
import S3rver from 's3rver';
import type { StaticCredentials } from '../../lambda/adapters/aws-clients';

export interface EmulatorEndpoints {
  readonly kinesis: string;
  readonly dynamodb: string;
  readonly s3: string;
}

export interface Emulators {
  /** `http://127.0.0.1:<port>` of each service. */
  readonly endpoints: EmulatorEndpoints;
  /** Closes the three servers and their stores (and removes the temporary S3 directory, if any). */
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /**
   * Directory for persistent state (`kinesis/`, `dynamodb/`, `s3/` below it), so a restart resumes.
   * One process at a time: starting on a directory another running process holds fails.
   * @default none: streams and tables in memory, S3 objects in a temporary directory removed on stop
   */
  readonly dataDir?: string;
}

/**
 * The credentials the emulators accept. s3rver checks signatures against this one fixed key pair;
 * kinesalite and dynalite accept any.
 */
export const EMULATOR_CREDENTIALS: StaticCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const HOST = '127.0.0.1';
const WAIT_ACTIVE_MS = 30_000;
/** Pid file that marks a data dir as in use. */
const LOCK_FILE = 'emulators.pid';

/** Starts the three emulators on 127.0.0.1, each on a port the OS picks. */
export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const { dataDir } = options;
  const dirs = dataDir === undefined ? undefined : await makeDirs(dataDir);
  const unlock = dataDir === undefined ? undefined : await lockDataDir(dataDir);
  let tempDir: string | undefined;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    // Reverse start order; every server is closed even if one fails, and the first error is reported.
    const results = await Promise.allSettled(stops.reverse().map((stop) => stop()));
    stops.length = 0;
    if (tempDir !== undefined) await fs.rm(tempDir, { recursive: true, force: true });
    await unlock?.();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };
  try {
    const kinesis = kinesalite({
      ...(dirs ? { path: dirs.kinesis } : {}),
      createStreamMs: 0,
      deleteStreamMs: 0,
      updateStreamMs: 0,
    });
    const kinesisPort = await listen(kinesis);
    stops.push(() => close(kinesis));

    const dynamo = dynalite({
      ...(dirs ? { path: dirs.dynamodb } : {}),
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    const dynamoPort = await listen(dynamo);
    stops.push(() => close(dynamo));

    const s3Dir = dirs?.s3 ?? (tempDir = await fs.mkdtemp(join(tmpdir(), 'trendoff-s3-')));
    const s3 = new S3rver({ address: HOST, port: 0, directory: s3Dir, silent: true });
    const s3Address = await s3.run();
    stops.push(() => s3.close());

    let stopped: Promise<void> | undefined;
    return {
      endpoints: {
        kinesis: `http://${HOST}:${kinesisPort}`,
        dynamodb: `http://${HOST}:${dynamoPort}`,
        s3: `http://${HOST}:${s3Address.port}`,
      },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}

/**
 * The environment that points the SDK clients of `aws-clients.ts` (and so every handler) at the
 * emulators: endpoints, a region and the credentials the emulators accept.
 */
export function emulatorEnv(endpoints: EmulatorEndpoints): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_KINESIS: endpoints.kinesis,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
  };
}

/**
 * Whether this Node process can serve S3 listings of more than one page: s3rver encrypts its
 * ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 only offers through its
 * legacy provider (`node --openssl-legacy-provider`). Without it every truncated ListObjectsV2
 * response (more than `MaxKeys`, at most 1,000, keys under the prefix) fails with HTTP 500;
 * listings that fit in one page work either way.
 */
export function s3PaginatedListingWorks(): boolean {
  try {
    createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

/** Creates the stream unless it exists, then waits until it is ACTIVE. An existing stream is kept as is. */
export async function ensureStream(client: KinesisClient, name: string, shards: number): Promise<void> {
  if (!Number.isSafeInteger(shards) || shards < 1) {
    throw new RangeError(`shard count must be a positive integer, got ${shards}`);
  }
  try {
    await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  } catch (err) {
    if (!(err instanceof StreamInUseException)) throw err;
  }
  await waitFor(`stream ${name} to become ACTIVE`, async () => {
    const out = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return out.StreamDescriptionSummary?.StreamStatus === 'ACTIVE';
  });
}

/**
 * Creates trendoff's single table (string keys `pk` and `sk`, on-demand) unless it exists, then
 * waits until it is ACTIVE.
 */
export async function ensureTable(client: DynamoDBClient, name: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await waitFor(`table ${name} to become ACTIVE`, async () => {
    const out = await client.send(new DescribeTableCommand({ TableName: name }));
    return out.Table?.TableStatus === 'ACTIVE';
  });
}

/** Creates the bucket unless this account already has it. */
export async function ensureBucket(client: S3Client, name: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } catch (err) {
    if (err instanceof BucketAlreadyOwnedByYou || err instanceof BucketAlreadyExists) return;
    throw err;
  }
}

async function makeDirs(dataDir: string): Promise<{ kinesis: string; dynamodb: string; s3: string }> {
  const dirs = {
    kinesis: join(dataDir, 'kinesis'),
    dynamodb: join(dataDir, 'dynamodb'),
    s3: join(dataDir, 's3'),
  };
  await Promise.all(Object.values(dirs).map((d) => fs.mkdir(d, { recursive: true })));
  return dirs;
}

/**
 * Claims the data dir for this process. LevelDB allows one opener per directory, and a second
 * kinesalite or dynalite on a held directory fails asynchronously, outside any promise: checking a
 * pid file first turns that into a clear error. A pid file of a process that is gone is taken over.
 * @returns a function that releases the claim.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(pid) && pid > 0 && isRunning(pid)) {
      throw new Error(`data dir ${dataDir} is in use by process ${pid} (remove ${file} if that is wrong)`);
    }
    await fs.rm(file, { force: true });
  }
  throw new Error(`could not claim data dir ${dataDir}: ${file} keeps reappearing`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Clients keep connections alive; idle ones would hold the server open until they time out.
    server.closeIdleConnections();
  });
}

async function waitFor(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_ACTIVE_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 500)) {
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_ACTIVE_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
