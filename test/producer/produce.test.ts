import type { StreamRecord, StreamWriter, WriteReport } from '../../lambda/core/ports';
import type { SourceLine } from '../../lambda/io/post-file';
import { produce } from '../../lambda/producer/produce';

/** A writer that records what it was given (the port's contract, in memory). */
class RecordingWriter implements StreamWriter {
  readonly calls: StreamRecord[][] = [];
  constructor(readonly maxRecordBytes = 1024 * 1024) {}
  async write(records: readonly StreamRecord[]): Promise<WriteReport> {
    // As Kinesis: one record over the limit fails the whole call.
    for (const r of records) {
      const bytes = Buffer.byteLength(r.data) + Buffer.byteLength(r.partitionKey);
      if (bytes > this.maxRecordBytes) throw new RangeError(`record of ${bytes} bytes`);
    }
    this.calls.push([...records]);
    return { written: records.length, retried: 0 };
  }
}

/** A fake clock: sleeping advances time instantly. */
function fakeClock(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

const line = (i: number, createdAt: number | undefined): SourceLine => ({
  line: `{"n":${i}}`,
  createdAt,
  key: `a${i % 3}`,
});

describe('produce', () => {
  test('GIVEN posts 1 s apart WHEN replayed at 10× THEN sends are paced 100 ms apart', async () => {
    // GIVEN
    const clock = fakeClock();
    const writer = new RecordingWriter();
    const posts = [0, 1000, 2000, 3000].map((dt, i) => line(i, 5_000_000 + dt));
    // WHEN
    const result = await produce([posts], writer, { speed: 10, now: clock.now, sleep: clock.sleep });
    // THEN
    expect(clock.sleeps).toEqual([100, 100, 100]);
    expect(result.sent).toBe(4);
    expect(writer.calls.flat().map((r) => r.data)).toEqual(posts.map((p) => p.line));
  });

  test('GIVEN speed max WHEN replayed THEN nothing waits and batches hold at most 500 records', async () => {
    const clock = fakeClock();
    const writer = new RecordingWriter();
    const posts = Array.from({ length: 1234 }, (_, i) => line(i, 5_000_000 + i * 1000));
    const result = await produce([posts.slice(0, 700), posts.slice(700)], writer, {
      speed: Infinity,
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(clock.sleeps).toEqual([]);
    expect(writer.calls.map((c) => c.length)).toEqual([500, 500, 234]);
    expect(result).toEqual({ sent: 1234, retried: 0, lastPostAt: 5_000_000 + 1233 * 1000 });
  });

  test('GIVEN posts without a time WHEN paced THEN they go out with the previous pace and keep their keys', async () => {
    const clock = fakeClock();
    const writer = new RecordingWriter();
    await produce([[line(0, 5_000_000), line(1, undefined), line(2, 5_002_000)]], writer, {
      speed: 2,
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(clock.sleeps).toEqual([1000]);
    expect(writer.calls.flat().map((r) => r.partitionKey)).toEqual(['a0', 'a1', 'a2']);
  });

  test('GIVEN an abort WHEN producing THEN what was gathered is written and the run stops', async () => {
    const controller = new AbortController();
    const writer = new RecordingWriter();
    async function* source() {
      yield [line(0, 1), line(1, 2)];
      controller.abort();
      yield [line(2, 3)];
    }
    const result = await produce(source(), writer, { speed: Infinity, signal: controller.signal });
    expect(result.sent).toBe(2);
  });

  test('GIVEN a line of multi-byte characters under the line limit in characters but over the record limit in bytes WHEN produced THEN it goes on as one quarantine record with its reason and the rest of the batch is written', async () => {
    // GIVEN 349,520 × "€" (3 bytes each): 1,048,568 bytes, over 1 MiB with its partition key
    const writer = new RecordingWriter();
    const big: SourceLine = {
      line: `{"x":"${'€'.repeat(349_520)}"}`,
      createdAt: undefined,
      key: 'unreadable-0',
    };
    // WHEN
    const result = await produce([[line(0, 1), big, line(2, 3)]], writer, { speed: Infinity });
    // THEN
    expect(result.sent).toBe(3);
    const sent = writer.calls.flat();
    expect(sent.map((r) => r.partitionKey)).toEqual(['a0', 'unreadable-0', 'a2']);
    expect([sent[0]!.data, sent[2]!.data]).toEqual(['{"n":0}', '{"n":2}']);
    const envelope = JSON.parse(sent[1]!.data) as { quarantine: { reason: string; sample: string } };
    expect(envelope.quarantine.reason).toBe(
      "record of 1048580 bytes (post and partition key) is over the stream's limit of 1048576 bytes",
    );
    expect(envelope.quarantine.sample).toBe(big.line.slice(0, 2048));
  });

  test('GIVEN a record exactly at the limit in bytes WHEN produced THEN it goes as it is', async () => {
    const writer = new RecordingWriter(1000);
    const exact: SourceLine = { line: 'é'.repeat(499), createdAt: undefined, key: 'ab' }; // 998 + 2 bytes
    await produce([[exact]], writer, { speed: Infinity });
    expect(writer.calls.flat()).toEqual([{ partitionKey: 'ab', data: exact.line }]);
  });

  test('fails if the speed is not positive', async () => {
    await expect(produce([], new RecordingWriter(), { speed: 0 })).rejects.toThrow('speed must be > 0');
  });
});
