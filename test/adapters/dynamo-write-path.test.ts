/**
 * Round trips of the DynamoDB store's write path, counted on the wire: a store writes an item it
 * wrote before with one conditional PutItem and no read, does not write parts that change nothing,
 * runs its own writes to one item one at a time (two shards in one process never conflict), and
 * stays exactly-once when another writer made its remembered state stale.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../../lambda/adapters/aws-clients';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import { toJSON } from '../../lambda/core/aggregate';
import type { BatchDelta } from '../../lambda/core/ports';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import { EMULATOR_CREDENTIALS, ensureTable } from '../../lib/local/emulators';
import { uniqueName, useEmulators } from '../support/emulators';
import { batchDeltaOf } from '../support/scored-tweets';

const aws = useEmulators();
const DEBATE = 'night';
const BUCKET_MS = 5000;
const T0 = Date.UTC(2016, 8, 27, 1, 0, 0);
const CANDIDATES = ['alice', 'bob'];

/** A client recording each call: command name, key, and whether its condition failed. */
function recordingClient(): {
  client: DynamoDBClient;
  calls: { command: string; pk: string; sk: string; failed: boolean }[];
} {
  const client = dynamoClient({
    endpoint: aws().endpoints.dynamodb,
    region: 'us-east-1',
    credentials: EMULATOR_CREDENTIALS,
  });
  const calls: { command: string; pk: string; sk: string; failed: boolean }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      type Key = { pk?: { S?: string }; sk?: { S?: string } };
      const input = args.input as { Item?: Key; Key?: Key };
      const call = {
        command: context.commandName ?? '',
        pk: input.Item?.pk?.S ?? input.Key?.pk?.S ?? '',
        sk: input.Item?.sk?.S ?? input.Key?.sk?.S ?? '',
        failed: false,
      };
      calls.push(call);
      try {
        return await next(args);
      } catch (err) {
        call.failed = (err as Error).name === 'ConditionalCheckFailedException';
        throw err;
      }
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  return { client, calls };
}

function post(id: number, t: number, score: number): ScoredTweet {
  return {
    id: String(id),
    createdAt: t,
    authorId: 'a',
    text: `post ${id}`,
    candidates: CANDIDATES,
    score,
    polarity: score > 0 ? 1 : score < 0 ? -1 : 0,
    hashtags: ['debate'],
    words: ['tax'],
  };
}

function delta(shard: string, seq: number, posts: readonly ScoredTweet[]): BatchDelta {
  return batchDeltaOf({ debateId: DEBATE, shardId: shard, bucketMs: BUCKET_MS, seq }, posts);
}

async function table(): Promise<string> {
  const name = uniqueName('writes');
  await ensureTable(aws().dynamo, name);
  return name;
}

/** What readers see: both candidates' 5-s buckets, the minute series, extremes and hashtags. */
async function view(store: DynamoAggregateStore): Promise<unknown> {
  const q = { debateId: DEBATE, bucketMs: BUCKET_MS, from: T0, to: T0 + 600_000 };
  const buckets = await Promise.all(
    CANDIDATES.map(async (c) =>
      [...(await store.readBuckets(DEBATE, c, q.from, q.to))].map(([s, a]) => [s, toJSON(a)]),
    ),
  );
  const series = await store.readSeries({ ...q, stepMs: 60_000, candidates: CANDIDATES });
  return {
    buckets,
    series: [...series].map(([c, m]) => [c, [...m]]),
    extremes: [...(await store.readExtremes({ ...q, candidates: CANDIDATES }))],
    hashtags: [...(await store.readHashtags(q))],
  };
}

