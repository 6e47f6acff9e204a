import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DYNAMODB_TABLE_NAME } from '../../lambda/adapters/table-keys';
import { AggregatesTable } from '../constructs/aggregates-table';
import { ArchiveBucket } from '../constructs/archive-bucket';
import { BearerTokenSecret } from '../constructs/bearer-token-secret';
import { KafkaCluster } from '../constructs/kafka-cluster';
import { KafkaNetwork } from '../constructs/kafka-network';
import { PostStream } from '../constructs/post-stream';

/** Properties of the {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  /**
   * Provisioned shards of the post stream, for events beyond what a new on-demand stream absorbs
   * (4 MB/s, 4,000 records/s).
   *
   * @default - on-demand capacity
   */
  readonly shards?: number;

  /**
   * How long the post stream keeps records.
   *
   * @default Duration.hours(24)
   */
  readonly streamRetention?: Duration;

  /**
   * Keep object versions in the archive bucket.
   *
   * @default false
   */
  readonly archiveVersioned?: boolean;

  /**
   * Name of an aggregates table retained by an earlier deploy, to attach instead of creating a
   * new one, so the debates it holds stay browsable and new ones are added beside them. The
   * stack does not own an attached table: `cdk destroy` leaves it as it is.
   *
   * @default - a new table, retained on destroy
   */
  readonly existingTableName?: string;

  /**
   * The Kafka path: an MSK cluster (in a VPC of its own) and its posts topic instead of the Kinesis
   * stream; `shards` and `streamRetention` are then unused.
   *
   * @default - the Kinesis stream
   */
  readonly kafka?: {
    readonly kind: 'serverless' | 'provisioned';
    readonly partitions: number;
    readonly brokerType?: string;
  };
}

/**
 * Everything that holds data, apart from the code that moves it: the post stream, the aggregates
 * table, the raw archive and the X bearer token. Stateless stacks (producer, processor, API)
 * receive these through the public properties and get access only through their `grant*()`
 * methods. `cdk destroy` removes all of it except the archive, its access logs and the aggregates
 * table.
 */
export class StatefulStack extends Stack {
  /** Posts from the producer to the processor (the Kinesis path). */
  public readonly stream?: kinesis.IStream;
  /** Posts from the producer to the processor (the Kafka path). */
  public readonly kafka?: KafkaCluster;
  /** Window aggregates and stream watermarks (`pk`, `sk`, TTL `expiresAt`); retained on destroy. */
  public readonly table: dynamodb.ITable;
  /** The raw archive; retained on destroy. */
  public readonly archiveBucket: s3.IBucket;
  /** The X API bearer token; the value is put out of band, never through the template. */
  public readonly bearerToken: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    // The constructs validate their own props, naming the bad value.
    const { shards, streamRetention, archiveVersioned, existingTableName, kafka, ...stackProps } = props;
    super(scope, id, {
      description:
        kafka === undefined
          ? 'trendoff: stream, aggregates table, raw archive and X bearer token'
          : 'trendoff: MSK cluster and topic (and their VPC), aggregates table, raw archive and X bearer token',
      ...stackProps,
    });

    if (kafka === undefined)
      this.stream = new PostStream(this, 'Stream', {
        ...(shards !== undefined ? { shards } : {}),
        ...(streamRetention !== undefined ? { retention: streamRetention } : {}),
      }).stream;
    else
      this.kafka = new KafkaCluster(this, 'Kafka', {
        network: new KafkaNetwork(this, 'KafkaNetwork'),
        kind: kafka.kind,
        partitions: kafka.partitions,
        ...(kafka.brokerType !== undefined ? { brokerType: kafka.brokerType } : {}),
        ...(streamRetention !== undefined ? { retention: streamRetention } : {}),
      });
    if (existingTableName !== undefined && !DYNAMODB_TABLE_NAME.test(existingTableName))
      throw new Error(
        `StatefulStack ${this.node.path}: existingTableName must be a DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .), got "${existingTableName}"`,
      );
    // An attached table is read and written through the same scoped grants as an owned one.
    this.table =
      existingTableName === undefined
        ? new AggregatesTable(this, 'Aggregates').table
        : dynamodb.Table.fromTableName(this, 'Aggregates', existingTableName);
    this.archiveBucket = new ArchiveBucket(this, 'Archive', {
      ...(archiveVersioned !== undefined ? { versioned: archiveVersioned } : {}),
    }).bucket;
    this.bearerToken = new BearerTokenSecret(this, 'XBearerToken').secret;

    if (this.stream !== undefined)
      new CfnOutput(this, 'StreamName', {
        description: 'Kinesis stream of posts',
        value: this.stream.streamName,
      });
    if (this.kafka !== undefined) {
      new CfnOutput(this, 'KafkaBootstrapBrokers', {
        description: 'MSK bootstrap brokers (IAM auth, TLS, port 9098), reachable inside the VPC only',
        value: this.kafka.bootstrapBrokers,
      });
      new CfnOutput(this, 'KafkaTopic', {
        description: `Kafka topic of posts (${this.kafka.partitions} partitions)`,
        value: this.kafka.topicName,
      });
    }
    new CfnOutput(this, 'TableName', {
      description:
        'DynamoDB table of aggregates (kept after cdk destroy; attach it with -c aggregatesTable=<name>)',
      value: this.table.tableName,
    });
    new CfnOutput(this, 'ArchiveBucketName', {
      description: 'S3 bucket of the raw archive (kept after cdk destroy)',
      value: this.archiveBucket.bucketName,
    });
    new CfnOutput(this, 'BearerTokenSecretArn', {
      description:
        'Put the X bearer token here: aws secretsmanager put-secret-value --secret-id <this ARN> --secret-string file://x-bearer-token.txt',
      value: this.bearerToken.secretArn,
    });
  }
}
