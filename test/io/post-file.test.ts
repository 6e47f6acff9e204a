import { PutObjectCommand } from '@aws-sdk/client-s3';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { Readable } from 'stream';
import { openPostStream, readPosts, readSourceLines, type SourceLine } from '../../lambda/io/post-file';
import type { NormaliseResult } from '../../lambda/core/tweet';
import { ensureBucket } from '../../lib/local/emulators';
import { useEmulators } from '../support/emulators';

const tweetLine = (id: string, t: string) =>
  JSON.stringify({
    data: { id, text: `post ${id}`, author_id: '9', created_at: t },
    includes: { users: [{ id: '9', username: 'u' }] },
  });
const lines = [
  tweetLine('101', '2016-09-27T01:00:00.000Z'),
  '{"broken',
  tweetLine('102', '2016-09-27T01:00:01.500Z'),
];

async function collect(batches: AsyncIterable<SourceLine[]>): Promise<SourceLine[]> {
  const out: SourceLine[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}

describe('openPostStream + readSourceLines', () => {
  const aws = useEmulators();

  test('GIVEN a gzip JSON Lines object in S3 WHEN replayed from s3://bucket/key THEN every line comes through with its time', async () => {
    // GIVEN
    await ensureBucket(aws().s3, 'replays');
    await aws().s3.send(
      new PutObjectCommand({
        Bucket: 'replays',
        Key: 'night/posts.jsonl.gz',
        Body: gzipSync(lines.join('\n') + '\n'),
      }),
    );
    // WHEN
    const got = await collect(
      readSourceLines(await openPostStream('s3://replays/night/posts.jsonl.gz', { s3: aws().s3 })),
    );
    // THEN the raw lines pass through, readable ones carry their post time and are keyed by post id
    expect(got.map((l) => l.line)).toEqual(lines);
    expect(got.map((l) => l.createdAt)).toEqual([
      Date.parse('2016-09-27T01:00:00Z'),
      undefined,
      Date.parse('2016-09-27T01:00:01.500Z'),
    ]);
    expect(got.map((l) => [l.key, l.id])).toEqual([
      ['101', '101'],
      ['unreadable-0', undefined],
      ['102', '102'],
    ]);
  });

  test('GIVEN a CSV file WHEN replayed THEN rows become trendoff records and a bad row a quarantine envelope with its reason', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-io-')), 'posts.csv');
    fs.writeFileSync(
      file,
      'id,created_at,author_id,username,name,text,lang,hashtags,mentions,lon,lat,retweet_of,quote_of,reply_to\n' +
        '201,2016-09-27T01:00:00.000Z,5,five,,Hello there,en,,,,,,,\n' +
        'not-an-id,2016-09-27T01:00:00.000Z,5,five,,Bad row,en,,,,,,,\n',
    );
    const got = await collect(readSourceLines(await openPostStream(file)));
    expect(JSON.parse(got[0]!.line)).toEqual(
      expect.objectContaining({ id: '201', text: 'Hello there', format: 'csv' }),
    );
    expect(JSON.parse(got[1]!.line)).toEqual({
      quarantine: { reason: expect.stringContaining('id'), sample: expect.any(String) },
    });
  });

  test('fails if an s3:// input has no key or no client, naming it', async () => {
    await expect(openPostStream('s3://only-bucket')).rejects.toThrow(
      's3://only-bucket: expected s3://bucket/key',
    );
    await expect(openPostStream('s3://b/k')).rejects.toThrow('s3://b/k: no S3 client to read it with');
  });
});

describe('readPosts / readSourceLines: format detection', () => {
  const CSV_HEADER = 'id,created_at,author_id,text';
  const csvRow = (id: string) => `${id},2016-09-27T01:00:00.000Z,5,row ${id}`;
  /** A stream in small chunks, as a pipe or a slow disk delivers it. */
  const streamOf = (text: string) =>
    Readable.from(
      Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => Buffer.from(text.slice(i * 7, i * 7 + 7))),
    );
  async function results(input: Readable, options = {}): Promise<NormaliseResult[]> {
    const out: NormaliseResult[] = [];
    for await (const b of readPosts(input, options)) out.push(...b);
    return out;
  }

  test('GIVEN JSON Lines whose first line is not JSON, with no telling name WHEN read THEN every post is read and the bad line is one rejection', async () => {
    // GIVEN
    const text = ['this is not json', ...lines, tweetLine('103', '2016-09-27T01:00:02.000Z')].join('\n');
    // WHEN
    const got = await results(streamOf(text));
    // THEN
    expect(got.filter((r) => r.ok).map((r) => r.ok && r.tweet.id)).toEqual(['101', '102', '103']);
    expect(got.filter((r) => !r.ok).map((r) => !r.ok && r.rejection.reason)).toEqual([
      expect.stringMatching(/^malformed JSON/),
      expect.stringMatching(/^malformed JSON/),
    ]);
    const replayed = await collect(readSourceLines(streamOf(text)));
    expect(replayed.map((l) => l.line)).toEqual(text.split('\n'));
  });

  test('GIVEN a .jsonl name WHEN its only line is not JSON THEN it is read as JSON Lines (one rejection), not as a CSV header', async () => {
    const got = await results(streamOf('id,created_at,text\n'), { name: 'posts.jsonl' });
    expect(got).toEqual([
      { ok: false, rejection: expect.objectContaining({ reason: expect.stringMatching(/^malformed JSON/) }) },
    ]);
  });

  test('GIVEN a CSV export WHEN read with no name THEN CSV; WHEN said to be jsonl THEN each line is one rejection', async () => {
    const text = [CSV_HEADER, csvRow('201'), csvRow('202')].join('\n') + '\n';
    const asCsv = await results(streamOf(text));
    expect(asCsv.map((r) => r.ok && r.tweet.id)).toEqual(['201', '202']);
    const forced = await results(streamOf(text), { format: 'jsonl', name: 'export.csv' });
    expect(forced.map((r) => r.ok)).toEqual([false, false, false]);
  });

  test('GIVEN a name that says csv but --format auto WHEN the content is JSON THEN the extension wins', async () => {
    await expect(results(streamOf(lines.join('\n')), { format: 'auto', name: 'x.csv' })).rejects.toThrow(
      'CSV header not understood',
    );
  });

  test('GIVEN a gzip file named .json.gz WHEN read from disk THEN JSON Lines', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-io-')), 'posts.json.gz');
    fs.writeFileSync(file, gzipSync(['a title line', 'another', ...lines].join('\n')));
    const got = await results(await openPostStream(file), { name: file });
    expect(got.map((r) => r.ok)).toEqual([false, false, true, false, true]);
  });
});
