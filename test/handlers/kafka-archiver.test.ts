import { gunzipSync } from 'zlib';
import type { MSKEvent, MSKRecord } from 'aws-lambda';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import { debatePrefix } from '../../lambda/core/archive-keys';
import { createKafkaArchiver } from '../../lambda/handlers/kafka-archiver';
import { ensureBucket } from '../../lib/local/emulators';
import { uniqueName, useEmulators } from '../support/emulators';

const aws = useEmulators();
const TOPIC = 'trendoff-posts';
// 2015-09-17T00:59:59Z and the next second: two hour partitions.
const LAST_SECOND_OF_HOUR = Date.UTC(2015, 8, 17, 0, 59, 59);

function record(partition: number, offset: number, value: string, timestamp: number): MSKRecord {
  return {
    topic: TOPIC,
    partition,
    offset,
    timestamp,
    timestampType: 'CREATE_TIME',
    key: Buffer.from(String(offset)).toString('base64'),
    value: Buffer.from(value).toString('base64'),
    headers: [],
  };
}

function eventOf(records: MSKRecord[]): MSKEvent {
  const grouped: MSKEvent['records'] = {};
  for (const r of records) (grouped[`${r.topic}-${r.partition}`] ??= []).push(r);
  return {
    eventSource: 'aws:kafka',
    eventSourceArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/trendoff/uuid-s1',
    bootstrapServers: 'boot.example:9098',
    records: grouped,
  };
}

async function objects(store: S3ArchiveStore, prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const key of store.list(prefix)) out[key] = gunzipSync(await store.get(key)).toString('utf8');
  return out;
}

describe('Kafka archive consumer', () => {
  test('GIVEN records of two partitions across an hour boundary WHEN archived THEN gzip JSON Lines per partition and hour, in the raw/ layout, keyed by offsets', async () => {
    // GIVEN
    const bucket = uniqueName('archive');
    await ensureBucket(aws().s3, bucket);
    const store = new S3ArchiveStore({ client: aws().s3, bucket });
    const archive = createKafkaArchiver({ archive: store, debateId: 'gop-2015-09-16' });
    const event = eventOf([
      record(0, 5, '{"id":"a"}', LAST_SECOND_OF_HOUR),
      record(0, 6, '{"id":"b",\n"x":1}', LAST_SECOND_OF_HOUR + 1000),
      record(1, 9, 'not json at all', LAST_SECOND_OF_HOUR),
    ]);
    // WHEN
    const result = await archive(event);
    // THEN
    expect(result).toEqual({ objects: 3, records: 3 });
    expect(await objects(store, debatePrefix('raw', 'gop-2015-09-16'))).toEqual({
      'raw/debate=gop-2015-09-16/date=2015-09-17/hour=00/trendoff-posts-0-5-5.jsonl.gz': '{"id":"a"}\n',
      'raw/debate=gop-2015-09-16/date=2015-09-17/hour=01/trendoff-posts-0-6-6.jsonl.gz':
        '{"id":"b", "x":1}\n',
      'raw/debate=gop-2015-09-16/date=2015-09-17/hour=00/trendoff-posts-1-9-9.jsonl.gz': 'not json at all\n',
    });
    // WHEN the same event is delivered again THEN the same objects are rewritten, none added
    await archive(event);
    expect(Object.keys(await objects(store, 'raw/'))).toHaveLength(3);
  });
});
