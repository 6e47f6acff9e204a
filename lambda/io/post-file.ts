/**
 * Reads posts from a file or stream in any format trendoff knows — X API v2 or v1.1 JSON Lines, or a
 * CSV export, gzip-compressed or not — and yields them normalised, in batches, in constant memory.
 * The format is sniffed from the first bytes: gzip magic, then `{` for JSON Lines, else CSV.
 */
import * as fs from 'fs';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PassThrough, Readable } from 'stream';
import * as zlib from 'zlib';
import { createCsvNormaliser, CsvParser, detectCsvDelimiter, normaliseJsonLine } from '../core/normalise';
import { reject, type NormaliseResult } from '../core/tweet';
import { readLineBatches } from './lines';

export type PostFormat = 'jsonl' | 'csv';

/** The input as a whole cannot be read as posts (e.g. a CSV header without id, time or text columns). */
export class PostFormatError extends Error {
  override name = 'PostFormatError';
}

export interface OpenOptions {
  /** What `-` reads. @default process.stdin */
  readonly stdin?: Readable;
  /** The client for `s3://bucket/key` inputs (required for them). */
  readonly s3?: S3Client;
}

/**
 * Opens a file path, `s3://bucket/key`, or `-` (stdin) as a byte stream, un-gzipping when the data
 * starts with gzip's magic bytes.
 */
export async function openPostStream(path: string, options: OpenOptions = {}): Promise<Readable> {
  return gunzipIfNeeded(await openRaw(path, options));
}

async function openRaw(path: string, options: OpenOptions): Promise<Readable> {
  if (path === '-') return options.stdin ?? process.stdin;
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(path);
  if (s3 === null) {
    if (path.startsWith('s3://')) throw new PostFormatError(`${path}: expected s3://bucket/key`);
    return fs.createReadStream(path);
  }
  if (options.s3 === undefined) throw new PostFormatError(`${path}: no S3 client to read it with`);
  const got = await options.s3.send(new GetObjectCommand({ Bucket: s3[1], Key: s3[2] }));
  if (!(got.Body instanceof Readable)) throw new PostFormatError(`${path}: the object has no readable body`);
  return got.Body;
}

/** The stream itself, or its gunzipped form when it starts with gzip's magic bytes. */
export async function gunzipIfNeeded(raw: Readable): Promise<Readable> {
  const first = await peek(raw);
  const replay = new PassThrough();
  if (first.length > 0) replay.write(first);
  raw.pipe(replay);
  raw.on('error', (err) => replay.destroy(err));
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
    const gunzip = zlib.createGunzip();
    replay.pipe(gunzip);
    replay.on('error', (err) => gunzip.destroy(err));
    return gunzip;
  }
  return replay;
}

/** Normalised posts of a byte stream, in batches; never throws for bad records (they come back rejected). */
export async function* readPosts(input: Readable): AsyncGenerator<NormaliseResult[]> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await chunks.next();
  if (head.done) return;
  const firstText = (head.value as Buffer).toString('utf8', 0, Math.min(4096, head.value.length));
  const format: PostFormat = firstText
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'jsonl'
    : 'csv';
  const all = prepend(head.value as Buffer, chunks);
  if (format === 'jsonl') {
    for await (const batch of readLineBatches(all)) {
      yield batch.flatMap((line): NormaliseResult[] => {
        if ('overlongBytes' in line)
          return [
            reject('unknown', `line ${line.no} is ${line.overlongBytes} bytes, over the 1 MiB limit`, ''),
          ];
        return line.text.trim() === '' ? [] : [normaliseJsonLine(line.text)];
      });
    }
    return;
  }
  yield* readCsvPosts(all, detectCsvDelimiter(firstText));
}

