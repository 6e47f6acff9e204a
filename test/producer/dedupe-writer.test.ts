/**
 * The producer's de-duplicating writer with its window in DynamoDB (dynalite, real SDK client):
 * carried from run to run, saved only after the records were written, fenced by holder.
 */
import { DynamoRecentIds, MAX_SAVED_IDS } from '../../lambda/adapters/dynamo-recent-ids';
import type { StreamRecord, StreamWriter, WriteReport } from '../../lambda/core/ports';
import { DedupingWriter } from '../../lambda/producer/dedupe-writer';
import { ensureTable } from '../../lib/local/emulators';
import { uniqueName, useEmulators } from '../support/emulators';

class RecordingWriter implements StreamWriter {
  readonly maxRecordBytes = 1024 * 1024;
  readonly ids: (string | undefined)[] = [];
  failNext = false;
  async write(records: readonly StreamRecord[]): Promise<WriteReport> {
    if (this.failNext) throw new Error('stream unavailable');
    this.ids.push(...records.map((r) => r.id));
    return { written: records.length, retried: 0 };
  }
}

const posts = (from: number, to: number): StreamRecord[] =>
  Array.from({ length: to - from }, (_, k) => ({
    partitionKey: String(from + k),
    data: `post ${from + k}`,
    id: String(from + k),
  }));

describe('DedupingWriter + DynamoRecentIds', () => {
  const aws = useEmulators();
  let table = '';
  const store = (holder: string) =>
    new DynamoRecentIds({ client: aws().dynamo, tableName: table, debateId: 'd1', holder });

  beforeEach(async () => {
    table = uniqueName('recent');
    await ensureTable(aws().dynamo, table);
  });

  test('GIVEN run A sent posts 1-5 WHEN run B is sent 3-8 THEN B writes only 6-8, and unreadable records always pass', async () => {
    // GIVEN
    const streamA = new RecordingWriter();
    const a = await DedupingWriter.open(streamA, { store: store('a'), capacity: 100 });
    await a.write([...posts(1, 6), ...posts(1, 3)]);
    await a.close();
    expect(streamA.ids).toEqual(['1', '2', '3', '4', '5']);
    expect(a.dropped).toBe(2);
    // WHEN
    const streamB = new RecordingWriter();
    const b = await DedupingWriter.open(streamB, { store: store('b'), capacity: 100 });
    const report = await b.write([...posts(3, 9), { partitionKey: 'unreadable-0', data: '{' }]);
    // THEN
    expect(streamB.ids).toEqual(['6', '7', '8', undefined]);
    expect(report).toEqual({ written: 4, retried: 0 });
    expect(b.dropped).toBe(3);
  });

  test('GIVEN a write that failed WHEN its posts come again, in this run or the next THEN they are sent', async () => {
    const stream = new RecordingWriter();
    const a = await DedupingWriter.open(stream, { store: store('a'), capacity: 100 });
    await a.write(posts(1, 3));
    stream.failNext = true;
    await expect(a.write(posts(2, 5))).rejects.toThrow('stream unavailable');
    stream.failNext = false;
    await a.write(posts(4, 5));
    expect(stream.ids).toEqual(['1', '2', '4']);
    await a.close();
    const next = new RecordingWriter();
    const b = await DedupingWriter.open(next, { store: store('b'), capacity: 100 });
    await b.write(posts(1, 5));
    expect(next.ids).toEqual(['3']);
  });

  test('GIVEN a later run claimed the window WHEN the earlier run saves THEN it is refused and the later run keeps its own', async () => {
    // GIVEN run A lost its lease to B while still running
    const a = await DedupingWriter.open(new RecordingWriter(), { store: store('a'), capacity: 100 });
    await a.write(posts(1, 3));
    const b = await DedupingWriter.open(new RecordingWriter(), { store: store('b'), capacity: 100 });
    await b.write(posts(10, 12));
    await b.close();
    // WHEN A writes more and saves
    await a.write(posts(20, 22));
    await a.close();
    expect(await store('a').save(['99'])).toBe(false);
    // THEN the next run starts with B's window (A's 1-2 were saved by nobody: A never saved before B)
    expect(await store('c').claim()).toEqual(['10', '11']);
  });

  test('GIVEN posts written over time WHEN saving THEN at most one save per interval, and one at the end', async () => {
    let clock = 0;
    let saves = 0;
    const inner = store('a');
    const counted = {
      claim: () => inner.claim(),
      save: (ids: readonly string[]) => {
        saves++;
        return inner.save(ids);
      },
    };
    const w = await DedupingWriter.open(new RecordingWriter(), {
      store: counted,
      capacity: 100,
      saveEveryMs: 5000,
      now: () => clock,
    });
    for (let k = 0; k < 10; k++) {
      clock += 1000;
      await w.write(posts(k * 10, k * 10 + 10));
    }
    expect(saves).toBe(2);
    clock += 1000;
    await w.write(posts(100, 101));
    expect(saves).toBe(2);
    await w.close();
    expect(saves).toBe(3);
    expect(await store('b').claim()).toHaveLength(100);
    expect(await store('b').claim()).toContain('100');
  });

  test('GIVEN more ids than one item holds WHEN saved THEN the newest MAX_SAVED_IDS come back, inside the item limit', async () => {
    const ids = Array.from({ length: MAX_SAVED_IDS + 5000 }, (_, k) =>
      String(640_000_000_000_000_000n + BigInt(k)),
    );
    await store('a').claim();
    expect(await store('a').save(ids)).toBe(true);
    expect(await store('b').claim()).toEqual(ids.slice(-MAX_SAVED_IDS));
  });
});
