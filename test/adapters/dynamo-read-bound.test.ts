/**
 * What looking costs in DynamoDB items, counted on the wire: the query API over the real DynamoDB
 * store and dynalite, with a client that counts every item a read returns (GetItem, Query,
 * BatchGetItem). A 3-hour night of 11 candidates written by 2 shards; the dashboard's poll and the
 * whole-night series must read a bounded number of items, however long the night and however many
 * base buckets, candidates and shards their windows span.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../../lambda/adapters/aws-clients';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import { createQueryApi } from '../../lambda/core/api/routes';
import type { BatchDelta } from '../../lambda/core/ports';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import { EMULATOR_CREDENTIALS, ensureTable } from '../../lib/local/emulators';
import { apiEvent } from '../api/api-helpers';
import { uniqueName, useEmulators } from '../support/emulators';
import { batchDeltaOf } from '../support/scored-tweets';
import { MemoryArchiveStore } from '../support/memory-store';

const aws = useEmulators();
const DEBATE = 'night';
const BUCKET_MS = 5000;
const MIN = 60_000;
const T0 = Date.UTC(2016, 8, 27, 1, 0, 0);
const NIGHT_MS = 180 * MIN;
const CANDIDATES = Array.from({ length: 11 }, (_, i) => `c${i}`);
const SHARDS = 2;

/** Item reads of a poll, dashboard: series last 30 min at 5 s, extremes, hashtags, health. */
const POLL_BOUND = 50;
/** Item reads of the dashboard's steady poll: /live since the settled edge (a minute or so of steps). */
const LIVE_POLL_BOUND = 12;
/** The whole night at 1 min: ~20 items of 10-min blocks, against 2,160 buckets × 11 × 2 before. */
const NIGHT_BOUND = 30;

/** A client counting the items each read returns. */
function countingClient(): { client: DynamoDBClient; items: () => number; reset: () => void } {
  const client = dynamoClient({
    endpoint: aws().endpoints.dynamodb,
    region: 'us-east-1',
    credentials: EMULATOR_CREDENTIALS,
  });
  let items = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const r = await next(args);
      const out = r.output as {
        Item?: unknown;
        Items?: unknown[];
        ScannedCount?: number;
        Responses?: Record<string, unknown[]>;
      };
      switch (context.commandName) {
        case 'GetItemCommand':
          items += out.Item === undefined ? 0 : 1;
          break;
        case 'QueryCommand':
        case 'ScanCommand':
          items += out.ScannedCount ?? out.Items?.length ?? 0;
          break;
        case 'BatchGetItemCommand':
          for (const list of Object.values(out.Responses ?? {})) items += list.length;
          break;
      }
      return r;
    },
    { step: 'initialize', name: 'countItemsRead' },
  );
  return { client, items: () => items, reset: () => (items = 0) };
}

/** One post naming every candidate every 5 s over the last 30 min, and one every 5 min before. */
function night(): ScoredTweet[] {
  const out: ScoredTweet[] = [];
  const post = (t: number, i: number): ScoredTweet => ({
    id: String(1000 + i),
    createdAt: t,
    authorId: String(i % 7),
    text: `post ${i}`,
    candidates: CANDIDATES,
    score: ((i % 9) - 4) / 8,
    polarity: i % 9 > 4 ? 1 : i % 9 < 4 ? -1 : 0,
    hashtags: [`tag${i % 13}`, 'debate'],
    words: [`word${i % 17}`],
  });
  let i = 0;
  for (let t = T0; t < T0 + NIGHT_MS - 30 * MIN; t += 5 * MIN) out.push(post(t + 1234, i++));
  for (let t = T0 + NIGHT_MS - 30 * MIN; t < T0 + NIGHT_MS; t += BUCKET_MS) out.push(post(t + 17, i++));
  return out;
}

function delta(shard: number, seq: number, posts: readonly ScoredTweet[]): BatchDelta {
  return batchDeltaOf({ debateId: DEBATE, shardId: `shardId-${shard}`, bucketMs: BUCKET_MS, seq }, posts);
}

