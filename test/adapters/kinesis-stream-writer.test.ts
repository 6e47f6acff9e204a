import { readFileSync } from 'fs';
import { join } from 'path';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
  type PutRecordsInput,
  type PutRecordsCommandOutput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { kinesisClient } from '../../lambda/adapters/aws-clients';
import {
  KinesisStreamWriter,
  MAX_BYTES_PER_CALL,
  MAX_RECORDS_PER_CALL,
  StreamWriteError,
} from '../../lambda/adapters/kinesis-stream-writer';
import type { StreamRecord } from '../../lambda/core/ports';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { EMULATOR_CREDENTIALS, ensureStream } from '../../lib/local/emulators';
import { uniqueName, useEmulators } from '../support/emulators';

const aws = useEmulators();

/** A client of its own per test, so middleware added by one test stays out of the others. */
function freshClient(): KinesisClient {
  return kinesisClient({
    endpoint: aws().endpoints.kinesis,
    region: 'us-east-1',
    credentials: EMULATOR_CREDENTIALS,
  });
}

/** Synthetic X API v2 lines keyed by author, as the producer writes them. */
function syntheticRecords(n: number): StreamRecord[] {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', 'gop-2015-09-16.json'), 'utf8');
  const parsed = parseDebateConfig(text);
  if (!parsed.ok) throw new Error('example debate config is invalid');
  const out: StreamRecord[] = [];
  for (const r of generateDebate(parsed.config, { minutes: 1, rate: n / 30, seed: 7 })) {
    if (r.kind !== 'tweet') continue;
    out.push({ partitionKey: r.tweet.author.id, data: encodeRecord(r, parsed.config) });
    if (out.length === n) break;
  }
  if (out.length < n) throw new Error(`generator gave ${out.length} records, wanted ${n}`);
  return out;
}

interface ReadRecord {
  readonly partitionKey: string;
  readonly data: string;
}

