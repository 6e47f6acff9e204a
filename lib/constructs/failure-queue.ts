import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of a {@link FailureQueue}. */
export interface FailureQueueProps {
  /**
   * How long a failure record waits to be looked at. Whole seconds from 1 minute to 14 days.
   *
   * @default Duration.days(14) (the SQS maximum: a debate-night failure may be read days later)
   */
  readonly retention?: Duration;
}

/**
 * Where a function's failures go (a Kinesis batch given up on, an asynchronous invocation that
 * failed): an SQS queue encrypted with SQS-managed keys, TLS only. It holds failure metadata (for
 * the processor: shard and sequence range, to re-read from the stream or the archive), so it is
 * destroyed with its stack.
 */
export class FailureQueue extends Construct {
  /** The queue; grant access through its `grant*()` methods. */
  public readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FailureQueueProps = {}) {
    super(scope, id);
    const { retention = Duration.days(14) } = props;
    const seconds = retention.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 1_209_600)
      throw new Error(
        `FailureQueue ${this.node.path}: retention must be whole seconds from 1 minute to 14 days, got ${retention.toHumanString()}`,
      );

    this.queue = new sqs.Queue(this, 'Resource', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of a function; nothing consumes it automatically.',
    });
  }
}
