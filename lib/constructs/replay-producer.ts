import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { producerEnvironment, PRODUCER_SERVICE } from '../../lambda/handlers/env/producer-env';
import { POST_FORMAT_CHOICES, type PostFormatChoice } from '../../lambda/io/post-format';
import { FailureQueue } from './failure-queue';
import { HandlerFunction } from './handler-function';
import { producerTarget, type KafkaCluster } from './kafka-cluster';
import {
  acknowledgeFindings,
  acknowledgeSchedulerInvoke,
  S3_GRANT_READ_ACTIONS,
} from './nag-acknowledgements';

/** Longest a Lambda run may last; the producer stops cleanly a few seconds before it. */
export const PRODUCER_TIMEOUT = Duration.minutes(15);

const S3_OBJECT_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(\S*[^\s/])$/;

/** Properties of a {@link ReplayProducer}. */
export interface ReplayProducerProps {
  /** The stream the posts are written to. */
  /** The Kinesis stream the posts are written to; or `kafka`. */
  readonly stream?: kinesis.IStream;
  /** The MSK cluster whose posts topic the posts are written to; or `stream`. */
  readonly kafka?: KafkaCluster;
  /** `s3://bucket/key` of the recording (any format the normalisers read, gzip or not). */
  readonly replayUri: string;
  /**
   * Pace as a multiple of real time; `Infinity` writes as fast as the stream takes it. One run
   * lasts at most 15 minutes, so a long debate needs a speed that fits it in.
   *
   * @default 1
   */
  readonly speed?: number;
  /**
   * Format of the recording: `jsonl`, `csv`, or `auto` — by the key's extension (`.jsonl`, `.ndjson`,
   * `.json`, `.csv`, `.tsv`, also `.gz`), else by most of the first lines.
   *
   * @default 'auto'
   */
  readonly format?: PostFormatChoice;
  /**
   * When a one-time schedule starts the replay (it must be in the future at deploy time).
   *
   * @default - no schedule: the replay is started by invoking the function
   */
  readonly start?: Date;
}

/**
 * The producer of a replayed debate: the producer handler reading one recording from S3 into the
 * post stream. Reserved concurrency 1, because two runs would interleave two copies of the
 * debate (and the live X source, later, is allowed one connection). It is invoked
 * asynchronously (by its schedule or by hand), so it is never retried (a retry would replay the
 * debate twice) and failed runs land in the failure queue.
 */
export class ReplayProducer extends Construct {
  public readonly function: HandlerFunction['function'];
  /** Failed asynchronous runs and schedule deliveries. */
  public readonly failureQueue: FailureQueue['queue'];
  /** The one-time schedule, when `start` is given. */
  public readonly schedule?: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ReplayProducerProps) {
    super(scope, id);
    producerTarget(this, props.stream, props.kafka);
    const { speed = 1, format = 'auto' } = props;
    const uri = S3_OBJECT_URI.exec(props.replayUri);
    if (!uri)
      throw new Error(
        `ReplayProducer ${this.node.path}: replayUri must be s3://bucket/key, got "${props.replayUri}"`,
      );
    if (!POST_FORMAT_CHOICES.includes(format))
      throw new Error(
        `ReplayProducer ${this.node.path}: format must be one of ${POST_FORMAT_CHOICES.join(', ')}, got "${format}"`,
      );
    if (!(speed > 0)) throw new Error(`ReplayProducer ${this.node.path}: speed must be > 0, got ${speed}`);
    if (props.start !== undefined && Number.isNaN(props.start.getTime()))
      throw new Error(`ReplayProducer ${this.node.path}: start is not a valid date`);
    const [, bucketName, key] = uri as unknown as [string, string, string];

    this.failureQueue = new FailureQueue(this, 'Failures').queue;
    const handler = new HandlerFunction(this, 'Function', {
      handler: 'producer',
      serviceName: PRODUCER_SERVICE,
      description: `trendoff replay producer: ${props.replayUri} into the post stream`,
      // Reading, gunzipping and batching one post stream: little memory, mostly waiting.
      memorySize: 512,
      timeout: PRODUCER_TIMEOUT,
      reservedConcurrentExecutions: 1,
      environment: {
        ...producerEnvironment({
          replayUri: props.replayUri,
          speed,
          format,
          ...(props.stream !== undefined ? { streamName: props.stream.streamName } : {}),
        }),
        ...props.kafka?.producerEnvironment(),
      },
      ...(props.kafka !== undefined ? { vpc: props.kafka.clientVpc() } : {}),
    });
    this.function = handler.function;
    this.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(this.failureQueue),
    });

    props.stream?.grantWrite(this.function);
    if (props.kafka !== undefined) {
      props.kafka.grantProduce(this.function);
      // The topic exists before the first run writes to it.
      this.function.node.addDependency(props.kafka.topic);
    }
    s3.Bucket.fromBucketName(this, 'Recording', bucketName).grantRead(this.function, key);
    acknowledgeFindings(
      handler,
      'AwsSolutions-IAM5',
      S3_GRANT_READ_ACTIONS.map((a) => `Action::${a}`),
      'grantRead() of the one recording object: its action groups apply to that key only.',
    );

    if (props.start !== undefined) {
      const schedule = new scheduler.Schedule(this, 'Schedule', {
        description: `Starts the replay of ${props.replayUri}`,
        schedule: scheduler.ScheduleExpression.at(props.start, TimeZone.ETC_UTC),
        target: new targets.LambdaInvoke(this.function, {
          retryAttempts: 0,
          deadLetterQueue: this.failureQueue,
        }),
      });
      acknowledgeSchedulerInvoke(this.function);
      this.schedule = schedule;
    }
  }
}
