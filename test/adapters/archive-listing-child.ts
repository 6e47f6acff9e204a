/**
 * Child process of the archive test: whether s3rver can list more than one page depends on how
 * Node was started (`--openssl-legacy-provider`), so the test runs this script with and without
 * the flag. Usage: `archive-listing-child.ts <keys>`. Starts in-memory emulators, stores `<keys>`
 * objects under one prefix (and one outside it), then prints one JSON line: what
 * `S3ArchiveStore.list` returned (or its error) and how many ListObjectsV2 calls it made, and the
 * outcome of one truncated listing (`MaxKeys: 1`).
 */
import { gzipSync } from 'zlib';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import { ensureBucket, s3PaginatedListingWorks, startEmulators } from '../../lib/local/emulators';
import { destroyClients, localClients } from '../support/emulators';

export interface ListingReport {
  readonly legacyProvider: boolean;
  readonly listed: { keys: string[]; calls: number } | { error: string; status?: number };
  readonly truncated: { ok: true } | { error: string; status?: number };
}

export const PREFIX = 'raw/debate=gop-2015-09-16/date=2015-09-17/hour=01/';

/** Object keys as the processor names them: shard and sequence range. */
export function listingKey(i: number): string {
  return `${PREFIX}shardId-000000000000-${String(i).padStart(6, '0')}-${String(i + 1).padStart(6, '0')}.jsonl.gz`;
}

async function main(keys: number): Promise<ListingReport> {
  const emulators = await startEmulators();
  const aws = localClients(emulators.endpoints);
  let calls = 0;
  aws.s3.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'ListObjectsV2Command') calls += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countListings' },
  );
  const failure = (err: unknown): { error: string; status?: number } => ({
    error: (err as Error).name,
    status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
  });
  try {
    await ensureBucket(aws.s3, 'archive');
    const store = new S3ArchiveStore({ client: aws.s3, bucket: 'archive' });
    const body = gzipSync('{"id":"1"}\n');
    const all = Array.from({ length: keys }, (_, i) => listingKey(i));
    for (let i = 0; i < all.length; i += 50) {
      await Promise.all(all.slice(i, i + 50).map((k) => store.put(k, body)));
    }
    await store.put('raw/debate=other/date=2015-09-17/hour=01/x.jsonl.gz', body);

    let listed: ListingReport['listed'];
    try {
      const got: string[] = [];
      for await (const k of store.list(PREFIX)) got.push(k);
      listed = { keys: got, calls };
    } catch (err) {
      listed = failure(err);
    }
    let truncated: ListingReport['truncated'];
    try {
      await aws.s3.send(new ListObjectsV2Command({ Bucket: 'archive', Prefix: PREFIX, MaxKeys: 1 }));
      truncated = { ok: true };
    } catch (err) {
      truncated = failure(err);
    }
    return { legacyProvider: s3PaginatedListingWorks(), listed, truncated };
  } finally {
    destroyClients(aws);
    await emulators.stop();
  }
}

if (require.main === module) {
  main(Number(process.argv[2])).then(
    (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
