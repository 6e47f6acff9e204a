import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OperationsMonitor, type OperationsMonitorProps } from '../constructs/operations-monitor';

/** Properties of the {@link MonitoringStack}. */
export interface MonitoringStackProps extends StackProps, OperationsMonitorProps {}

/**
 * Monitoring: the CloudWatch dashboard and the alarms (to one SNS topic). Last in the app, so the
 * other stacks never depend on it.
 */
export class MonitoringStack extends Stack {
  public readonly monitor: OperationsMonitor;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    const { stream, kafka, functions, processor, httpApi, failureQueues, alarmEmail, ...stackProps } = props;
    super(scope, id, { description: 'trendoff: operations dashboard and alarms', ...stackProps });

    this.monitor = new OperationsMonitor(this, 'Operations', {
      ...(stream !== undefined ? { stream } : {}),
      ...(kafka !== undefined ? { kafka } : {}),
      functions,
      ...(processor !== undefined ? { processor } : {}),
      httpApi,
      failureQueues,
      ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    });
    new CfnOutput(this, 'OperationsDashboardUrl', {
      description: 'CloudWatch dashboard of the pipeline',
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.monitor.dashboard.dashboardName}`,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic of the alarms (subscribe more endpoints here)',
      value: this.monitor.topic.topicArn,
    });
  }
}