/** Every record in the stream, shard by shard, each shard in sequence order. */
async function readStream(client: KinesisClient, stream: string): Promise<ReadRecord[][]> {
  const shards = await client.send(new ListShardsCommand({ StreamName: stream }));
  const out: ReadRecord[][] = [];
  for (const shard of shards.Shards ?? []) {
    const records: ReadRecord[] = [];
    let iterator = (
      await client.send(
        new GetShardIteratorCommand({
          StreamName: stream,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    while (iterator !== undefined) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      const got = page.Records ?? [];
      for (const r of got) {
        records.push({
          partitionKey: r.PartitionKey ?? '',
          data: Buffer.from(r.Data ?? []).toString('utf8'),
        });
      }
      iterator = got.length === 0 ? undefined : page.NextShardIterator;
    }
    out.push(records);
  }
  return out;
}

/** Records of each partition key, in stream order (one key always maps to one shard). */
function byKey(records: readonly ReadRecord[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const r of records) m.set(r.partitionKey, [...(m.get(r.partitionKey) ?? []), r.data]);
  return m;
}

interface CallLog {
  readonly records: number;
  readonly bytes: number;
}

/** Logs every PutRecords call the client sends: record count and data + key bytes. */
function logCalls(client: KinesisClient): CallLog[] {
  const calls: CallLog[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutRecordsCommand') {
        const input = args.input as PutRecordsInput;
        const entries = input.Records ?? [];
        calls.push({
          records: entries.length,
          bytes: entries.reduce(
            (s, e) => s + (e.Data?.length ?? 0) + Buffer.byteLength(e.PartitionKey ?? ''),
            0,
          ),
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'logPutRecords', priority: 'high' },
  );
  return calls;
}

/**
 * Makes PutRecords calls fail some entries the way Kinesis reports a throttled shard: the chosen
 * entries are taken out of the request (so they are really not written) and come back with
 * `ErrorCode` in their slot, with `FailedRecordCount` set. `pick(call, entries)` gives the indices to
 * fail in that call (0-based call number).
 */
function injectThrottling(client: KinesisClient, pick: (call: number, entries: number) => number[]): void {
  let call = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutRecordsCommand') return next(args);
      const input = args.input as PutRecordsInput;
      const all = input.Records ?? [];
      const failing = new Set(pick(call++, all.length));
      if (failing.size === 0) return next(args);
      const kept = all.filter((_, i) => !failing.has(i));
      const empty: PutRecordsCommandOutput = { Records: [], FailedRecordCount: 0, $metadata: {} };
      const sent =
        kept.length > 0
          ? await next({ ...args, input: { ...input, Records: kept } })
          : { output: empty, response: {} };
      const real = (sent.output as PutRecordsCommandOutput).Records ?? [];
      let k = 0;
      const merged: PutRecordsResultEntry[] = all.map((_, i) =>
        failing.has(i)
          ? {
              ErrorCode: 'ProvisionedThroughputExceededException',
              ErrorMessage:
                'Rate exceeded for shard shardId-000000000000 in stream under account 000000000000.',
            }
          : real[k++],
      );
      const output: PutRecordsCommandOutput = {
        ...(sent.output as PutRecordsCommandOutput),
        Records: merged,
        FailedRecordCount: merged.filter((r) => r.ErrorCode !== undefined).length,
      };
      return { ...sent, output };
    },
    { step: 'initialize', name: 'injectThrottling' },
  );
}

describe('KinesisStreamWriter', () => {
  test('GIVEN 2,000 synthetic posts WHEN written THEN all land once, in order per partition key, in calls of at most 500', async () => {
    // GIVEN
    const client = freshClient();
    const stream = uniqueName('posts');
    await ensureStream(client, stream, 4);
    const records = syntheticRecords(2000);
    const calls = logCalls(client);
    const writer = new KinesisStreamWriter({ client, streamName: stream });
    // WHEN
    const report = await writer.write(records);
    // THEN
    expect(report).toEqual({ written: 2000, retried: 0 });
    expect(calls.length).toBe(Math.ceil(2000 / MAX_RECORDS_PER_CALL));
    expect(Math.max(...calls.map((c) => c.records))).toBeLessThanOrEqual(MAX_RECORDS_PER_CALL);
    const shards = await readStream(client, stream);
    expect(shards.filter((s) => s.length > 0).length).toBeGreaterThan(1);
    const stored = byKey(shards.flat());
    expect(stored).toEqual(byKey(records));
    client.destroy();
  });

  test.each([
    ['400 KB of ASCII', 'x', 400 * 1024],
    // 300,000 characters but 900,000 bytes each: counting characters would put 17 in one call.
    ['900 KB of 3-byte characters', '€', 300_000],
  ])(
    'GIVEN records of %s WHEN written THEN each call stays within 5 MiB of data and keys, in bytes',
    async (_, pad, n) => {
      // GIVEN
      const client = freshClient();
      const stream = uniqueName('big');
      await ensureStream(client, stream, 1);
      const records = Array.from({ length: 30 }, (_, i) => ({
        partitionKey: `k${i % 3}`,
        data: JSON.stringify({ i, pad: pad.repeat(n) }),
      }));
      const calls = logCalls(client);
      // WHEN
      const report = await new KinesisStreamWriter({ client, streamName: stream }).write(records);
      // THEN
      expect(report.written).toBe(30);
      expect(calls.length).toBeGreaterThan(1);
      for (const c of calls) expect(c.bytes).toBeLessThanOrEqual(MAX_BYTES_PER_CALL);
      expect(calls.reduce((s, c) => s + c.records, 0)).toBe(30);
      expect((await readStream(client, stream)).flat().map((r) => JSON.parse(r.data).i)).toEqual(
        records.map((_, i) => i),
      );
      client.destroy();
    },
  );

  // kinesalite never throttles, so the partial failure Kinesis returns under load (some entries with
  // ProvisionedThroughputExceededException, FailedRecordCount > 0, HTTP 200) is the one fault this
  // test injects, on the real client's middleware stack; everything else is the real round trip.
  test('GIVEN a call whose response fails some entries WHEN written THEN only those are retried and every record lands once', async () => {
    // GIVEN
    const client = freshClient();
    const stream = uniqueName('throttled');
    await ensureStream(client, stream, 2);
    const records = syntheticRecords(600);
    const failFirstCall = [0, 17, 250, 499];
    injectThrottling(client, (call) => (call === 0 ? failFirstCall : []));
    const calls = logCalls(client);
    const writer = new KinesisStreamWriter({ client, streamName: stream, baseDelayMs: 5 });
    // WHEN
    const report = await writer.write(records);
    // THEN
    expect(report).toEqual({ written: 600, retried: failFirstCall.length });
    expect(calls.map((c) => c.records)).toEqual([500, failFirstCall.length, 100]);
    const stored = (await readStream(client, stream)).flat();
    expect(stored.map((r) => r.data).sort()).toEqual(records.map((r) => r.data).sort());
    client.destroy();
  });

  test('fails if an entry is still throttled after the last attempt, naming the count and the error code', async () => {
    // GIVEN
    const client = freshClient();
    const stream = uniqueName('stuck');
    await ensureStream(client, stream, 1);
    const records = syntheticRecords(10);
    injectThrottling(client, (_call, n) => (n > 3 ? [3] : [0]));
    const writer = new KinesisStreamWriter({ client, streamName: stream, maxAttempts: 3, baseDelayMs: 1 });
    // WHEN
    const failure = writer.write(records);
    // THEN
    await expect(failure).rejects.toThrow(StreamWriteError);
    await expect(failure).rejects.toMatchObject({
      failedCount: 1,
      writtenCount: 9,
      lastErrorCode: 'ProvisionedThroughputExceededException',
      message: expect.stringMatching(/^1 record\(s\) could not be written .* after 3 attempts/),
    });
    client.destroy();
  });

  test('rejects a record over 1 MiB before sending anything', async () => {
    // GIVEN
    const client = freshClient();
    const calls = logCalls(client);
    const writer = new KinesisStreamWriter({ client, streamName: uniqueName('unused') });
    const records = [
      { partitionKey: 'a', data: 'ok' },
      { partitionKey: 'a', data: 'x'.repeat(1024 * 1024) },
    ];
    // WHEN / THEN
    await expect(writer.write(records)).rejects.toThrow(/record 1: .* over 1048576/);
    expect(calls).toEqual([]);
    client.destroy();
  });

  test('rejects an empty partition key', async () => {
    // GIVEN
    const writer = new KinesisStreamWriter({ client: aws().kinesis, streamName: uniqueName('unused') });
    // WHEN / THEN
    await expect(writer.write([{ partitionKey: '', data: '{}' }])).rejects.toThrow(/record 0: partition key/);
  });

  test('fails at once, without retrying, when the stream does not exist', async () => {
    // GIVEN
    const client = freshClient();
    const calls = logCalls(client);
    const writer = new KinesisStreamWriter({ client, streamName: uniqueName('missing'), baseDelayMs: 1 });
    // WHEN / THEN
    await expect(writer.write([{ partitionKey: 'a', data: '{}' }])).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(calls.length).toBe(1);
    client.destroy();
  });

  test('GIVEN no records WHEN written THEN no call is made', async () => {
    // GIVEN
    const client = freshClient();
    const calls = logCalls(client);
    // WHEN
    const report = await new KinesisStreamWriter({ client, streamName: 'any' }).write([]);
    // THEN
    expect(report).toEqual({ written: 0, retried: 0 });
    expect(calls).toEqual([]);
    client.destroy();
  });
});
