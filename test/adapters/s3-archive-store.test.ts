import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';
import { gunzipSync, gzipSync } from 'zlib';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import { archiveKey, debatePrefix } from '../../lambda/core/archive-keys';
import { ensureBucket } from '../../lib/local/emulators';
import { listingKey, type ListingReport } from './archive-listing-child';
import { uniqueName, useEmulators } from '../support/emulators';

const aws = useEmulators();

async function newStore(): Promise<{ store: S3ArchiveStore; bucket: string }> {
  const bucket = uniqueName('archive');
  await ensureBucket(aws().s3, bucket);
  return { store: new S3ArchiveStore({ client: aws().s3, bucket }), bucket };
}

async function listAll(store: S3ArchiveStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const k of store.list(prefix)) keys.push(k);
  return keys;
}

/**
 * Runs the listing script in a fresh Node, with or without OpenSSL's legacy provider (and no
 * NODE_OPTIONS inherited, so the flag is exactly what the test says).
 */
async function listInChild(keys: number, legacyProvider: boolean): Promise<ListingReport> {
  const args = [
    ...(legacyProvider ? ['--openssl-legacy-provider'] : []),
    '-r',
    require.resolve('ts-node/register/transpile-only'),
    join(__dirname, 'archive-listing-child.ts'),
    String(keys),
  ];
  const env = { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' };
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    env,
    cwd: join(__dirname, '..', '..'),
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as ListingReport;
}

describe('S3ArchiveStore', () => {
  test('GIVEN a gzip JSON Lines body WHEN put and got back THEN the bytes are identical and the object says what it holds', async () => {
    // GIVEN
    const { store, bucket } = await newStore();
    const lines = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ id: String(i), text: `post ${i} ✓` }),
    );
    const body = gzipSync(lines.join('\n') + '\n');
    const key = archiveKey({
      kind: 'raw',
      debateId: 'gop-2015-09-16',
      at: Date.UTC(2015, 8, 17, 1, 30),
      shardId: 'shardId-000000000000',
      firstSequence: '1',
      lastSequence: '200',
    });
    // WHEN
    await store.put(key, body);
    const got = await store.get(key);
    // THEN
    expect(got.equals(body)).toBe(true);
    expect(gunzipSync(got).toString('utf8').trimEnd().split('\n')).toEqual(lines);
    const head = await aws().s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head).toMatchObject({ ContentType: 'application/x-ndjson', ContentEncoding: 'gzip' });
  });

  test('GIVEN an existing key WHEN put again (a redelivered batch) THEN the object is replaced, not duplicated', async () => {
    // GIVEN
    const { store } = await newStore();
    await store.put('raw/a.jsonl.gz', gzipSync('old\n'));
    // WHEN
    await store.put('raw/a.jsonl.gz', gzipSync('new\n'));
    // THEN
    expect(gunzipSync(await store.get('raw/a.jsonl.gz')).toString()).toBe('new\n');
    expect(await listAll(store, 'raw/')).toEqual(['raw/a.jsonl.gz']);
  });

  test('GIVEN objects of two debates WHEN one debate is listed THEN only its keys come back, in key order', async () => {
    // GIVEN
    const { store } = await newStore();
    const body = gzipSync('{}\n');
    const keys = [listingKey(3), listingKey(1), listingKey(2)];
    for (const k of keys) await store.put(k, body);
    await store.put(`${debatePrefix('raw', 'other')}date=2015-09-17/hour=01/x.jsonl.gz`, body);
    await store.put(
      `${debatePrefix('quarantine', 'gop-2015-09-16')}date=2015-09-17/hour=01/x.jsonl.gz`,
      body,
    );
    // WHEN
    const listed = await listAll(store, debatePrefix('raw', 'gop-2015-09-16'));
    // THEN
    expect(listed).toEqual([...keys].sort());
    expect(await listAll(store, 'raw/debate=nobody/')).toEqual([]);
  });

  test('rejects a body that is not gzip', async () => {
    // GIVEN
    const { store } = await newStore();
    // WHEN / THEN
    await expect(store.put('raw/plain.jsonl.gz', Buffer.from('{"id":"1"}\n'))).rejects.toThrow(/not gzip/);
    expect(await listAll(store, 'raw/')).toEqual([]);
  });

  test('fails with NoSuchKey for a missing object', async () => {
    // GIVEN
    const { store } = await newStore();
    // WHEN / THEN
    await expect(store.get('raw/missing.jsonl.gz')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  // s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 only has in
  // its legacy provider: the flag Node starts with decides whether a listing can span pages, so
  // these run the listing in a child Node started each way.
  test('GIVEN Node with the legacy OpenSSL provider WHEN 1,050 keys are listed THEN every key comes back, in order, over two pages', async () => {
    // WHEN
    const report = await listInChild(1050, true);
    // THEN
    expect(report.legacyProvider).toBe(true);
    expect(report.listed).toEqual({ keys: Array.from({ length: 1050 }, (_, i) => listingKey(i)), calls: 2 });
    expect(report.truncated).toEqual({ ok: true });
  });

  test('GIVEN Node without the legacy provider WHEN a listing is truncated THEN s3rver fails it with a 500, while a one-page listing works', async () => {
    // WHEN
    const report = await listInChild(3, false);
    // THEN
    expect(report.legacyProvider).toBe(false);
    expect(report.listed).toEqual({ keys: [0, 1, 2].map(listingKey), calls: 1 });
    expect(report.truncated).toEqual({ error: 'InternalError', status: 500 });
  });
});
