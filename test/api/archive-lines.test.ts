import * as zlib from 'zlib';
import { archiveLines, isGzip } from '../../lambda/core/api/archive-lines';

async function collect(body: Uint8Array, onBytes?: (n: number) => void): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of archiveLines(body, onBytes)) lines.push(line);
  return lines;
}

describe('archiveLines', () => {
  const text = '{"a":1}\r\n\n{"b":"é ☃ 🇺🇸"}\n{"c":3}';

  test('GIVEN gzip JSON Lines WHEN read THEN the non-empty lines, CRLF and a missing final newline handled', async () => {
    // GIVEN
    const body = zlib.gzipSync(text);
    // WHEN / THEN
    expect(isGzip(body)).toBe(true);
    expect(await collect(body)).toEqual(['{"a":1}', '{"b":"é ☃ 🇺🇸"}', '{"c":3}']);
  });

  test('GIVEN plain JSON Lines WHEN read THEN the same lines', async () => {
    expect(await collect(Buffer.from(text))).toEqual(['{"a":1}', '{"b":"é ☃ 🇺🇸"}', '{"c":3}']);
  });

  test('GIVEN a multi-byte character split across inflated chunks WHEN read THEN it is decoded whole', async () => {
    // GIVEN: 20,000 lines of 2-byte characters, inflated in many chunks
    const lines = Array.from({ length: 20_000 }, (_, i) => `${i}:${'é'.repeat(7)}`);
    // WHEN
    const got = await collect(zlib.gzipSync(lines.join('\n')));
    // THEN
    expect(got).toEqual(lines);
  });

  test('GIVEN concatenated gzip members (appended batches) WHEN read THEN every member is read', async () => {
    const body = Buffer.concat([zlib.gzipSync('{"a":1}\n'), zlib.gzipSync('{"b":2}\n')]);
    expect(await collect(body)).toEqual(['{"a":1}', '{"b":2}']);
  });

  test('GIVEN a budget callback that throws WHEN a large object is read THEN reading stops with that error', async () => {
    // GIVEN: 10 MB of zeros, compressed to about 10 kB
    const bomb = zlib.gzipSync(Buffer.alloc(10_000_000, 0x30));
    let seen = 0;
    // WHEN
    const run = collect(bomb, (n) => {
      seen += n;
      if (seen > 100_000) throw new Error('budget');
    });
    // THEN
    await expect(run).rejects.toThrow('budget');
    expect(seen).toBeLessThan(1_000_000);
  });

  test('fails if the gzip data is corrupt', async () => {
    const body = zlib.gzipSync(text);
    body[body.length - 5] ^= 0xff;
    await expect(collect(body)).rejects.toThrow();
  });
});
