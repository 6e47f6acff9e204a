import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { KafkaCluster } from './kafka-cluster';
import { PROCESSOR_BATCH_SIZE, PROCESSOR_BATCHING_WINDOW } from './stream-processor';

/** Properties of {@link addMskEventSource}. */
export interface MskEventSourceOptions {
  readonly cluster: KafkaCluster;
  /** The consumer group the mapping reads as (one group per mapping). */
  readonly group: string;
  /** Where the event source sends what it gives up on (the records' partition and offsets). */
  readonly failureQueue: sqs.IQueue;
  /** @default PROCESSOR_BATCH_SIZE */
  readonly batchSize?: number;
}

/**
 * A Lambda MSK event source mapping on the cluster's posts topic, reading as `group` from the
 * oldest record (TRIM_HORIZON), in batches of `batchSize` gathered for at most a second, failures
 * to `failureQueue`. Made as a plain mapping with the function's own scoped grants (cluster,
 * topic, group) rather than through `ManagedKafkaEventSource`, which attaches the AWS-managed
 * AWSLambdaMSKExecutionRole (kafka and EC2 actions on every resource). Retry limits, maximum
 * record age and bisection need provisioned pollers; without them a failing batch is retried until
 * it succeeds or leaves the topic's retention, which the processor's watermarks make safe.
 */
export function addMskEventSource(fn: lambda.Function, o: MskEventSourceOptions): lambda.EventSourceMapping {
  o.cluster.grantEventSource(fn, o.group);
  const mapping = fn.addEventSourceMapping(`Kafka${o.group.replace(/[^A-Za-z0-9]/g, '')}`, {
    eventSourceArn: o.cluster.clusterArn,
    kafkaTopic: o.cluster.topicName,
    kafkaConsumerGroupId: o.group,
    startingPosition: StartingPosition.TRIM_HORIZON,
    batchSize: o.batchSize ?? PROCESSOR_BATCH_SIZE,
    maxBatchingWindow: PROCESSOR_BATCHING_WINDOW,
    onFailure: new sources.SqsDlq(o.failureQueue),
  });
  // The topic exists, and the function may read it, before the mapping starts polling.
  mapping.node.addDependency(o.cluster.topic);
  if (fn.role !== undefined) mapping.node.addDependency(fn.role);
  return mapping;
}
