import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';

/** Properties of a {@link PostStream}. */
export interface PostStreamProps {
  /**
   * Provisioned capacity in shards (each takes 1 MB/s and 1,000 records/s of writes). Provision
   * when an event is expected to exceed what a new on-demand stream absorbs at once.
   *
   * @default - on-demand capacity: 4 MB/s and 4,000 records/s at first, adapting to twice the
   *   previous peak within about 15 minutes
   */
  readonly shards?: number;

  /**
   * How long records stay readable, e.g. to re-process a debate night after a processor fault.
   * Whole hours from 24 hours to 365 days; more than 24 hours is billed extra.
   *
   * @default Duration.hours(24)
   */
  readonly retention?: Duration;
}

/**
 * The stream of posts between the producer and the processor: a Kinesis data stream encrypted
 * with the AWS-managed `aws/kinesis` key (no key to manage or pay for per request), destroyed
 * with the stack because the archive, not the stream, is the source of truth.
 */
export class PostStream extends Construct {
  /** The Kinesis stream; grant access through its `grant*()` methods. */
  public readonly stream: kinesis.IStream;

  constructor(scope: Construct, id: string, props: PostStreamProps = {}) {
    super(scope, id);
    const { shards, retention = Duration.hours(24) } = props;
    if (shards !== undefined && !Token.isUnresolved(shards) && !(Number.isInteger(shards) && shards >= 1)) {
      throw new Error(`PostStream ${this.node.path}: shards must be a whole number ≥ 1, got ${shards}`);
    }
    if (!retention.isUnresolved()) {
      const hours = retention.toHours({ integral: false });
      if (!Number.isInteger(hours) || hours < 24 || hours > 8760) {
        throw new Error(
          `PostStream ${this.node.path}: retention must be whole hours from 24 to 8760, got ${retention.toHumanString()}`,
        );
      }
    }

    this.stream = new kinesis.Stream(this, 'Resource', {
      streamMode: shards === undefined ? kinesis.StreamMode.ON_DEMAND : kinesis.StreamMode.PROVISIONED,
      shardCount: shards,
      retentionPeriod: retention,
      encryption: kinesis.StreamEncryption.MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
