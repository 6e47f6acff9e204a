/**
 * ArchiveStore on S3: gzip JSON Lines objects, stored with the content type and encoding that say
 * so (tools and browsers then decode them), read back as the stored gzip bytes.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArchiveStore } from '../core/ports';

export const ARCHIVE_CONTENT_TYPE = 'application/x-ndjson';
export const ARCHIVE_CONTENT_ENCODING = 'gzip';

export interface S3ArchiveStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
}

export class S3ArchiveStore implements ArchiveStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3ArchiveStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    if (this.bucket === '') throw new TypeError('bucket must not be empty');
  }

  /**
   * Writes (or overwrites) one object.
   * @throws TypeError if `body` is not gzip data: the object would claim an encoding it lacks.
   */
  async put(key: string, body: Buffer): Promise<void> {
    if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) {
      throw new TypeError(`archive object ${key}: body is not gzip data`);
    }
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: ARCHIVE_CONTENT_TYPE,
        ContentEncoding: ARCHIVE_CONTENT_ENCODING,
      }),
    );
  }

  /** The object's stored bytes (still gzip). Rejects with the SDK's `NoSuchKey` if it does not exist. */
  async get(key: string): Promise<Buffer> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (out.Body === undefined) return Buffer.alloc(0);
    return Buffer.from(await out.Body.transformToByteArray());
  }

  /** Every key under the prefix, in key order, one ListObjectsV2 page (≤ 1,000 keys) at a time. */
  async *list(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(token !== undefined ? { ContinuationToken: token } : {}),
        }),
      );
      for (const o of page.Contents ?? []) if (o.Key !== undefined) yield o.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}
