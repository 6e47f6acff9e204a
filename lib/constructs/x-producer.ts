import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { xProducerEnvironment, X_PRODUCER_SERVICE } from '../../lambda/handlers/env/x-producer-env';
import type { DebateConfig } from '../../lambda/core/debate-config';
import { FailureQueue } from './failure-queue';
import { HandlerFunction } from './handler-function';
import { producerTarget, type KafkaCluster } from './kafka-cluster';
import { acknowledgeSchedulerInvoke } from './nag-acknowledgements';
import { PRODUCER_TIMEOUT } from './replay-producer';
import { MAX_BACKFILL_MINUTES } from '../../lambda/x/x-settings';

/** Runs start this often: a little less than a run lasts, so a successor is waiting at each hand-over. */
export const X_PRODUCER_INTERVAL = Duration.minutes(14);
/** How long before the debate's start the stream is opened, and after its end it stays open. */
export const X_PRODUCER_MARGIN = Duration.minutes(15);

/** Properties of an {@link XProducer}. */
export interface XProducerProps {
  /** The Kinesis stream the posts are written to; or `kafka`. */
  readonly stream?: kinesis.IStream;
  /** The MSK cluster whose posts topic the posts are written to; or `stream`. */
  readonly kafka?: KafkaCluster;
  /** The aggregates table, which also holds the producer's lease item (`pk = lease`). */
  readonly table: dynamodb.ITable;
  /** The secret holding the X Bearer Token (read at run time, never in the template). */
  readonly bearerToken: secretsmanager.ISecret;
  readonly debate: DebateConfig;
  /**
   * Another server speaking X's protocol (tests, proxies).
   *
   * @default - https://api.x.com
   */
  readonly apiUrl?: string;
  /**
   * Most minutes a reconnect (and a run's first connection after a hand-over) asks X to backfill,
   * 1–5. Only X's Enterprise access accepts `backfill_minutes`; posts already sent are dropped by
   * the producer's recent-id window.
   *
   * @default 0 - off
   */
  readonly backfillMinutes?: number;
}

/**
 * The live producer: the X filtered stream held open through the debate window by a chain of
 * time-boxed runs (each stops cleanly before its 15-minute timeout). A run starts every 14 minutes
 * from 15 minutes before the debate to 15 minutes after it; the DynamoDB lease lets only one run
 * hold the connection (X allows one), so the successor waits for the hand-over. Reserved
 * concurrency 2: the holder and its successor — never two connections, because of the lease.
 * Runs are never retried (the next one takes over) and failed runs land in the failure queue.
 */
export class XProducer extends Construct {
  public readonly function: HandlerFunction['function'];
  public readonly failureQueue: FailureQueue['queue'];
  public readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: XProducerProps) {
    super(scope, id);
    producerTarget(this, props.stream, props.kafka);
    if (props.apiUrl !== undefined && !/^https?:\/\/\S+$/.test(props.apiUrl)) {
      throw new Error(`XProducer ${this.node.path}: apiUrl must be an http(s) URL, got "${props.apiUrl}"`);
    }
    const { backfillMinutes = 0 } = props;
    if (!Number.isInteger(backfillMinutes) || backfillMinutes < 0 || backfillMinutes > MAX_BACKFILL_MINUTES) {
      throw new Error(
        `XProducer ${this.node.path}: backfillMinutes must be a whole number from 0 to ${MAX_BACKFILL_MINUTES}, got ${backfillMinutes}`,
      );
    }
    this.failureQueue = new FailureQueue(this, 'Failures').queue;
    const handler = new HandlerFunction(this, 'Function', {
      handler: 'x-producer',
      serviceName: X_PRODUCER_SERVICE,
      description: `trendoff live producer: the X filtered stream of ${props.debate.id} into the post stream`,
      memorySize: 512,
      timeout: PRODUCER_TIMEOUT,
      reservedConcurrentExecutions: 2,
      environment: {
        ...xProducerEnvironment({
          ...(props.stream !== undefined ? { streamName: props.stream.streamName } : {}),
          tableName: props.table.tableName,
          debate: props.debate,
          bearerTokenSecretArn: props.bearerToken.secretArn,
          ...(props.apiUrl !== undefined ? { apiUrl: props.apiUrl } : {}),
          backfillMinutes,
        }),
        ...props.kafka?.producerEnvironment(),
      },
      ...(props.kafka !== undefined ? { vpc: props.kafka.clientVpc() } : {}),
    });
    this.function = handler.function;
    this.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(10),
      onFailure: new destinations.SqsDestination(this.failureQueue),
    });

    props.stream?.grantWrite(this.function);
    if (props.kafka !== undefined) {
      props.kafka.grantProduce(this.function);
      // The topic exists before the first run writes to it.
      this.function.node.addDependency(props.kafka.topic);
    }
    props.bearerToken.grantRead(this.function);
    // The lease and the recent-id window beside it: single items, read and written conditionally;
    // no scans, queries or deletes.
    props.table.grant(this.function, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');

    const margin = X_PRODUCER_MARGIN.toMilliseconds();
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `Keeps the X filtered stream of ${props.debate.id} open through the debate`,
      schedule: scheduler.ScheduleExpression.rate(X_PRODUCER_INTERVAL),
      start: new Date(props.debate.start - margin),
      end: new Date(props.debate.end + margin),
      target: new targets.LambdaInvoke(this.function, {
        retryAttempts: 0,
        deadLetterQueue: this.failureQueue,
      }),
    });
    acknowledgeSchedulerInvoke(this.function);
  }
}