async function* readCsvPosts(
  input: AsyncIterable<Buffer>,
  delimiter: ',' | ';' | '\t',
): AsyncGenerator<NormaliseResult[]> {
  const parser = new CsvParser({ delimiter });
  const decoder = new TextDecoder('utf-8');
  let normaliser: ReturnType<typeof createCsvNormaliser> | undefined;
  const handle = (records: string[][]): NormaliseResult[] => {
    const out: NormaliseResult[] = [];
    for (const m of parser.takeMalformed()) out.push(reject('csv', `line ${m.line}: ${m.reason}`, m.sample));
    for (const fields of records) {
      if (normaliser === undefined) {
        normaliser = createCsvNormaliser(fields);
        continue;
      }
      out.push(
        normaliser.ok ? normaliser.normalise(fields) : reject('csv', normaliser.error, fields.join(',')),
      );
    }
    return out;
  };
  for await (const chunk of input) {
    const batch = handle(parser.push(decoder.decode(chunk, { stream: true })));
    if (normaliser !== undefined && !normaliser.ok)
      throw new PostFormatError(`CSV header not understood: ${normaliser.error}`);
    if (batch.length > 0) yield batch;
  }
  const last = handle([...parser.push(decoder.decode()), ...parser.end()]);
  if (last.length > 0) yield last;
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

function peek(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onReadable = (): void => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      cleanup();
      resolve(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.alloc(0));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** A post as the producer puts it on the stream. */
export interface SourceLine {
  /** One JSON line the normalisers read: an X payload as received, a trendoff record, or a quarantine envelope. */
  readonly line: string;
  /** Creation time of the post (epoch ms) when readable, for pacing a replay. */
  readonly createdAt: number | undefined;
  /** Partition key: the post's id when readable, so every copy of one post lands on one shard. */
  readonly key: string;
  /** The post's id when readable (producer-side de-duplication). */
  readonly id?: string;
}

/** Encodes a rejection so that it travels the stream and reaches the quarantine with its reason. */
export function quarantineLine(reason: string, sample: string): string {
  return JSON.stringify({ quarantine: { reason, sample: sample.slice(0, 2048) } });
}

/**
 * The records a replay puts on the stream, in batches: JSON Lines pass through as they are (the raw
 * archive keeps what the source said); CSV rows become trendoff records; unreadable input becomes a
 * quarantine envelope. Times and authors are read only to pace the replay and key the records.
 */
export async function* readSourceLines(input: Readable): AsyncGenerator<SourceLine[]> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await chunks.next();
  if (head.done) return;
  const firstText = (head.value as Buffer).toString('utf8', 0, Math.min(4096, head.value.length));
  const all = prepend(head.value as Buffer, chunks);
  let fallbackKey = 0;
  const keyOf = (r: NormaliseResult): string => (r.ok ? r.tweet.id : `unreadable-${fallbackKey++ % 16}`);
  if (
    firstText
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('{')
  ) {
    for await (const batch of readLineBatches(all)) {
      const out: SourceLine[] = [];
      for (const line of batch) {
        if ('overlongBytes' in line) {
          out.push({
            line: quarantineLine(`line ${line.no} is ${line.overlongBytes} bytes, over the 1 MiB limit`, ''),
            createdAt: undefined,
            key: keyOf({ ok: false } as NormaliseResult),
          });
          continue;
        }
        if (line.text.trim() === '') continue;
        const r = normaliseJsonLine(line.text);
        out.push({
          line:
            r.ok || line.text.length <= 900_000
              ? line.text
              : quarantineLine(r.rejection.reason, r.rejection.sample),
          createdAt: r.ok ? r.tweet.createdAt : undefined,
          key: keyOf(r),
          ...(r.ok ? { id: r.tweet.id } : {}),
        });
      }
      if (out.length > 0) yield out;
    }
    return;
  }
  for await (const batch of readCsvPosts(all, detectCsvDelimiter(firstText))) {
    yield batch.map((r) => ({
      line: r.ok ? JSON.stringify(r.tweet) : quarantineLine(r.rejection.reason, r.rejection.sample),
      createdAt: r.ok ? r.tweet.createdAt : undefined,
      key: keyOf(r),
      ...(r.ok ? { id: r.tweet.id } : {}),
    }));
  }
}
