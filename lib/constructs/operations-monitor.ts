import { Duration, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PROCESSOR_METRICS, PROCESSOR_SERVICE } from '../../lambda/handlers/env/processor-env';
import { METRICS_NAMESPACE } from '../../lambda/handlers/handler-config';

/** The processor is late when its newest record read is older than this. */
export const ITERATOR_AGE_ALARM_THRESHOLD = Duration.seconds(60);
/** On Kafka, the processor is late when this many records wait (about 3 s of a big debate's posts). */
export const OFFSET_LAG_ALARM_RECORDS = 10_000;

/** Properties of an {@link OperationsMonitor}. */
export interface OperationsMonitorProps {
  /** The Kinesis path's stream; or `kafka`. */
  readonly stream?: kinesis.IStream;
  /**
   * The Kafka path: posts per second into the topic, and the processor's lag in records behind it
   * (the Lambda event source's OffsetLag, or MSK's SumOffsetLag of the workers' group).
   */
  readonly kafka?: { readonly incomingPerSecond: cloudwatch.IMetric; readonly offsetLag: cloudwatch.IMetric };
  /** The functions to watch, by the label shown on the dashboard. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The Kinesis stream processor, whose iterator age is the pipeline's lag. */
  readonly processor?: lambda.IFunction;
  readonly httpApi: apigw.IHttpApi;
  /** Failure queues: any message in them is an alarm. */
  readonly failureQueues: Readonly<Record<string, sqs.IQueue>>;
  /**
   * Where alarms are e-mailed (the subscription must be confirmed from the mail).
   *
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

/**
 * Operations view of a debate night: a CloudWatch dashboard (posts in and processed per second,
 * processor lag, rejected records, function errors and durations, API latency) and alarms on the
 * same signals to one SNS topic.
 */
export class OperationsMonitor extends Construct {
  public readonly topic: sns.Topic;
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsMonitorProps) {
    super(scope, id);

    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'trendoff alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notices carry no data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key would outlive the night.',
    });
    if (props.alarmEmail !== undefined)
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (alarmId: string, a: cloudwatch.AlarmProps): void => {
      const created = new cloudwatch.Alarm(this, alarmId, a);
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
    };

    if ((props.stream === undefined) === (props.kafka === undefined))
      throw new Error(`OperationsMonitor ${this.node.path}: give exactly one of stream and kafka`);
    const lag =
      props.kafka === undefined
        ? {
            metric: (props.processor ?? missing(this, 'processor')).metric('IteratorAge', {
              statistic: 'Maximum',
              period: Duration.minutes(1),
            }),
            threshold: ITERATOR_AGE_ALARM_THRESHOLD.toMilliseconds(),
            description: `The processor is more than ${ITERATOR_AGE_ALARM_THRESHOLD.toSeconds()} s behind the stream`,
            title: 'Processor lag (iterator age, ms)',
          }
        : {
            metric: props.kafka.offsetLag,
            threshold: OFFSET_LAG_ALARM_RECORDS,
            description: `The processor is more than ${OFFSET_LAG_ALARM_RECORDS} records behind the topic`,
            title: 'Processor lag (records behind the topic)',
          };
    alarm('ProcessorLag', {
      alarmDescription: lag.description,
      metric: lag.metric,
      threshold: lag.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const [label, fn] of Object.entries(props.functions))
      alarm(`${label}Errors`, {
        alarmDescription: `The ${label} function failed`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    for (const [label, queue] of Object.entries(props.failureQueues))
      alarm(`${label}FailureQueue`, {
        alarmDescription: `Something landed in the ${label} failure queue`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    alarm('ApiServerErrors', {
      alarmDescription: 'The query API answered with 5xx errors',
      metric: props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const minute = Duration.minutes(1);
    const perSecond = (id: string, label: string, metric: cloudwatch.IMetric): cloudwatch.MathExpression =>
      new cloudwatch.MathExpression({
        expression: `${id} / PERIOD(${id})`,
        usingMetrics: { [id]: metric },
        label,
        period: minute,
      });
    // The processor's own counts (Powertools: the handlers' namespace, dimension service).
    const processorMetric = (name: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: PROCESSOR_SERVICE },
        statistic: 'Sum',
        period: minute,
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Posts per second',
            left: [
              props.stream !== undefined
                ? perSecond(
                    'incoming',
                    'into the stream',
                    props.stream.metricIncomingRecords({ statistic: 'Sum', period: minute }),
                  )
                : props.kafka!.incomingPerSecond,
              perSecond('processed', 'processed', processorMetric(PROCESSOR_METRICS.recordsIn)),
              perSecond('scored', 'scored', processorMetric(PROCESSOR_METRICS.postsScored)),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: lag.title,
            left: [lag.metric],
            leftAnnotations: [{ value: lag.threshold, label: 'alarm' }],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Records rejected, duplicates, unmatched, batches failed (per minute)',
            left: [
              processorMetric(PROCESSOR_METRICS.recordsRejected),
              processorMetric(PROCESSOR_METRICS.postsDuplicate),
              processorMetric(PROCESSOR_METRICS.postsUnmatched),
              processorMetric(PROCESSOR_METRICS.batchesFailed),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Query API latency (ms) and requests',
            left: [
              props.httpApi.metricLatency({ statistic: 'p50', period: minute }),
              props.httpApi.metricLatency({ statistic: 'p99', period: minute }),
            ],
            right: [props.httpApi.metricCount({ statistic: 'Sum', period: minute })],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Function errors',
            left: Object.entries(props.functions).map(([label, fn]) =>
              fn.metricErrors({ label, statistic: 'Sum', period: minute }),
            ),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Function duration p99 (ms)',
            left: Object.entries(props.functions).map(([label, fn]) =>
              fn.metricDuration({ label, statistic: 'p99', period: minute }),
            ),
            width: 12,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }
}

function missing(scope: Construct, prop: string): never {
  throw new Error(`OperationsMonitor ${scope.node.path}: ${prop} is required with a Kinesis stream`);
}
