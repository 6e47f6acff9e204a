import { DynamoLease } from '../../lambda/adapters/dynamo-lease';
import { acquireLease } from '../../lambda/x/lease-keeper';
import { pumpLive } from '../../lambda/x/live-pump';
import { xStreamSource } from '../../lambda/x/stream-source';
import { ensureTable } from '../../lib/local/emulators';
import { uniqueName, useEmulators } from '../support/emulators';
import { XTestServer, v2Post } from './support/x-test-server';

const TOKEN = 'lease-token';

describe('X stream lease (DynamoDB)', () => {
  const aws = useEmulators();

  test('GIVEN a held lease WHEN another holder tries THEN it is refused until the lease is released or expires', async () => {
    // GIVEN
    const table = uniqueName('lease');
    await ensureTable(aws().dynamo, table);
    let clock = 1_000_000;
    const lease = (holder: string) =>
      new DynamoLease({
        client: aws().dynamo,
        tableName: table,
        debateId: 'd1',
        holder,
        ttlMs: 60_000,
        now: () => clock,
      });
    const a = lease('a');
    const b = lease('b');
    // WHEN / THEN
    expect((await a.tryAcquire()).taken).toBe(true);
    const refused = await b.tryAcquire();
    expect(refused).toEqual({ taken: false, current: { holder: 'a', expiresAt: 1_060_000, aliveAt: 0 } });
    clock += 10_000;
    expect(await a.renew()).toBe(true);
    expect(await b.renew()).toBe(false);
    clock += 5_000;
    expect(await a.release()).toBe(true);
    const taken = await b.tryAcquire();
    expect(taken).toEqual({ taken: true, previous: { holder: 'a', expiresAt: 0, aliveAt: 1_015_000 } });
    // an expired lease is free too
    clock += 61_000;
    expect((await a.tryAcquire()).taken).toBe(true);
    expect(await b.renew()).toBe(false);
  });

  test('GIVEN two producers started together WHEN both want the stream THEN the server never sees two connections and the second takes over after the hand-over', async () => {
    // GIVEN
    const table = uniqueName('lease');
    await ensureTable(aws().dynamo, table);
    const server = new XTestServer({ token: TOKEN, post: v2Post, total: 100, plans: [{ send: 50 }, {}] });
    const apiUrl = await server.listen();
    const run = async (holder: string, streamForMs: number) => {
      const lease = new DynamoLease({
        client: aws().dynamo,
        tableName: table,
        debateId: 'd1',
        holder,
        ttlMs: 600,
      });
      const held = await acquireLease(lease, { deadline: Date.now() + 5_000, pollMs: 50 });
      if (held === undefined) return { holder, got: 0, gapFrom: -1 };
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), streamForMs);
      held.lost.addEventListener('abort', () => stop.abort());
      const signal = stop.signal;
      const result = await pumpLive(
        xStreamSource({ apiUrl, bearerToken: TOKEN, signal }),
        {
          maxRecordBytes: 1024 * 1024,
          write: async (r) => ({ written: r.length, retried: 0 }),
        },
        { signal },
      );
      clearTimeout(timer);
      await held.release();
      return { holder, got: result.sent, gapFrom: held.previousAliveAt };
    };
    // WHEN
    try {
      const [first, second] = await Promise.all([run('a', 400), run('b', 400)]);
      // THEN
      expect(server.maxActive).toBe(1);
      expect(server.connections).toBe(2);
      expect(first.got + second.got).toBe(100);
      // exactly one of them waited for the other and saw when it stopped streaming
      expect([first.gapFrom, second.gapFrom].filter((t) => t > 0)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
