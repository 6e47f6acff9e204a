import type { StreamRecord, StreamWriter } from '../../lambda/core/ports';
import { pumpLive } from '../../lambda/x/live-pump';
import { XActionRequiredError } from '../../lambda/x/x-errors';
import { XStreamStats, xStreamSource, type XStreamEvent } from '../../lambda/x/stream-source';
import {
  OPERATIONAL_DISCONNECT,
  TOO_MANY_CONNECTIONS,
  XTestServer,
  postIndex,
  v2Post,
  type ConnectionPlan,
} from './support/x-test-server';

const TOKEN = 'test-token-never-printed';

/** A stream writer that keeps every record. */
class MemoryWriter implements StreamWriter {
  readonly maxRecordBytes = 1024 * 1024;
  readonly records: StreamRecord[] = [];
  async write(records: readonly StreamRecord[]) {
    this.records.push(...records);
    return { written: records.length, retried: 0 };
  }
}

interface Run {
  readonly server: XTestServer;
  readonly writer: MemoryWriter;
  readonly delays: number[];
  readonly events: XStreamEvent[];
  readonly stats: XStreamStats;
  readonly error: unknown;
}

/**
 * Streams from a test server through the producer until every post was received (or the source
 * fails); the reconnect waits go to a fake sleep that records them and returns at once.
 */
async function runAgainst(
  total: number,
  plans: ConnectionPlan[],
  extra: { stallMs?: number } = {},
): Promise<Run> {
  const server = new XTestServer({ token: TOKEN, post: v2Post, total, plans });
  const apiUrl = await server.listen();
  const writer = new MemoryWriter();
  const delays: number[] = [];
  const events: XStreamEvent[] = [];
  const stats = new XStreamStats();
  const stop = new AbortController();
  const seen = new Set<number>();
  let error: unknown;
  try {
    await pumpLive(
      xStreamSource({
        apiUrl,
        bearerToken: TOKEN,
        signal: stop.signal,
        stallMs: extra.stallMs ?? 300,
        stats,
        sleep: async (ms) => {
          delays.push(ms);
        },
        onEvent: (e) => events.push(e),
      }),
      {
        maxRecordBytes: writer.maxRecordBytes,
        write: async (records) => {
          const r = await writer.write(records);
          for (const rec of records) if (postIndex(rec.data) >= 0) seen.add(postIndex(rec.data));
          if (seen.size >= total) stop.abort();
          return r;
        },
      },
      { signal: stop.signal },
    );
  } catch (err) {
    error = err;
  } finally {
    await server.close();
  }
  return { server, writer, delays, events, stats, error };
}

function indices(writer: MemoryWriter): Set<number> {
  return new Set(writer.records.map((r) => postIndex(r.data)).filter((i) => i >= 0));
}

