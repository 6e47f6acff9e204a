/**
 * Reads posts from a file or stream in any format trendoff knows — X API v2 or v1.1 JSON Lines, or a
 * CSV export, gzip-compressed or not — and yields them normalised, in batches, in constant memory.
 * Gzip is recognised by its magic bytes; the format is the one asked for, else the name's extension,
 * else the majority of the first lines (see post-format.ts).
 */
import * as fs from 'fs';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PassThrough, Readable } from 'stream';
import * as zlib from 'zlib';
import { createCsvNormaliser, CsvParser, detectCsvDelimiter, normaliseJsonLine } from '../core/normalise';
import { reject, type NormaliseResult } from '../core/tweet';
import { DEFAULT_MAX_LINE_BYTES, readLineBatches } from './lines';
import { FormatVote, formatFromName, type PostFormat, type PostFormatChoice } from './post-format';

export type { PostFormat, PostFormatChoice } from './post-format';

/** How to read an input's posts. */
export interface ReadOptions {
  /** @default 'auto': by the name's extension, else by a majority of the first lines */
  readonly format?: PostFormatChoice;
  /** The input's path or `s3://` URI, whose extension may say the format. @default none */
  readonly name?: string;
}

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
export async function* readPosts(
  input: Readable,
  options: ReadOptions = {},
): AsyncGenerator<NormaliseResult[]> {
  const { format, firstText, chunks } = await openFormat(input, options);
  if (format === 'jsonl') {
    for await (const batch of readLineBatches(chunks)) {
      yield batch.flatMap((line): NormaliseResult[] => {
        if ('overlongBytes' in line) return [reject('unknown', overlongReason(line), '')];
        return line.text.trim() === '' ? [] : [normaliseJsonLine(line.text)];
      });
    }
    return;
  }
  yield* readCsvPosts(chunks, detectCsvDelimiter(firstText));
}

function overlongReason(line: { no: number; overlongBytes: number }): string {
  return `line ${line.no} is ${line.overlongBytes} bytes, over the ${DEFAULT_MAX_LINE_BYTES / 2 ** 20} MiB line limit`;
}

/** Most bytes read ahead to decide the format (a few long lines may not all fit; the vote uses those that do). */
const HEAD_BYTES = 2 * DEFAULT_MAX_LINE_BYTES;

/**
 * The input's format and its chunks from the start, having read ahead only as far as the format
 * needed (nothing when asked for or said by the extension).
 */
async function openFormat(
  input: Readable,
  options: ReadOptions,
): Promise<{ format: PostFormat; firstText: string; chunks: AsyncIterable<Buffer> }> {
  const rest = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const said =
    options.format !== undefined && options.format !== 'auto'
      ? options.format
      : options.name === undefined
        ? undefined
        : formatFromName(options.name);
  const head: Buffer[] = [];
  let headBytes = 0;
  const vote = new FormatVote();
  // The first chunk always (the CSV delimiter is read from it); more only while the vote is open.
  do {
    const r = await rest.next();
    if (r.done) break;
    head.push(r.value);
    headBytes += r.value.length;
    if (said === undefined) vote.push(r.value);
  } while (said === undefined && !vote.decided && headBytes < HEAD_BYTES);
  const start = Buffer.concat(head).subarray(0, 4096);
  return {
    format: said ?? vote.verdict(),
    firstText: start.toString('utf8'),
    chunks: prepend(head, rest),
  };
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

async function* prepend(head: readonly Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
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
 * archive keeps what the source said; a bad line is rejected by the processor, which quarantines it);
 * CSV rows become trendoff records; unreadable input becomes a quarantine envelope. Times and authors
 * are read only to pace the replay and key the records. Records too big for the stream are the
 * producer's to catch (it knows the stream's limit).
 */
export async function* readSourceLines(
  input: Readable,
  options: ReadOptions = {},
): AsyncGenerator<SourceLine[]> {
  const { format, firstText, chunks } = await openFormat(input, options);
  let fallbackKey = 0;
  const keyOf = (r: NormaliseResult | undefined): string =>
    r?.ok === true ? r.tweet.id : `unreadable-${fallbackKey++ % 16}`;
  if (format === 'jsonl') {
    for await (const batch of readLineBatches(chunks)) {
      const out: SourceLine[] = [];
      for (const line of batch) {
        if ('overlongBytes' in line) {
          out.push({
            line: quarantineLine(overlongReason(line), ''),
            createdAt: undefined,
            key: keyOf(undefined),
          });
          continue;
        }
        if (line.text.trim() === '') continue;
        const r = normaliseJsonLine(line.text);
        out.push({
          line: line.text,
          createdAt: r.ok ? r.tweet.createdAt : undefined,
          key: keyOf(r),
          ...(r.ok ? { id: r.tweet.id } : {}),
        });
      }
      if (out.length > 0) yield out;
    }
    return;
  }
  for await (const batch of readCsvPosts(chunks, detectCsvDelimiter(firstText))) {
    yield batch.map((r) => ({
      line: r.ok ? JSON.stringify(r.tweet) : quarantineLine(r.rejection.reason, r.rejection.sample),
      createdAt: r.ok ? r.tweet.createdAt : undefined,
      key: keyOf(r),
      ...(r.ok ? { id: r.tweet.id } : {}),
    }));
  }
}