describe('DynamoAggregateStore: write round trips', () => {
  test('GIVEN items a store wrote WHEN the next batch of the shard adds to them THEN each is one PutItem, with no read', async () => {
    // GIVEN
    const { client, calls } = recordingClient();
    const store = new DynamoAggregateStore({ client, tableName: await table() });
    await store.applyBatch(delta('s0', 1, [post(1, T0 + 100, 0.5), post(2, T0 + 5100, -0.5)]));
    calls.length = 0;
    // WHEN: posts in the same buckets, more extreme, so every item changes
    await store.applyBatch(delta('s0', 2, [post(3, T0 + 200, 0.9), post(4, T0 + 5200, -0.9)]));
    // THEN
    const items = calls.filter((c) => c.command !== 'UpdateItemCommand');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.command === 'PutItemCommand' && !c.failed)).toBe(true);
    await client.destroy();
  });

  test('GIVEN stored extremes WHEN a batch in the same minute beats none of them THEN the coarser extremes items are not written', async () => {
    // GIVEN
    const { client, calls } = recordingClient();
    const store = new DynamoAggregateStore({ client, tableName: await table() });
    await store.applyBatch(delta('s0', 1, [post(1, T0 + 100, 0.9), post(2, T0 + 200, -0.9)]));
    calls.length = 0;
    // WHEN: a milder post in another 5-s bucket of the same minute
    await store.applyBatch(delta('s0', 2, [post(3, T0 + 5100, 0.1)]));
    // THEN: the 5-s extremes gain a slot; the 1-min and 10-min slots keep their extremes
    const extremes = calls.filter((c) => c.pk.startsWith(`extremes#${DEBATE}#`)).map((c) => c.pk);
    expect(extremes).toEqual([`extremes#${DEBATE}#${BUCKET_MS}`]);
    const fresh = new DynamoAggregateStore({
      client: aws().dynamo,
      tableName: (store as unknown as { table: string }).table,
    });
    const got = await fresh.readExtremes({
      debateId: DEBATE,
      bucketMs: BUCKET_MS,
      from: T0,
      to: T0 + 60_000,
      candidates: ['alice'],
    });
    expect(got.get('alice')?.mostPositive?.id).toBe('1');
    await client.destroy();
  });

  test('GIVEN two shards in one process WHEN they write the same items at once THEN no write conflicts and each batch counts once', async () => {
    // GIVEN
    const { client, calls } = recordingClient();
    const name = await table();
    const store = new DynamoAggregateStore({ client, tableName: name });
    const batches = [0, 1, 2, 3].map((s) =>
      Array.from({ length: 20 }, (_, i) => post(s * 100 + i, T0 + i * 3000, ((i % 5) - 2) / 4)),
    );
    // WHEN
    await Promise.all(batches.map((b, s) => store.applyBatch(delta(`s${s}`, 1, b))));
    // THEN
    // (The debate item's guarded UpdateItems may fail by design: a later time is already stored.)
    expect(calls.filter((c) => c.command === 'PutItemCommand' && c.failed)).toEqual([]);
    const once = new DynamoAggregateStore({ client: aws().dynamo, tableName: await table() });
    await once.applyBatch(delta('s0', 1, batches.flat()));
    expect(await view(new DynamoAggregateStore({ client: aws().dynamo, tableName: name }))).toEqual(
      await view(once),
    );
    await client.destroy();
  });

  test('GIVEN two processors taking turns on the same items WHEN each writes from its stale state THEN the condition fails, it re-reads, and each batch counts once', async () => {
    // GIVEN
    const { client, calls } = recordingClient();
    const name = await table();
    const a = new DynamoAggregateStore({ client, tableName: name });
    const b = new DynamoAggregateStore({ client: aws().dynamo, tableName: name });
    const batches = [1, 2, 3, 4].map((n) =>
      Array.from({ length: 10 }, (_, i) => post(n * 100 + i, T0 + i * 4000 + n, ((i + n) % 8) / 8 - 0.5)),
    );
    // WHEN
    await a.applyBatch(delta('s0', 1, batches[0]));
    await b.applyBatch(delta('s1', 1, batches[1]));
    await a.applyBatch(delta('s0', 2, batches[2]));
    await b.applyBatch(delta('s1', 2, batches[3]));
    // a redelivery to a, after b moved every item on
    const again = await a.applyBatch(delta('s0', 2, batches[2]));
    // THEN
    expect(calls.some((c) => c.command === 'PutItemCommand' && c.failed)).toBe(true);
    expect(again.itemsWritten).toBe(0);
    const once = new DynamoAggregateStore({ client: aws().dynamo, tableName: await table() });
    await once.applyBatch(delta('s0', 1, batches.flat()));
    expect(await view(b)).toEqual(await view(once));
    await client.destroy();
  });
});

