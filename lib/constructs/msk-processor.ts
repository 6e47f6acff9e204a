import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { debatePrefix } from '../../lambda/core/archive-keys';
import type { DebateConfig } from '../../lambda/core/debate-config';
import { DEFAULT_KAFKA_GROUP } from '../../lambda/handlers/env/kafka-env';
import {
  DEFAULT_BUCKET_MS,
  processorEnvironment,
  PROCESSOR_SERVICE,
} from '../../lambda/handlers/env/processor-env';
import { FailureQueue } from './failure-queue';
import { HandlerFunction } from './handler-function';
import type { KafkaCluster } from './kafka-cluster';
import { addMskEventSource } from './msk-event-source';
import { acknowledgeFindings, arnNamesOf } from './nag-acknowledgements';
import { PROCESSOR_TABLE_ACTIONS } from './stream-processor';

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
    this.function = new HandlerFunction(this, 'Function', {
      handler: 'msk-processor',
      serviceName: PROCESSOR_SERVICE,
      description: `trendoff stream processor of ${props.debate.id} (MSK)`,
      memorySize: 1024,
      timeout: Duration.minutes(1),
      environment: processorEnvironment({
        debate: props.debate,
        scorer: 'vader',
        bucketMs: DEFAULT_BUCKET_MS,
        tableName: props.table.tableName,
        archiveBucket: props.archiveBucket.bucketName,
      }),
    }).function;
    props.table.grant(this.function, ...PROCESSOR_TABLE_ACTIONS);
    props.archiveBucket.grantPut(this.function, `${debatePrefix('quarantine', props.debate.id)}*`);
    acknowledgeFindings(
      this,
      'AwsSolutions-IAM5',
      [
        'Action::s3:Abort*',
        ...arnNamesOf(props.archiveBucket, this).map(
          (arn) => `Resource::${arn}/${debatePrefix('quarantine', props.debate.id)}*`,
        ),
      ],
      'grantPut() of quarantined records under this debate’s quarantine/ prefix only (keys carry partition and offsets).',
    );
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
