import type { KinesisStreamEvent } from 'aws-lambda';

/**
 * One shard's batch as the Kinesis event source mapping builds it: `lines` are the records' data,
 * the first at position `first` of the shard (its sequence number and arrival second follow from it).
 */
export function kinesisEventOf(lines: readonly string[], first = 0): KinesisStreamEvent {
  return {
    Records: lines.map((line, k) => {
      const seq = String(49_000_000_000_000_000_000n + BigInt(first + k));
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: 'k',
          sequenceNumber: seq,
          data: Buffer.from(line).toString('base64'),
          approximateArrivalTimestamp: 1_700_000_000 + first + k,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${seq}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/test',
        awsRegion: 'us-east-1',
        eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/test',
      };
    }),
  };
}
