import type { StreamRecord, StreamWriter, WriteReport } from '../../lambda/core/ports';
import type { SourceLine } from '../../lambda/io/post-file';
import { pumpLive } from '../../lambda/x/live-pump';

/** Keeps what it is given and, as Kinesis, fails the whole call if one record is over the limit. */
class StrictWriter implements StreamWriter {
  readonly maxRecordBytes = 16 * 1024;
  readonly records: StreamRecord[] = [];
  async write(records: readonly StreamRecord[]): Promise<WriteReport> {
    for (const r of records)
      if (Buffer.byteLength(r.data) + Buffer.byteLength(r.partitionKey) > this.maxRecordBytes)
        throw new RangeError('record over the limit');
    this.records.push(...records);
    return { written: records.length, retried: 0 };
  }
}

describe('pumpLive', () => {
  test('GIVEN a live line over the stream record limit in bytes WHEN pumped THEN it is sent as a quarantine record and the others as they are', async () => {
    // GIVEN 5,000 × "😀": 10,000 UTF-16 units, 20,000 bytes
    const writer = new StrictWriter();
    const lines: SourceLine[] = [
      { line: '{"a":1}', createdAt: undefined, key: '1' },
      { line: '😀'.repeat(5000), createdAt: undefined, key: '2' },
      { line: '{"b":2}', createdAt: undefined, key: '3' },
    ];
    async function* source() {
      yield lines;
    }
    // WHEN
    const result = await pumpLive(source(), writer);
    // THEN
    expect(result.sent).toBe(3);
    expect(writer.records.map((r) => r.partitionKey)).toEqual(['1', '2', '3']);
    expect([writer.records[0]!.data, writer.records[2]!.data]).toEqual(['{"a":1}', '{"b":2}']);
    expect(writer.records[1]!.data).toMatch(/^\{"quarantine":\{"reason":"record of 20001 bytes/);
  });
});
