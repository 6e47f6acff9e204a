import { Duration } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { debatePrefix } from '../../lambda/core/archive-keys';
import { archiverEnvironment, ARCHIVER_SERVICE } from '../../lambda/handlers/env/archiver-env';
import { ARCHIVE_KAFKA_GROUP } from '../../lambda/handlers/env/kafka-env';
import { FailureQueue } from './failure-queue';
import { HandlerFunction } from './handler-function';
import type { KafkaCluster } from './kafka-cluster';
import { addMskEventSource } from './msk-event-source';
import { acknowledgeFindings, arnNamesOf } from './nag-acknowledgements';

/** Records per archive batch: larger objects, fewer PUTs (the event payload stays under 6 MB). */
export const ARCHIVE_BATCH_SIZE = 2000;

/** Properties of a {@link KafkaArchiveConsumer}. */
export interface KafkaArchiveConsumerProps {
  readonly cluster: KafkaCluster;
  readonly bucket: s3.IBucket;
  readonly debateId: string;
}

/**
 * The Kafka path's raw archive: the second consumer group on the posts topic (the batch layer of a
 * lambda architecture, beside the processor's speed layer), a function behind its own MSK event
 * source writing gzip JSON Lines to `raw/debate=<id>/date=…/hour=…/`, the layout Firehose writes on
 * the Kinesis path. Not Firehose's MSK source: that needs the cluster's multi-VPC private
 * connectivity and a cluster policy for Firehose, and it reads outside any consumer group, so the
 * archive's progress would not show as a group's lag. Its role may only write objects under the
 * debate's raw/ prefix.
 */
export class KafkaArchiveConsumer extends Construct {
  public readonly function: HandlerFunction['function'];
  public readonly failureQueue: FailureQueue['queue'];

  constructor(scope: Construct, id: string, props: KafkaArchiveConsumerProps) {
    super(scope, id);
    this.failureQueue = new FailureQueue(this, 'Failures').queue;
    this.function = new HandlerFunction(this, 'Function', {
      handler: 'kafka-archiver',
      serviceName: ARCHIVER_SERVICE,
      description: `trendoff raw archive of ${props.debateId} (MSK consumer group ${ARCHIVE_KAFKA_GROUP})`,
      memorySize: 512,
      timeout: Duration.minutes(1),
      environment: archiverEnvironment({ debateId: props.debateId, archiveBucket: props.bucket.bucketName }),
    }).function;
    const prefix = `${debatePrefix('raw', props.debateId)}*`;
    props.bucket.grantPut(this.function, prefix);
    acknowledgeFindings(
      this,
      'AwsSolutions-IAM5',
      ['Action::s3:Abort*', ...arnNamesOf(props.bucket, this).map((arn) => `Resource::${arn}/${prefix}`)],
      'grantPut() of archive objects under this debate’s raw/ prefix only (keys carry hour, partition and offsets).',
    );
    addMskEventSource(this.function, {
      cluster: props.cluster,
      group: ARCHIVE_KAFKA_GROUP,
      failureQueue: this.failureQueue,
      batchSize: ARCHIVE_BATCH_SIZE,
    });
  }
}