describe('DynamoAggregateStore: items shared by several writers', () => {
  /** What a store's calls since `from` were: reads, and writes whose condition failed. */
  const tally = (calls: { command: string; failed: boolean }[], from: number) => ({
    reads: calls.slice(from).filter((c) => c.command === 'GetItemCommand').length,
    failedWrites: calls.slice(from).filter((c) => c.command === 'PutItemCommand' && c.failed).length,
  });

  test('GIVEN two processors taking turns WHEN a write condition has failed on an item THEN each reads that item first from then on: no write to it fails twice, and each batch counts once', async () => {
    // GIVEN two processes (two stores, two clients) writing the same items in turn
    const ra = recordingClient();
    const rb = recordingClient();
    const name = await table();
    const a = new DynamoAggregateStore({ client: ra.client, tableName: name });
    const b = new DynamoAggregateStore({ client: rb.client, tableName: name });
    const batches = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
      Array.from({ length: 10 }, (_, i) => post(n * 100 + i, T0 + i * 4000 + n, ((i + n) % 8) / 8 - 0.5)),
    );
    // WHEN they take three turns each, then a fourth
    const turn = (n: number) =>
      n % 2 === 0
        ? a.applyBatch(delta('s0', n / 2 + 1, batches[n]))
        : b.applyBatch(delta('s1', (n + 1) / 2, batches[n]));
    for (let n = 0; n < 6; n++) await turn(n);
    const before = [ra.calls.length, rb.calls.length];
    for (let n = 6; n < 8; n++) await turn(n);
    // THEN no item's write failed twice for either store, and in the fourth turn none failed at all
    for (const [i, { calls }] of [ra, rb].entries()) {
      const failures = new Map<string, number>();
      for (const c of calls) {
        if (c.command === 'PutItemCommand' && c.failed) {
          failures.set(`${c.pk} ${c.sk}`, (failures.get(`${c.pk} ${c.sk}`) ?? 0) + 1);
        }
      }
      expect(failures.size).toBeGreaterThan(0);
      expect([...failures].filter(([, n]) => n > 1)).toEqual([]);
      const last = tally(calls, before[i]);
      expect(last.failedWrites).toBe(0);
      expect(last.reads).toBeGreaterThan(0);
    }
    const once = new DynamoAggregateStore({ client: aws().dynamo, tableName: await table() });
    await once.applyBatch(delta('s0', 1, batches.flat()));
    expect(await view(b)).toEqual(await view(once));
    await Promise.all([ra.client.destroy(), rb.client.destroy()]);
  });

  test('GIVEN a shared item WHEN a read finds it as the store left it THEN the store stops reading it first', async () => {
    // GIVEN items a and b both wrote, so a reads them first
    const ra = recordingClient();
    const name = await table();
    const a = new DynamoAggregateStore({ client: ra.client, tableName: name });
    const b = new DynamoAggregateStore({ client: aws().dynamo, tableName: name });
    const batch = (n: number) =>
      Array.from({ length: 10 }, (_, i) => post(n * 100 + i, T0 + i * 4000 + n, ((i + n) % 8) / 8 - 0.5));
    await a.applyBatch(delta('s0', 1, batch(1)));
    await b.applyBatch(delta('s1', 1, batch(2)));
    await a.applyBatch(delta('s0', 2, batch(3)));
    // WHEN b has stopped: a's next batch reads and finds its own writes, the one after that does not read
    await a.applyBatch(delta('s0', 3, batch(4)));
    const from = ra.calls.length;
    await a.applyBatch(delta('s0', 4, batch(5)));
    // THEN
    expect(tally(ra.calls, from)).toEqual({ reads: 0, failedWrites: 0 });
    expect(ra.calls.slice(from).filter((c) => c.command === 'PutItemCommand').length).toBeGreaterThan(0);
    await ra.client.destroy();
  });
});

describe('DynamoAggregateStore: the 400 KB item limit', () => {
  test('GIVEN 40 candidates with 280-emoji posts in every 5-s bucket of a minute WHEN applied THEN every item fits and extremes keep shortened texts', async () => {
    // GIVEN: 12 buckets × 40 candidates × 2 extremes of 280 four-byte code points ≈ 1.1 MB as is
    const many = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const emoji = '\u{1F600}'.repeat(300);
    const posts: ScoredTweet[] = [];
    for (let b = 0; b < 12; b++) {
      for (const [k, score] of [0.9, -0.9].entries()) {
        posts.push({
          ...post(b * 2 + k + 1, T0 + b * BUCKET_MS + 10, score),
          text: emoji,
          candidates: many,
        });
      }
    }
    const name = await table();
    const store = new DynamoAggregateStore({ client: aws().dynamo, tableName: name });
    // WHEN
    await store.applyBatch(delta('s0', 1, posts));
    // THEN
    const got = await store.readExtremes({
      debateId: DEBATE,
      bucketMs: BUCKET_MS,
      // Less than a minute: read from the 5-s block item, the largest
      from: T0,
      to: T0 + 55_000,
      candidates: many,
    });
    for (const c of many) {
      const best = got.get(c)?.mostPositive;
      expect(best?.score).toBe(0.9);
      // a cut text: a prefix of whole code points, marked as cut
      expect(best?.text.endsWith('…')).toBe(true);
      expect(emoji.startsWith((best?.text ?? '').slice(0, -1))).toBe(true);
      expect([...(best?.text ?? '')].length).toBeLessThan(280);
    }
  });
});
