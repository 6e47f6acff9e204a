import { fromTweet, toJSON } from '../../lambda/core/aggregate';
import type { BatchDelta } from '../../lambda/core/ports';
import { MemoryAggregateStore } from '../support/memory-store';

const META = {
  id: 'd',
  title: 'D',
  start: 0,
  end: 3_600_000,
  candidates: [{ id: 'a', name: 'A' }],
  bucketMs: 5000,
  scorer: 'vader',
};

function delta(lastSequence: string, score: number, at: number): BatchDelta {
  const tweet = {
    id: `${at}`,
    createdAt: at,
    authorId: 'u',
    text: 't',
    candidates: ['a'],
    score,
    polarity: 1 as const,
    hashtags: ['x'],
    words: ['w'],
  };
  return {
    debateId: 'd',
    shardId: 's-1',
    bucketMs: 5000,
    firstSequence: lastSequence,
    lastSequence,
    buckets: [{ candidate: 'a', bucketStart: 0, aggregate: fromTweet(tweet) }],
    geo: [{ minuteStart: 0, posts: [{ id: `${at}`, t: at, lon: 1, lat: 2, score, candidates: ['a'] }] }],
    newestPostAt: at,
    oldestPostAt: at,
    newestArrivalAt: at + 100,
  };
}

describe('MemoryAggregateStore (test double of AggregateStore)', () => {
  test('GIVEN a batch applied WHEN it is redelivered THEN nothing changes; a later batch adds', async () => {
    // GIVEN
    const store = new MemoryAggregateStore({ now: () => 10_000 });
    await store.putDebate(META);
    expect(await store.applyBatch(delta('9', 0.5, 1000))).toEqual({ itemsWritten: 2, itemsSkipped: 0 });
    const once = toJSON((await store.readBuckets('d', 'a', 0, 5000)).get(0)!);
    // WHEN
    const again = await store.applyBatch(delta('9', 0.5, 1000));
    const older = await store.applyBatch(delta('8', 0.5, 1000));
    // THEN
    expect([again, older]).toEqual([
      { itemsWritten: 0, itemsSkipped: 2 },
      { itemsWritten: 0, itemsSkipped: 2 },
    ]);
    expect(toJSON((await store.readBuckets('d', 'a', 0, 5000)).get(0)!)).toEqual(once);
    await store.applyBatch(delta('100', -0.25, 2000));
    const both = (await store.readBuckets('d', 'a', 0, 5000)).get(0)!;
    expect([both.count, both.sum]).toEqual([2, 0.25]);
    expect((await store.readGeo('d', 0, 60_000)).map((g) => g.id)).toEqual(['1000', '2000']);
    expect(await store.getDebate('d')).toMatchObject({
      firstPostAt: 1000,
      lastPostAt: 2000,
      processedAt: 10_000,
      lagMs: 7900,
    });
  });

  test('GIVEN a stored aggregate WHEN the caller mutates what it read THEN the store is unchanged', async () => {
    const store = new MemoryAggregateStore();
    await store.putDebate(META);
    await store.applyBatch(delta('1', 0.5, 1000));
    (await store.readBuckets('d', 'a', 0, 5000)).get(0)!.count = 99;
    expect((await store.readBuckets('d', 'a', 0, 5000)).get(0)!.count).toBe(1);
  });
});