describe('X filtered-stream source', () => {
  test('GIVEN a healthy stream WHEN posts arrive with keep-alives THEN every post reaches the writer, keyed by its id, with a User-Agent and the normaliser fields', async () => {
    // GIVEN / WHEN
    const run = await runAgainst(500, [{ send: 500, then: 'hold' }]);
    // THEN
    expect(run.error).toBeUndefined();
    expect(indices(run.writer).size).toBe(500);
    expect(run.writer.records[7]).toEqual({ partitionKey: '1000007', data: v2Post(7), id: '1000007' });
    expect(run.server.userAgents[0]).toMatch(/^trendoff\//);
    expect(run.server.paths[0]).toContain('expansions=author_id%2Creferenced_tweets.id');
    expect(run.server.paths[0]).toContain('created_at');
    expect(run.stats.posts).toBe(500);
  });

  test('GIVEN drops mid-line WHEN the client reconnects THEN no post the server fully sent is missing and the first reconnect is immediate', async () => {
    // GIVEN
    const plans: ConnectionPlan[] = [
      { send: 100, then: 'drop-mid-line' },
      { send: 57, then: 'drop-mid-line' },
      { send: 300, then: 'end' },
      { overlap: 20, then: 'hold' },
    ];
    // WHEN
    const run = await runAgainst(1000, plans);
    // THEN
    expect(run.error).toBeUndefined();
    const got = indices(run.writer);
    for (let i = 0; i < 1000; i++) if (run.server.delivered[i]) expect(got.has(i)).toBe(true);
    expect(got.size).toBe(1000);
    // a drop, then drops without a healthy connection in between: linear from the second
    expect(run.delays).toEqual([0, 250, 500]);
    expect(run.stats.reconnects.drop).toBe(3);
    // the cut-off halves never reach the stream
    expect(run.writer.records.every((r) => postIndex(r.data) >= 0)).toBe(true);
  });

  test('GIVEN HTTP errors then 429s WHEN the client retries THEN it waits exactly X`s schedule: 5 s doubling for HTTP errors, 60 s doubling for 429', async () => {
    // GIVEN
    const plans: ConnectionPlan[] = [
      { status: 503 },
      { status: 500 },
      { status: 503 },
      { status: 429, body: { title: 'Too Many Requests' } },
      { status: 429, body: TOO_MANY_CONNECTIONS },
      { status: 429 },
      { send: 10, then: 'hold' },
    ];
    // WHEN
    const run = await runAgainst(10, plans);
    // THEN
    expect(run.error).toBeUndefined();
    expect(run.delays).toEqual([5_000, 10_000, 20_000, 60_000, 120_000, 240_000]);
    expect(run.stats.reconnects).toMatchObject({ http: 3, 'rate-limit': 2, 'too-many-connections': 1 });
    expect(indices(run.writer).size).toBe(10);
  });

  test('GIVEN a stalled connection and an operational-disconnect WHEN the client notices THEN it reconnects and loses nothing', async () => {
    // GIVEN
    const plans: ConnectionPlan[] = [
      { send: 40, then: 'stall' },
      { send: 40, then: 'operational-disconnect' },
      { then: 'hold' },
    ];
    // WHEN
    const run = await runAgainst(120, plans, { stallMs: 200 });
    // THEN
    expect(run.error).toBeUndefined();
    expect(indices(run.writer).size).toBe(120);
    expect(
      run.events.filter((e) => e.type === 'disconnected').map((e) => e.type === 'disconnected' && e.cause),
    ).toEqual(['stall', 'operational-disconnect']);
    expect(run.writer.records.some((r) => r.data.includes('operational-disconnect'))).toBe(false);
    expect(OPERATIONAL_DISCONNECT.errors[0]!.title).toBe('operational-disconnect');
  });

  test('GIVEN malformed and huge lines WHEN they arrive between posts THEN nothing crashes, posts all pass, the huge line becomes a quarantine record', async () => {
    // GIVEN
    const huge = `{"data":{"id":"9","text":"${'x'.repeat(1_200_000)}"}}`;
    const plans: ConnectionPlan[] = [
      {
        extra: ['not json at all', '{"data":', huge, '{"errors":[{"title":"something else"}]}'],
        then: 'hold',
      },
    ];
    // WHEN
    const run = await runAgainst(200, plans);
    // THEN
    expect(run.error).toBeUndefined();
    expect(indices(run.writer).size).toBe(200);
    const others = run.writer.records.filter((r) => postIndex(r.data) < 0).map((r) => r.data);
    expect(others).toContain('not json at all');
    expect(others.some((d) => d.startsWith('{"quarantine"') && d.includes('1200'))).toBe(true);
    expect(run.stats.overlong).toBe(1);
  });

  test.each([
    [401, { title: 'Unauthorized', detail: 'Unauthorized' }, /bearer token/],
    [403, { title: 'Client Forbidden', reason: 'client-not-enrolled' }, /access tier/],
    [409, { title: 'ConnectionException', connection_issue: 'RulesInvalidIssue' }, /rules sync/],
  ])('rejects a %i answer with a message naming the fix, without retrying', async (status, body, fix) => {
    // GIVEN / WHEN
    const run = await runAgainst(10, [{ status, body }]);
    // THEN
    expect(run.error).toBeInstanceOf(XActionRequiredError);
    expect((run.error as Error).message).toMatch(fix);
    expect((run.error as Error).message).not.toContain(TOKEN);
    expect(run.server.connections).toBe(1);
    expect(run.delays).toEqual([]);
  });

  test('GIVEN a refused connection WHEN the server is down THEN network errors back off linearly by 250 ms', async () => {
    // GIVEN: a port with nothing listening
    const server = new XTestServer({ token: TOKEN, post: v2Post, total: 0 });
    const url = await server.listen();
    await server.close();
    const delays: number[] = [];
    const stop = new AbortController();
    // WHEN
    const source = xStreamSource({
      apiUrl: url,
      bearerToken: TOKEN,
      signal: stop.signal,
      sleep: async (ms) => {
        delays.push(ms);
        if (delays.length === 5) stop.abort();
      },
    });
    const batches = [];
    for await (const b of source) batches.push(b);
    // THEN
    expect(batches).toEqual([]);
    expect(delays).toEqual([250, 500, 750, 1000, 1250]);
  });
});
