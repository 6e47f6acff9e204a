import type { StreamRecord } from '../../lambda/core/ports';
import { pumpLive } from '../../lambda/x/live-pump';
import { XStreamStats, xStreamSource } from '../../lambda/x/stream-source';
import {
  OPERATIONAL_DISCONNECT,
  XTestServer,
  postIndex,
  v2Post,
  type ConnectionPlan,
} from './support/x-test-server';

const TOKEN = 'soak-token';
const TOTAL = 1_000_000;
/** Past this the run stops and fails with what arrived, rather than running on past Jest's timeout. */
const DEADLINE_MS = 150_000;
jest.setTimeout(DEADLINE_MS + 30_000);

/** Seeded PRNG (mulberry32), so a failing soak can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('X stream soak', () => {
  test('GIVEN 1,000,000 posts and random faults WHEN streamed through the reader THEN every post the server sent arrives and the counts add up', async () => {
    // GIVEN: each connection sends a random share, then fails in a random way
    const rnd = random(20150916);
    const faults = ['drop-mid-line', 'end', 'operational-disconnect', 'stall'] as const;
    const nextPlan = (): ConnectionPlan => {
      const r = rnd();
      if (r < 0.1) return { status: rnd() < 0.5 ? 503 : 500 };
      return {
        send: Math.floor(rnd() * 60_000),
        then: faults[Math.floor(rnd() * faults.length)],
        overlap: rnd() < 0.3 ? Math.floor(rnd() * 50) : 0,
        extra: rnd() < 0.3 ? ['{"data":{"id":"broken', 'garbage'] : [],
      };
    };
    const server = new XTestServer({ token: TOKEN, post: v2Post, total: TOTAL, nextPlan });
    const apiUrl = await server.listen();
    const seen = new Uint8Array(TOTAL);
    let unique = 0;
    let records = 0;
    let others = 0;
    const stop = new AbortController();
    const stats = new XStreamStats();
    const write = async (batch: readonly StreamRecord[]) => {
      for (const r of batch) {
        records++;
        const i = postIndex(r.data);
        if (i < 0) others++;
        else if (seen[i] === 0) {
          seen[i] = 1;
          unique++;
        }
      }
      if (unique === TOTAL) stop.abort();
      return { written: batch.length, retried: 0 };
    };
    // WHEN
    let overran = false;
    const deadline = setTimeout(() => {
      overran = true;
      stop.abort();
    }, DEADLINE_MS);
    try {
      await pumpLive(
        xStreamSource({
          apiUrl,
          bearerToken: TOKEN,
          signal: stop.signal,
          stallMs: 100,
          stats,
          sleep: async () => {},
        }),
        { maxRecordBytes: 1024 * 1024, write },
        { signal: stop.signal },
      );
    } finally {
      clearTimeout(deadline);
      await server.close();
    }
    // THEN
    if (overran)
      throw new Error(
        `the soak did not end within ${DEADLINE_MS} ms: ${unique} of ${TOTAL} posts arrived, ` +
          `the server sent ${server.deliveredCount()} over ${server.connections} connections`,
      );
    expect(unique).toBe(TOTAL);
    expect(server.deliveredCount()).toBe(TOTAL);
    for (let i = 0; i < TOTAL; i += 9973) expect(seen[i]).toBe(1);
    expect(stats.posts).toBe(records);
    expect(records - others).toBeGreaterThanOrEqual(TOTAL);
    const reconnects = Object.values(stats.reconnects).reduce((a, b) => a + b, 0);
    expect(reconnects).toBeGreaterThan(10);
    expect(stats.reconnects.stall + stats.reconnects.drop + stats.reconnects.http).toBeGreaterThan(0);
    expect(stats.reconnects['operational-disconnect']).toBeGreaterThan(0);
    expect(OPERATIONAL_DISCONNECT.errors).toHaveLength(1);
  });
});
