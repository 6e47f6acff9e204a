import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DebateConfig } from '../../lambda/core/debate-config';
import { FailureQueue } from './failure-queue';
import type { HandlerFunction } from './handler-function';
import { processorFunction } from './processor-function';

/** Records per batch: large batches amortise the per-batch DynamoDB writes. */
export const PROCESSOR_BATCH_SIZE = 1000;
/** How long Lambda gathers records before invoking; the dashboard's freshness budget. */
export const PROCESSOR_BATCHING_WINDOW = Duration.seconds(1);
/** Retries of a failed batch (each halves it, with bisect) before it goes to the failure queue. */
export const PROCESSOR_RETRY_ATTEMPTS = 3;
/** Records older than this are given up on: a live dashboard has no use for them. */
export const PROCESSOR_MAX_RECORD_AGE = Duration.hours(1);

/** Properties of a {@link StreamProcessor}. */
export interface StreamProcessorProps {
  readonly stream: kinesis.IStream;
  readonly table: dynamodb.ITable;
  /** Unreadable records are quarantined here (`quarantine/debate=<id>/…`). */
  readonly archiveBucket: s3.IBucket;
  readonly debate: DebateConfig;
  /**
   * Concurrent batches per shard (1-10); records of one partition key stay in order.
   *
   * @default 1
   */
  readonly parallelizationFactor?: number;
}

/**
 * The stream processor: the processor handler behind a Kinesis event source mapping with the
 * consumer defaults of the architecture (TRIM_HORIZON, bounded retries, a maximum record age,
 * bisection, partial batch responses, an on-failure queue). Its watermarks make a retried batch
 * change nothing.
 */
export class StreamProcessor extends Construct {
  public readonly function: HandlerFunction['function'];
  /** Batches given up on (their shard and sequence range). */
  public readonly failureQueue: FailureQueue['queue'];

  constructor(scope: Construct, id: string, props: StreamProcessorProps) {
    super(scope, id);
    const { parallelizationFactor = 1 } = props;
    if (!Number.isInteger(parallelizationFactor) || parallelizationFactor < 1 || parallelizationFactor > 10)
      throw new Error(
        `StreamProcessor ${this.node.path}: parallelizationFactor must be a whole number from 1 to 10, got ${parallelizationFactor}`,
      );

    this.failureQueue = new FailureQueue(this, 'Failures').queue;
    this.function = processorFunction(this, {
      handler: 'processor',
      description: `trendoff stream processor of ${props.debate.id}`,
      table: props.table,
      archiveBucket: props.archiveBucket,
      debate: props.debate,
      quarantineKeys: 'shard and sequences',
    });
    this.function.addEventSource(
      new sources.KinesisEventSource(props.stream, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: PROCESSOR_BATCH_SIZE,
        maxBatchingWindow: PROCESSOR_BATCHING_WINDOW,
        parallelizationFactor,
        retryAttempts: PROCESSOR_RETRY_ATTEMPTS,
        maxRecordAge: PROCESSOR_MAX_RECORD_AGE,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new sources.SqsDlq(this.failureQueue),
      }),
    );
  }

  /** Age of the newest record read, at its maximum over `period`: how far behind the dashboard is. */
  metricIteratorAge(period = Duration.minutes(1)): cloudwatch.Metric {
    return this.function.metric('IteratorAge', { statistic: 'Maximum', period });
  }
}
