/**
 * What reached the local stream recently: the partition keys of the records that arrived since a
 * moment, on every shard. A resumed replay reads them back to learn which posts it sent after its
 * last saved place (a stop between a write and the save), so it does not send them again.
 */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';

export async function partitionKeysSince(
  client: KinesisClient,
  streamName: string,
  since: number,
): Promise<string[]> {
  const shards = (await client.send(new ListShardsCommand({ StreamName: streamName }))).Shards ?? [];
  const keys: string[] = [];
  for (const shard of shards) {
    let iterator = (
      await client.send(
        new GetShardIteratorCommand({
          StreamName: streamName,
          ShardId: shard.ShardId,
          ShardIteratorType: 'AT_TIMESTAMP',
          Timestamp: new Date(since),
        }),
      )
    ).ShardIterator;
    while (iterator !== undefined) {
      const got = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      const records = got.Records ?? [];
      for (const r of records) if (r.PartitionKey !== undefined) keys.push(r.PartitionKey);
      if (records.length === 0) break;
      iterator = got.NextShardIterator;
    }
  }
  return keys;
}