describe('DynamoAggregateStore: items read per request', () => {
  const table = uniqueName('bound');
  let reads: ReturnType<typeof countingClient>;
  let get: (path: string, query?: Record<string, string>) => Promise<{ statusCode?: number; body?: string }>;
  let newest: number;

  beforeAll(async () => {
    await ensureTable(aws().dynamo, table);
    const writer = new DynamoAggregateStore({ client: aws().dynamo, tableName: table });
    await writer.putDebate({
      id: DEBATE,
      title: 'Night',
      start: T0,
      end: T0 + NIGHT_MS,
      candidates: CANDIDATES.map((id) => ({ id, name: id.toUpperCase() })),
      bucketMs: BUCKET_MS,
      scorer: 'vader',
    });
    const posts = night();
    newest = Math.max(...posts.map((p) => p.createdAt));
    // Each shard gets every other post, in batches of 60.
    await Promise.all(
      Array.from({ length: SHARDS }, async (_, s) => {
        const mine = posts.filter((_p, i) => i % SHARDS === s);
        for (let i = 0; i < mine.length; i += 60)
          await writer.applyBatch(delta(s, i + 1, mine.slice(i, i + 60)));
      }),
    );
    reads = countingClient();
    const api = createQueryApi({
      store: new DynamoAggregateStore({ client: reads.client, tableName: table }),
      archive: new MemoryArchiveStore(),
    });
    get = (path, query = {}) => api(apiEvent(path, query));
  }, 120_000);

  afterAll(() => reads.client.destroy());

  test(`GIVEN a 3-hour night of 11 candidates and 2 shards WHEN the dashboard polls THEN it reads at most ${POLL_BOUND} items`, async () => {
    // GIVEN the dashboard's window: 30 min at 5 s ending after the newest post (web/src/time-window.ts)
    const to = (Math.floor(newest / BUCKET_MS) + 1) * BUCKET_MS;
    const from = to - 30 * MIN;
    const window = { from: String(from), to: String(to) };
    reads.reset();
    // WHEN
    const answers = [
      await get('/health'),
      await get(`/debates/${DEBATE}/series`, { ...window, step: String(BUCKET_MS) }),
      await get(`/debates/${DEBATE}/extremes`, window),
      await get(`/debates/${DEBATE}/hashtags`, { at: String(newest), window: '10m' }),
    ];
    // THEN
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    const series = JSON.parse(answers[1].body as string) as { series: { points: { count: number }[] }[] };
    expect(series.series).toHaveLength(11);
    // Every 5-s point of the window holds its post (the data is really read).
    expect(series.series[0].points.filter((p) => p.count > 0)).toHaveLength(360);
    expect(reads.items()).toBeLessThanOrEqual(POLL_BOUND);
  });

  test(`GIVEN the same night WHEN the dashboard polls /live THEN the first poll reads at most ${POLL_BOUND} items and a steady one at most ${LIVE_POLL_BOUND}`, async () => {
    // GIVEN
    reads.reset();
    // WHEN the first poll: the whole window
    const first = await get(`/debates/${DEBATE}/live`);
    const firstReads = reads.items();
    const { series } = JSON.parse(first.body as string) as {
      series: { settled: string; series: { count: number[] }[] };
    };
    reads.reset();
    // WHEN the next poll: since the settled edge
    const steady = await get(`/debates/${DEBATE}/live`, { since: series.settled });
    // THEN
    expect([first.statusCode, steady.statusCode]).toEqual([200, 200]);
    expect(series.series).toHaveLength(11);
    expect(series.series[0].count.filter((c) => c > 0)).toHaveLength(360);
    expect(firstReads).toBeLessThanOrEqual(POLL_BOUND);
    expect(reads.items()).toBeLessThanOrEqual(LIVE_POLL_BOUND);
  });

  test(`GIVEN the same night WHEN the whole night is asked at 1 min THEN it reads at most ${NIGHT_BOUND} items`, async () => {
    // GIVEN
    reads.reset();
    // WHEN
    const r = await get(`/debates/${DEBATE}/series`, {
      from: String(T0),
      to: String(T0 + NIGHT_MS),
      step: String(MIN),
    });
    // THEN
    expect(r.statusCode).toBe(200);
    const series = JSON.parse(r.body as string) as { series: { points: { count: number }[] }[] };
    expect(series.series[0].points.reduce((a, p) => a + p.count, 0)).toBe(night().length);
    expect(reads.items()).toBeLessThanOrEqual(NIGHT_BOUND);
  });
});
