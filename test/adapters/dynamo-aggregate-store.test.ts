import {
  PutItemCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../../lambda/adapters/aws-clients';
import {
  DynamoAggregateStore,
  type DynamoAggregateStoreOptions,
} from '../../lambda/adapters/dynamo-aggregate-store';
import type { BatchDelta, DebateMeta, GeoPostRecord } from '../../lambda/core/ports';
import {
  bucketTweets,
  compact,
  mergeAll,
  toJSON,
  type BucketAggregate,
  type CandidateBuckets,
} from '../../lambda/core/aggregate';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import { EMULATOR_CREDENTIALS, ensureTable } from '../../lib/local/emulators';
import { uniqueName, useEmulators } from '../support/emulators';
import { mulberry32 } from '../support/prng';
import { CANDIDATES, randomScoredTweets } from '../support/scored-tweets';

const aws = useEmulators();

const DEBATE = 'gop-2015-09-16';
const BUCKET_MS = 5000;
const T0 = Date.UTC(2015, 8, 17, 1, 0, 0);
const SHARD = 'shardId-000000000000';
/** Real Kinesis sequence numbers are 56 digits. */
const SEQ = (n: number): string =>
  `49590338271490256608559692538361571095921575989136${String(n).padStart(6, '0')}`;

const META: DebateMeta = {
  id: DEBATE,
  title: 'GOP debate',
  start: T0,
  end: T0 + 3 * 3600_000,
  candidates: [
    { id: 'alice', name: 'Alice A', party: 'R', color: '#1f77b4' },
    { id: 'bob', name: 'Bob B' },
  ],
  bucketMs: BUCKET_MS,
  scorer: 'vader',
};

async function newStore(
  options: Partial<DynamoAggregateStoreOptions> = {},
): Promise<{ store: DynamoAggregateStore; table: string; warnings: string[] }> {
  const table = options.tableName ?? uniqueName('trendoff');
  await ensureTable(aws().dynamo, table);
  const warnings: string[] = [];
  const store = new DynamoAggregateStore({
    client: aws().dynamo,
    tableName: table,
    onWarning: (m) => warnings.push(m),
    ...options,
  });
  return { store, table, warnings };
}

function tweets(seed: number, n: number, spanMs = 60_000): ScoredTweet[] {
  return randomScoredTweets(mulberry32(seed), { n, from: T0, spanMs });
}

/** Geo posts for some of the tweets (every fifth), one per tweet, in its minute. */
function geoPosts(ts: readonly ScoredTweet[]): GeoPostRecord[] {
  return ts
    .filter((_, i) => i % 5 === 0)
    .map((t, i) => ({
      id: `${t.id}-${i}`,
      t: t.createdAt,
      lon: -100 + i / 7,
      lat: 40 - i / 9,
      score: t.score,
      candidates: [...t.candidates],
    }));
}

/** The delta a processor would build from one batch of tweets. */
function deltaOf(ts: readonly ScoredTweet[], lastSequence: string, shardId = SHARD): BatchDelta {
  const buckets = [...bucketTweets(ts, BUCKET_MS)].flatMap(([candidate, series]) =>
    [...series].map(([bucketStart, aggregate]) => ({ candidate, bucketStart, aggregate })),
  );
  const byMinute = new Map<number, GeoPostRecord[]>();
  for (const p of geoPosts(ts)) {
    const m = Math.floor(p.t / 60_000) * 60_000;
    byMinute.set(m, [...(byMinute.get(m) ?? []), p]);
  }
  const times = ts.map((t) => t.createdAt);
  return {
    debateId: DEBATE,
    shardId,
    bucketMs: BUCKET_MS,
    firstSequence: lastSequence,
    lastSequence,
    buckets,
    geo: [...byMinute].map(([minuteStart, posts]) => ({ minuteStart, posts })),
    newestPostAt: times.length ? Math.max(...times) : null,
    oldestPostAt: times.length ? Math.min(...times) : null,
    newestArrivalAt: T0 + 3600_000,
  };
}

/** What the store should hold for one candidate: every bucket of every batch, merged. */
function expectedBuckets(
  batches: readonly (readonly ScoredTweet[])[],
  candidate: string,
): Map<number, unknown> {
  const indexes: CandidateBuckets[] = batches.map((b) => bucketTweets(b, BUCKET_MS));
  const starts = new Set(indexes.flatMap((ix) => [...(ix.get(candidate)?.keys() ?? [])]));
  const out = new Map<number, unknown>();
  for (const s of [...starts].sort((a, b) => a - b)) {
    const parts = indexes.flatMap((ix) => {
      const agg = ix.get(candidate)?.get(s);
      return agg ? [agg] : [];
    });
    out.set(s, toJSON(mergeAll(parts)));
  }
  return out;
}

async function readAll(store: DynamoAggregateStore, candidate: string): Promise<Map<number, unknown>> {
  const got = await store.readBuckets(DEBATE, candidate, T0 - 3600_000, T0 + 3600_000);
  return new Map([...got].map(([k, v]) => [k, toJSON(v)]));
}

/** Every aggregate and geo item of the table, as stored (the debate item, which carries times, aside). */
async function scanItems(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const key = (i: Record<string, AttributeValue>): string => `${i.pk.S}\u0000${i.sk.S}`;
  return items
    .filter((i) => i.pk.S !== 'debate')
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe('DynamoAggregateStore', () => {
  test('GIVEN a batch WHEN applied THEN each candidate reads back the merged buckets and the geo posts in time order', async () => {
    // GIVEN
    const { store, table, warnings } = await newStore();
    const batch = tweets(1, 300);
    const delta = deltaOf(batch, SEQ(10));
    // WHEN
    const report = await store.applyBatch(delta);
    // THEN
    expect(report).toEqual({ itemsWritten: (await scanItems(aws().dynamo, table)).length, itemsSkipped: 0 });
    for (const c of CANDIDATES) expect(await readAll(store, c)).toEqual(expectedBuckets([batch], c));
    const geo = await store.readGeo(DEBATE, T0, T0 + 60_000);
    expect(geo).toEqual([...geoPosts(batch)].sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1)));
    expect(warnings).toEqual([]);
  });

  test('GIVEN an applied batch WHEN the same batch is delivered again THEN every item is skipped and stays identical', async () => {
    // GIVEN
    const { store, table } = await newStore();
    const delta = deltaOf(tweets(2, 200), SEQ(10));
    await store.applyBatch(delta);
    const before = await scanItems(aws().dynamo, table);
    // WHEN
    const again = await store.applyBatch(delta);
    // THEN
    expect(again).toEqual({ itemsWritten: 0, itemsSkipped: before.length });
    expect(await scanItems(aws().dynamo, table)).toEqual(before);
  });

  test('GIVEN an applied batch WHEN its two halves are redelivered (bisected) THEN nothing changes', async () => {
    // GIVEN
    const { store, table } = await newStore();
    const batch = tweets(3, 200);
    await store.applyBatch(deltaOf(batch, SEQ(200)));
    const before = await scanItems(aws().dynamo, table);
    // WHEN
    const first = await store.applyBatch(deltaOf(batch.slice(0, 100), SEQ(100)));
    const second = await store.applyBatch(deltaOf(batch.slice(100), SEQ(200)));
    // THEN
    expect(first.itemsWritten + second.itemsWritten).toBe(0);
    expect(await scanItems(aws().dynamo, table)).toEqual(before);
  });

  test('GIVEN a crash after 3 item writes WHEN the full batch is redelivered THEN the items equal those of one clean apply', async () => {
    // GIVEN
    const batch = tweets(4, 300);
    const delta = deltaOf(batch, SEQ(10));
    const clean = await newStore();
    await clean.store.applyBatch(delta);
    const expected = await scanItems(aws().dynamo, clean.table);
    const crashing = await newStore({
      // Two writes in flight, so the crash leaves most items unwritten.
      concurrency: 2,
      afterItemWrite: (n) => {
        if (n === 3) throw new Error('simulated crash');
      },
    });
    await expect(crashing.store.applyBatch(delta)).rejects.toThrow('simulated crash');
    const partial = await scanItems(aws().dynamo, crashing.table);
    expect(partial.length).toBeGreaterThanOrEqual(3);
    expect(partial.length).toBeLessThan(expected.length);
    // WHEN (the restarted processor gets the same batch again)
    const { store } = await newStore({ tableName: crashing.table });
    const report = await store.applyBatch(delta);
    // THEN
    expect(report.itemsSkipped).toBe(partial.length);
    expect(await scanItems(aws().dynamo, crashing.table)).toEqual(expected);
  });

  test('GIVEN another shard writes the same bucket between a read and a write WHEN the write is retried THEN both batches are counted', async () => {
    // GIVEN: store A's first conditional write is held back until store B has written the same items.
    const fromA = tweets(5, 50, BUCKET_MS);
    const fromB = tweets(6, 50, BUCKET_MS);
    const b = await newStore();
    let held = false;
    let conflicts = 0;
    const clientA = dynamoClient({
      endpoint: aws().endpoints.dynamodb,
      region: 'us-east-1',
      credentials: EMULATOR_CREDENTIALS,
    });
    clientA.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand' && !held) {
          held = true;
          await b.store.applyBatch(deltaOf(fromB, SEQ(7), 'shardId-000000000001'));
        }
        try {
          return await next(args);
        } catch (err) {
          if ((err as Error).name === 'ConditionalCheckFailedException') conflicts += 1;
          throw err;
        }
      },
      { step: 'initialize', name: 'interleaveShardB' },
    );
    const a = new DynamoAggregateStore({ client: clientA, tableName: b.table, concurrency: 1 });
    // WHEN
    await a.applyBatch(deltaOf(fromA, SEQ(9), SHARD));
    // THEN
    expect(conflicts).toBeGreaterThan(0);
    for (const c of CANDIDATES) expect(await readAll(b.store, c)).toEqual(expectedBuckets([fromA, fromB], c));
    clientA.destroy();
  });

  test('GIVEN four shards WHEN they write the same buckets at once THEN every batch is counted once', async () => {
    // GIVEN
    const { store } = await newStore();
    const batches = [7, 8, 9, 10].map((seed) => tweets(seed, 60, 2 * BUCKET_MS));
    // WHEN
    await Promise.all(
      batches.map((ts, i) => store.applyBatch(deltaOf(ts, SEQ(1), `shardId-00000000000${i}`))),
    );
    // THEN
    for (const c of CANDIDATES) expect(await readAll(store, c)).toEqual(expectedBuckets(batches, c));
  });

  test('GIVEN an applied batch WHEN the next batch of the shard arrives THEN it is added', async () => {
    // GIVEN
    const { store } = await newStore();
    const first = tweets(11, 100);
    const second = tweets(12, 100);
    await store.applyBatch(deltaOf(first, SEQ(100)));
    // WHEN
    const report = await store.applyBatch(deltaOf(second, SEQ(200)));
    // THEN
    expect(report.itemsWritten).toBeGreaterThan(0);
    for (const c of CANDIDATES) expect(await readAll(store, c)).toEqual(expectedBuckets([first, second], c));
  });

  test('GIVEN sequence 9 applied WHEN sequence 10 arrives THEN it is newer (numbers compare as numbers, not text)', async () => {
    // GIVEN
    const { store } = await newStore();
    const first = tweets(13, 40);
    const second = tweets(14, 40);
    await store.applyBatch(deltaOf(first, '9'));
    // WHEN
    await store.applyBatch(deltaOf(second, '10'));
    // THEN
    expect(await readAll(store, 'alice')).toEqual(expectedBuckets([first, second], 'alice'));
  });

  test('GIVEN buckets at t0, t0+5s, t0+10s WHEN read with from ≤ bucketStart < to THEN only those in range come back', async () => {
    // GIVEN
    const { store } = await newStore();
    const one = (t: number, id: string): ScoredTweet => ({
      id,
      createdAt: t,
      authorId: 'a',
      text: 'x',
      candidates: ['alice'],
      score: 0.5,
      polarity: 1,
      hashtags: [],
      words: [],
    });
    await store.applyBatch(
      deltaOf([one(T0, '1'), one(T0 + 5000, '2'), one(T0 + 10_000 + 4999, '3')], SEQ(1)),
    );
    const keys = async (from: number, to: number): Promise<number[]> => [
      ...(await store.readBuckets(DEBATE, 'alice', from, to)).keys(),
    ];
    // WHEN / THEN
    expect(await keys(T0, T0 + 15_000)).toEqual([T0, T0 + 5000, T0 + 10_000]);
    expect(await keys(T0 + 5000, T0 + 10_000)).toEqual([T0 + 5000]);
    expect(await keys(T0 + 1, T0 + 10_001)).toEqual([T0 + 5000, T0 + 10_000]);
    expect(await keys(T0 + 0.5, T0 + 5000.5)).toEqual([T0 + 5000]);
    expect(await keys(T0 + 5000, T0 + 5000)).toEqual([]);
    expect(await keys(T0 + 10_000, T0)).toEqual([]);
    expect(await store.readBuckets(DEBATE, 'bob', T0, T0 + 15_000)).toEqual(new Map());
    expect(await store.readBuckets('other-debate', 'alice', T0, T0 + 15_000)).toEqual(new Map());
  });

  test('GIVEN more aggregates than one query page holds WHEN read THEN every page is read', async () => {
    // GIVEN: 400 buckets with 100 long words each, ~36 KB per detail block: over DynamoDB's 1 MB page.
    const { store, table } = await newStore();
    const long = 'x'.repeat(280);
    const batch: ScoredTweet[] = Array.from({ length: 400 }, (_, i) => ({
      id: String(i + 1),
      createdAt: T0 + i * BUCKET_MS,
      authorId: 'a',
      text: long,
      candidates: ['alice'],
      score: -0.25,
      polarity: -1,
      hashtags: [],
      words: Array.from({ length: 100 }, (_, w) => `${long.slice(0, 20)}${w}-${i}`),
    }));
    await store.applyBatch(deltaOf(batch, SEQ(1)));
    const reader = dynamoClient({
      endpoint: aws().endpoints.dynamodb,
      region: 'us-east-1',
      credentials: EMULATOR_CREDENTIALS,
    });
    let queries = 0;
    reader.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'QueryCommand') queries += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countQueries' },
    );
    // WHEN
    const got = await new DynamoAggregateStore({ client: reader, tableName: table }).readBuckets(
      DEBATE,
      'alice',
      T0,
      T0 + 400 * BUCKET_MS,
    );
    // THEN: the block before T0 (none), then at least two pages
    expect(queries).toBeGreaterThan(2);
    expect(got.size).toBe(400);
    expect([...got.values()].every((a) => a.count === 1 && a.words.size === 100)).toBe(true);
    reader.destroy();
  });

  test('GIVEN small top-K limits WHEN a bucket is stored THEN it keeps the top counts and the rest as "other"', async () => {
    // GIVEN
    const { store } = await newStore({ compactLimits: { hashtags: 2, words: 3 } });
    const batch = tweets(15, 200, BUCKET_MS);
    // WHEN
    await store.applyBatch(deltaOf(batch, SEQ(1)));
    // THEN
    const stored = (await store.readBuckets(DEBATE, 'alice', T0, T0 + BUCKET_MS)).get(T0) as BucketAggregate;
    const full = bucketTweets(batch, BUCKET_MS).get('alice')?.get(T0) as BucketAggregate;
    expect(stored.hashtags.size).toBe(2);
    expect(stored.words.size).toBe(3);
    expect(toJSON(stored)).toEqual(toJSON(compact(full, { hashtags: 2, words: 3 })));
  });

  test('GIVEN more geo posts in a minute than the cap WHEN they arrive in any order THEN the earliest are kept', async () => {
    // GIVEN
    const post = (i: number): GeoPostRecord => ({
      id: `p${i}`,
      t: T0 + i * 1000,
      lon: i,
      lat: 10 - i,
      score: i / 10,
      candidates: ['bob'],
    });
    const geoDelta = (shardId: string, posts: GeoPostRecord[]): BatchDelta => ({
      ...deltaOf([], SEQ(1), shardId),
      geo: [{ minuteStart: T0, posts }],
    });
    const late = await newStore({ geoPostsPerMinute: 3 });
    const early = await newStore({ geoPostsPerMinute: 3 });
    // WHEN
    await late.store.applyBatch(geoDelta('s1', [post(4), post(3)]));
    await late.store.applyBatch(geoDelta('s2', [post(0), post(2), post(1)]));
    await early.store.applyBatch(geoDelta('s2', [post(0), post(2), post(1)]));
    await early.store.applyBatch(geoDelta('s1', [post(4), post(3)]));
    // THEN
    const want = [post(0), post(1), post(2)];
    expect(await late.store.readGeo(DEBATE, T0, T0 + 60_000)).toEqual(want);
    expect(await scanItems(aws().dynamo, late.table)).toEqual(await scanItems(aws().dynamo, early.table));
    expect(await late.store.readGeo(DEBATE, T0 + 1000, T0 + 2000)).toEqual([post(1)]);
  });

  test('GIVEN a debate WHEN batches arrive out of order THEN first and last post times only widen and metadata updates keep them', async () => {
    // GIVEN
    let clock = T0 + 3600_000;
    const { store } = await newStore({ now: () => clock });
    await store.putDebate(META);
    const at = (s: number): ScoredTweet[] =>
      tweets(16 + s, 1).map((t) => ({ ...t, createdAt: T0 + s * 1000 }));
    // WHEN
    await store.applyBatch(deltaOf([...at(10), ...at(20)], SEQ(1), 's1'));
    clock += 1000;
    await store.applyBatch(deltaOf([...at(5), ...at(15)], SEQ(1), 's2'));
    await store.putDebate({ ...META, title: 'GOP debate (CNN)' });
    // THEN
    expect(await store.getDebate(DEBATE)).toEqual({
      ...META,
      title: 'GOP debate (CNN)',
      firstPostAt: T0 + 5000,
      lastPostAt: T0 + 20_000,
      processedAt: T0 + 3601_000,
      lagMs: 1000,
    });
    expect((await store.listDebates()).map((d) => d.id)).toEqual([DEBATE]);
  });

  test('GIVEN moments in the metadata WHEN stored, then removed THEN the debate reads them back, then none', async () => {
    // GIVEN
    const { store } = await newStore();
    const moments = [{ at: T0 + 60_000, label: 'Opening statements' }];
    // WHEN
    await store.putDebate({ ...META, moments });
    const withMoments = await store.getDebate(DEBATE);
    await store.putDebate(META);
    // THEN
    expect(withMoments?.moments).toEqual(moments);
    expect((await store.getDebate(DEBATE))?.moments).toBeUndefined();
  });

  test('GIVEN a batch applied before the debate metadata WHEN the metadata is stored THEN the debate appears with the state already learnt', async () => {
    // GIVEN
    const { store, warnings } = await newStore({ now: () => T0 + 7200_000 });
    await store.applyBatch(deltaOf(tweets(20, 30), SEQ(1)));
    expect(await store.getDebate(DEBATE)).toBeUndefined();
    expect(await store.listDebates()).toEqual([]);
    // WHEN
    await store.putDebate(META);
    // THEN
    const d = await store.getDebate(DEBATE);
    expect(d?.firstPostAt).not.toBeNull();
    expect(d?.processedAt).toBe(T0 + 7200_000);
    expect(warnings).toEqual([]);
  });

  test('GIVEN corrupt stored items WHEN read THEN they are skipped with a warning and the rest is returned', async () => {
    // GIVEN
    const { store, table, warnings } = await newStore();
    const batch = tweets(21, 100, BUCKET_MS * 3);
    await store.applyBatch(deltaOf(batch, SEQ(1)));
    const put = (pk: string, sk: string, attrs: Record<string, AttributeValue>): Promise<unknown> =>
      aws().dynamo.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, sk: { S: sk }, ...attrs } }),
      );
    // Detail blocks (one minute of 5-s buckets) after the batch's: one not JSON, one breaking an invariant.
    const key = (t: number): string => String(t).padStart(15, '0');
    await put(`detail#${DEBATE}#alice`, key(T0 + 60_000), { v: { S: '{"1":{"alice":{"count":2' } });
    await put(`detail#${DEBATE}#alice`, key(T0 + 120_000), {
      v: { S: JSON.stringify({ [T0 + 120_000]: { alice: { ...toJSON(mergeAll([])), count: 1 } } }) },
    });
    await put(`geo#${DEBATE}`, String(T0 + 60_000).padStart(15, '0'), { posts: { S: '[{"id":1}]' } });
    await put('debate', 'broken', { title: { S: 'no times' } });
    // WHEN
    const got = await readAll(store, 'alice');
    const geo = await store.readGeo(DEBATE, T0, T0 + 120_000);
    const debates = await store.listDebates();
    // THEN
    expect(got).toEqual(expectedBuckets([batch], 'alice'));
    expect(geo.length).toBe(geoPosts(batch).length);
    expect(debates).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^skipped unreadable detail detail#gop-2015-09-16#alice \/ 0*\d+: "v" is not JSON/,
      ),
      expect.stringMatching(/^skipped unreadable detail .*: \d+\.alice: \$\.count: pos \+ neu \+ neg/),
      expect.stringMatching(/^skipped unreadable geo posts geo#gop-2015-09-16 \/ .*: posts\[0\]/),
      expect.stringMatching(/^skipped unreadable debate broken: /),
    ]);
  });

  test('GIVEN a corrupt stored bucket WHEN a batch adds to it THEN the batch replaces it and a warning says so', async () => {
    // GIVEN
    const { store, table, warnings } = await newStore();
    const batch = tweets(22, 50, BUCKET_MS);
    await aws().dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          // The detail block holding T0 (see detailPk in table-keys.ts).
          pk: { S: `detail#${DEBATE}#alice` },
          sk: { S: String(T0).padStart(15, '0') },
          v: { S: 'garbage' },
        },
      }),
    );
    // WHEN
    await store.applyBatch(deltaOf(batch, SEQ(1)));
    // THEN
    expect(await readAll(store, 'alice')).toEqual(expectedBuckets([batch], 'alice'));
    expect(warnings).toEqual([
      expect.stringMatching(/^replaced unreadable detail detail#gop-2015-09-16#alice/),
    ]);
  });

  test.each([['not-a-number'], [''], ['1'.repeat(65)], ['-5']])(
    'rejects the sequence number %p before writing anything',
    async (seq) => {
      // GIVEN
      const { store, table } = await newStore();
      // WHEN / THEN
      await expect(store.applyBatch(deltaOf(tweets(23, 20), seq))).rejects.toThrow(/sequence number/);
      expect(await scanItems(aws().dynamo, table)).toEqual([]);
    },
  );

  test('rejects a geo post outside its minute before writing anything', async () => {
    // GIVEN
    const { store, table } = await newStore();
    const delta: BatchDelta = {
      ...deltaOf(tweets(24, 20), SEQ(1)),
      geo: [
        { minuteStart: T0, posts: [{ id: 'p', t: T0 + 60_000, lon: 0, lat: 0, score: 0, candidates: [] }] },
      ],
    };
    // WHEN / THEN
    await expect(store.applyBatch(delta)).rejects.toThrow(/outside its minute/);
    expect(await scanItems(aws().dynamo, table)).toEqual([]);
  });
});
