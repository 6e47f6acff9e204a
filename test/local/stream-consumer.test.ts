import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { KinesisStreamEvent } from 'aws-lambda';
import { KinesisStreamWriter } from '../../lambda/adapters/kinesis-stream-writer';
import { Checkpoints } from '../../lib/local/checkpoints';
import { ensureStream } from '../../lib/local/emulators';
import { StreamConsumer, type StreamHandler } from '../../lib/local/stream-consumer';
import { useEmulators } from '../support/emulators';

const dataOf = (e: KinesisStreamEvent): string[] =>
  e.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'));

async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('StreamConsumer (Lambda-style event source mapping over local Kinesis)', () => {
  const aws = useEmulators();
  let streamNo = 0;

  async function stream(records: number): Promise<{ name: string; sent: string[] }> {
    const name = `s${streamNo++}`;
    await ensureStream(aws().kinesis, name, 1);
    const sent = Array.from({ length: records }, (_, i) => `{"n":${i}}`);
    await new KinesisStreamWriter({ client: aws().kinesis, streamName: name }).write(
      sent.map((data) => ({ partitionKey: 'k', data })),
    );
    return { name, sent };
  }

  function consumer(
    name: string,
    handler: StreamHandler,
    checkpoints: Checkpoints,
    extra: Partial<ConstructorParameters<typeof StreamConsumer>[0]> = {},
  ) {
    return new StreamConsumer({
      client: aws().kinesis,
      streamName: name,
      handler,
      checkpoints,
      batchSize: 100,
      batchWindowMs: 50,
      pollIntervalMs: 20,
      ...extra,
    });
  }

  test('GIVEN records in a shard WHEN consumed THEN each arrives once, in order, in Lambda-shaped events of at most batchSize', async () => {
    const { name, sent } = await stream(250);
    const seen: string[] = [];
    const sizes: number[] = [];
    const c = consumer(
      name,
      async (e) => {
        sizes.push(e.Records.length);
        expect(e.Records[0]!.eventSource).toBe('aws:kinesis');
        expect(e.Records[0]!.eventID).toMatch(/^shardId-\d+:\d+$/);
        seen.push(...dataOf(e));
        return { batchItemFailures: [] };
      },
      new Checkpoints(),
    );
    await c.start();
    await until(() => seen.length >= 250 && c.caughtUp);
    await c.stop();
    expect(seen).toEqual(sent);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  });

  test('GIVEN a paused consumer WHEN records wait THEN none is handled until it resumes, then each arrives once', async () => {
    // GIVEN
    const { name, sent } = await stream(30);
    const seen: string[] = [];
    let paused = true;
    let asked = 0;
    const c = consumer(
      name,
      async (e) => {
        seen.push(...dataOf(e));
        return { batchItemFailures: [] };
      },
      new Checkpoints(),
      { paused: () => (asked++, paused) },
    );
    // WHEN
    await c.start();
    await until(() => asked >= 5);
    // THEN nothing read while paused, and it does not claim to be caught up
    expect(seen).toEqual([]);
    expect(c.caughtUp).toBe(false);
    // WHEN resumed
    paused = false;
    await until(() => seen.length >= 30 && c.caughtUp);
    await c.stop();
    expect(seen).toEqual(sent);
  });

  test('GIVEN a handler reporting a failed record WHEN consumed THEN the records before it are checkpointed and it is delivered again', async () => {
    const { name, sent } = await stream(60);
    const deliveries: string[][] = [];
    let failOnce = true;
    const c = consumer(
      name,
      async (e) => {
        const data = dataOf(e);
        deliveries.push(data);
        const bad = e.Records.findIndex((_r, i) => data[i] === '{"n":30}');
        if (bad >= 0 && failOnce) {
          failOnce = false;
          return { batchItemFailures: [{ itemIdentifier: e.Records[bad]!.kinesis.sequenceNumber }] };
        }
        return { batchItemFailures: [] };
      },
      new Checkpoints(),
    );
    await c.start();
    await until(() => deliveries.flat().includes('{"n":59}') && c.caughtUp);
    await c.stop();
    // n=0..29 were delivered once; from n=30 on, a second time after the failure
    const all = deliveries.flat();
    expect(all.filter((d) => d === '{"n":10}')).toHaveLength(1);
    expect(all.filter((d) => d === '{"n":30}')).toHaveLength(2);
    expect(deliveries[1]![0]).toBe('{"n":30}');
    expect(new Set(all)).toEqual(new Set(sent));
  });

  test('GIVEN a batch that always fails WHEN retries run out THEN it goes to onFailure and the shard moves on', async () => {
    const { name } = await stream(30);
    const failed: string[] = [];
    const handled: string[] = [];
    const c = consumer(
      name,
      async (e) => {
        const data = dataOf(e);
        if (data.includes('{"n":0}')) throw new Error('poison');
        handled.push(...data);
        return { batchItemFailures: [] };
      },
      new Checkpoints(),
      { batchSize: 10, maxAttempts: 2, onFailure: (e, error) => failed.push(...dataOf(e), error) },
    );
    await c.start();
    await until(() => handled.includes('{"n":29}'));
    await c.stop();
    expect(failed).toEqual([...Array.from({ length: 10 }, (_, i) => `{"n":${i}}`), 'poison']);
    expect(handled).toEqual(Array.from({ length: 20 }, (_, i) => `{"n":${i + 10}}`));
  });

  test('GIVEN a checkpoint file WHEN a new consumer starts THEN it resumes after the checkpoint', async () => {
    const { name, sent } = await stream(40);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-cp-')), 'p.json');
    const first: string[] = [];
    const c1 = consumer(
      name,
      async (e) => {
        first.push(...dataOf(e));
        return { batchItemFailures: [] };
      },
      new Checkpoints(file),
      { batchSize: 40 },
    );
    await c1.start();
    await until(() => first.length === 40 && c1.caughtUp);
    await c1.stop();
    await new KinesisStreamWriter({ client: aws().kinesis, streamName: name }).write([
      { partitionKey: 'k', data: '{"n":"late"}' },
    ]);
    const second: string[] = [];
    const c2 = consumer(
      name,
      async (e) => {
        second.push(...dataOf(e));
        return { batchItemFailures: [] };
      },
      new Checkpoints(file),
    );
    await c2.start();
    await until(() => second.length >= 1 && c2.caughtUp);
    await c2.stop();
    expect(first).toEqual(sent);
    expect(second).toEqual(['{"n":"late"}']);
  });

  test('fails if the batch size is outside 1..10000', () => {
    expect(() => consumer('x', async () => undefined, new Checkpoints(), { batchSize: 0 })).toThrow(
      'batchSize must be 1..10000, got 0',
    );
  });
});
