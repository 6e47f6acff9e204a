import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ArchiveDelivery } from '../constructs/archive-delivery';
import { KafkaArchiveConsumer } from '../constructs/kafka-archive-consumer';
import type { KafkaCluster } from '../constructs/kafka-cluster';
import type { PostFormatChoice } from '../../lambda/io/post-format';
import type { DebateConfig } from '../../lambda/core/debate-config';
import { ReplayProducer } from '../constructs/replay-producer';
import { XProducer } from '../constructs/x-producer';

/** What feeds the stream: the live X filtered stream, or a replay of a recording in S3. */
export type PostSource = XSource | ReplaySource;

export interface XSource {
  readonly kind: 'x';
  /**
   * Most minutes a reconnect asks X to backfill (X Enterprise only).
   *
   * @default 0 - off
   */
  readonly backfillMinutes?: number;
}

export interface ReplaySource {
  readonly kind: 'replay';
  /** `s3://bucket/key` of the recording. */
  readonly uri: string;
  /** Multiple of real time, or `Infinity`. */
  readonly speed: number;
  /** @default 'auto' */
  readonly format?: PostFormatChoice;
  /** When the replay starts (epoch ms); absent means it is started by hand. */
  readonly start?: number;
}

/** Properties of the {@link IngestStack}. */
export interface IngestStackProps extends StackProps {
  /** The Kinesis path's stream; or `kafka`. */
  readonly stream?: kinesis.IStream;
  /** The Kafka path's cluster; or `stream`. */
  readonly kafka?: KafkaCluster;
  readonly archiveBucket: s3.IBucket;
  /** Holds the live producer's lease. */
  readonly table: dynamodb.ITable;
  /** The X Bearer Token, for the live producer. */
  readonly bearerToken: secretsmanager.ISecret;
  readonly debate: DebateConfig;
  readonly source: PostSource;
}

/**
 * Ingest: the producer writing posts into the stream, and the Firehose delivery stream copying
 * the stream into the raw archive.
 */
export class IngestStack extends Stack {
  public readonly producer: ReplayProducer | XProducer;
  /** The raw archive's writer: Firehose from Kinesis, or the archive's consumer group on Kafka. */
  public readonly archiveDelivery: ArchiveDelivery | KafkaArchiveConsumer;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    const { stream, kafka, archiveBucket, table, bearerToken, debate, source, ...stackProps } = props;
    const debateId = debate.id;
    super(scope, id, { description: 'trendoff: producer and raw archive delivery', ...stackProps });

    if (stream !== undefined)
      this.archiveDelivery = new ArchiveDelivery(this, 'ArchiveDelivery', {
        stream,
        bucket: archiveBucket,
        debateId,
      });
    else if (kafka !== undefined)
      this.archiveDelivery = new KafkaArchiveConsumer(this, 'ArchiveConsumer', {
        cluster: kafka,
        bucket: archiveBucket,
        debateId,
      });
    else throw new Error(`IngestStack ${id}: give stream (Kinesis) or kafka (MSK)`);
    const target = stream !== undefined ? { stream } : { kafka };
    this.producer =
      source.kind === 'x'
        ? new XProducer(this, 'LiveProducer', {
            ...target,
            table,
            bearerToken,
            debate,
            ...(source.backfillMinutes !== undefined ? { backfillMinutes: source.backfillMinutes } : {}),
          })
        : new ReplayProducer(this, 'Producer', {
            ...target,
            replayUri: source.uri,
            speed: source.speed,
            ...(source.format !== undefined ? { format: source.format } : {}),
            ...(source.start !== undefined ? { start: new Date(source.start) } : {}),
          });

    new CfnOutput(this, 'ProducerFunctionName', {
      description:
        source.kind === 'x'
          ? 'The live producer, started every 14 minutes through the debate window'
          : 'Start the replay by hand: aws lambda invoke --function-name <this> --invocation-type Event /dev/null',
      value: this.producer.function.functionName,
    });
    if (this.archiveDelivery instanceof ArchiveDelivery)
      new CfnOutput(this, 'ArchivePrefix', {
        description: 'Where Firehose writes the raw posts in the archive bucket',
        value: this.archiveDelivery.dataOutputPrefix,
      });
  }
}
