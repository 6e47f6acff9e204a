import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DebateConfig } from '../../lambda/core/debate-config';
import { DEFAULT_KAFKA_GROUP } from '../../lambda/handlers/env/kafka-env';
import { FailureQueue } from './failure-queue';
import type { HandlerFunction } from './handler-function';
import type { KafkaCluster } from './kafka-cluster';
import { addMskEventSource } from './msk-event-source';
import { processorFunction } from './processor-function';

/** Properties of an {@link MskProcessor}. */
export interface MskProcessorProps {
  readonly cluster: KafkaCluster;
  readonly table: dynamodb.ITable;
  /** Unreadable records are quarantined here (`quarantine/debate=<id>/…`). */
  readonly archiveBucket: s3.IBucket;
  readonly debate: DebateConfig;
}

/**
 * The stream processor of the Kafka path on Lambda: the MSK processor handler behind a Lambda MSK
 * event source mapping, reading the posts topic as the speed layer's consumer group (the group the
 * ECS workers use), with an on-failure queue. The function itself runs outside the VPC: the event
 * source's pollers reach the cluster, the function reaches DynamoDB and S3.
 */
export class MskProcessor extends Construct {
  public readonly function: HandlerFunction['function'];
  public readonly failureQueue: FailureQueue['queue'];

  constructor(scope: Construct, id: string, props: MskProcessorProps) {
    super(scope, id);
    this.failureQueue = new FailureQueue(this, 'Failures').queue;
    this.function = processorFunction(this, {
      handler: 'msk-processor',
      description: `trendoff stream processor of ${props.debate.id} (MSK)`,
      table: props.table,
      archiveBucket: props.archiveBucket,
      debate: props.debate,
      quarantineKeys: 'partition and offsets',
    });
    addMskEventSource(this.function, {
      cluster: props.cluster,
      group: DEFAULT_KAFKA_GROUP,
      failureQueue: this.failureQueue,
    });
  }

  /** Records of the topic the processor's group has not read yet, at the maximum over `period`. */
  metricOffsetLag(period = Duration.minutes(1)): cloudwatch.Metric {
    return this.function.metric('OffsetLag', { statistic: 'Maximum', period });
  }
}
