import { CustomResource, Duration, Fn, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import {
  DEFAULT_KAFKA_GROUP,
  DEFAULT_KAFKA_TOPIC,
  kafkaEnvironment,
} from '../../lambda/handlers/env/kafka-env';
import { grantVpcEni, HandlerFunction, type FunctionVpc } from './handler-function';
import { acknowledgeFindings, logicalIdOf } from './nag-acknowledgements';
import type { KafkaNetwork } from './kafka-network';

/** Kafka version of a provisioned cluster (MSK's recommended 3.x line). */
export const MSK_KAFKA_VERSION = '3.6.0';
/** Broker storage of a provisioned cluster: a debate night's posts are a few GB. */
export const MSK_BROKER_VOLUME_GB = 100;

/** Properties of a {@link KafkaCluster}. */
export interface KafkaClusterProps {
  readonly network: KafkaNetwork;
  /**
   * MSK Serverless (ready in minutes, IAM auth only) or provisioned brokers (one per zone;
   * 15-40 minutes or more to create, billed per broker-hour whether used or not).
   *
   * @default 'serverless'
   */
  readonly kind?: 'serverless' | 'provisioned';
  /** Partitions of the posts topic: the most consumers working at once. */
  readonly partitions: number;
  /**
   * Broker instance type of a provisioned cluster.
   *
   * @default 'kafka.m7g.large'
   */
  readonly brokerType?: string;
  /**
   * How long the topic keeps records (the Kinesis stream keeps 24 h).
   *
   * @default Duration.hours(24)
   */
  readonly retention?: Duration;
  /**
   * The posts topic.
   *
   * @default 'trendoff-posts'
   */
  readonly topicName?: string;
}

/**
 * Kafka actions a producer needs on the cluster and topic (MSK IAM access control). Idempotent
 * writes need their own action on the cluster.
 */
export const KAFKA_PRODUCER_CLUSTER_ACTIONS = [
  'kafka-cluster:Connect',
  'kafka-cluster:WriteDataIdempotently',
] as const;
export const KAFKA_PRODUCER_TOPIC_ACTIONS = [
  'kafka-cluster:DescribeTopic',
  'kafka-cluster:WriteData',
] as const;
/** What a consumer-group member needs: read the topic, join and commit in its own group. */
export const KAFKA_CONSUMER_TOPIC_ACTIONS = [
  'kafka-cluster:DescribeTopic',
  'kafka-cluster:ReadData',
] as const;
export const KAFKA_CONSUMER_GROUP_ACTIONS = [
  'kafka-cluster:AlterGroup',
  'kafka-cluster:DescribeGroup',
] as const;
/** What the topic's custom resource does: create the topic, add partitions, set its retention. */
export const KAFKA_TOPIC_ADMIN_ACTIONS = [
  'kafka-cluster:CreateTopic',
  'kafka-cluster:DescribeTopic',
  'kafka-cluster:AlterTopic',
  'kafka-cluster:DescribeTopicDynamicConfiguration',
  'kafka-cluster:AlterTopicDynamicConfiguration',
] as const;
/** The control-plane calls a Lambda event source makes for its function (on the cluster only). */
export const KAFKA_EVENT_SOURCE_ACTIONS = [
  'kafka:DescribeCluster',
  'kafka:DescribeClusterV2',
  'kafka:GetBootstrapBrokers',
] as const;
/**
 * The Kafka path's stream: an Amazon MSK cluster (Serverless by default, IAM access control only)
 * in the network's private subnets, and the posts topic, created by the deployment (a custom
 * resource running kafkajs's admin client inside the VPC) with its partitions and retention.
 * Access is granted only through the `grant*()` methods, each scoped to the cluster, the topic or
 * one consumer group ARN.
 */
export class KafkaCluster extends Construct {
  public readonly kind: 'serverless' | 'provisioned';
  public readonly clusterArn: string;
  /** The cluster's name (the `Cluster Name` dimension of its CloudWatch metrics). */
  public readonly clusterName: string;
  /** Comma-separated IAM bootstrap brokers (`host:9098`), read from MSK at deploy time. */
  public readonly bootstrapBrokers: string;
  public readonly topicName: string;
  public readonly partitions: number;
  public readonly network: KafkaNetwork;
  /** The topic's custom resource: consumers and producers depend on it. */
  public readonly topic: CustomResource;

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const {
      kind = 'serverless',
      brokerType = 'kafka.m7g.large',
      retention = Duration.hours(24),
      topicName = DEFAULT_KAFKA_TOPIC,
      network,
    } = props;
    if (!Number.isInteger(props.partitions) || props.partitions < 1)
      throw new Error(
        `KafkaCluster ${this.node.path}: partitions must be a whole number ≥ 1, got ${props.partitions}`,
      );
    if (retention.toMilliseconds() < 60_000)
      throw new Error(
        `KafkaCluster ${this.node.path}: retention must be at least a minute, got ${retention.toHumanString()}`,
      );
    this.kind = kind;
    this.partitions = props.partitions;
    this.topicName = topicName;
    this.network = network;
    this.clusterName = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }).toLowerCase();
    const subnetIds = network.vpc.selectSubnets(network.privateSubnets).subnetIds;
    const securityGroups = [network.clusterSecurityGroup.securityGroupId];

    if (kind === 'serverless') {
      const cluster = new msk.CfnServerlessCluster(this, 'Resource', {
        clusterName: this.clusterName,
        clientAuthentication: { sasl: { iam: { enabled: true } } },
        vpcConfigs: [{ subnetIds, securityGroups }],
      });
      this.clusterArn = cluster.attrArn;
    } else {
      const brokerLogs = new logs.LogGroup(this, 'BrokerLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const cluster = new msk.CfnCluster(this, 'Resource', {
        clusterName: this.clusterName,
        kafkaVersion: MSK_KAFKA_VERSION,
        numberOfBrokerNodes: subnetIds.length,
        brokerNodeGroupInfo: {
          instanceType: brokerType,
          clientSubnets: subnetIds,
          securityGroups,
          storageInfo: { ebsStorageInfo: { volumeSize: MSK_BROKER_VOLUME_GB } },
        },
        clientAuthentication: { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } },
        encryptionInfo: { encryptionInTransit: { clientBroker: 'TLS', inCluster: true } },
        loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: brokerLogs.logGroupName } } },
      });
      this.clusterArn = cluster.attrArn;
    }

    // CloudFormation does not expose the bootstrap brokers: read them from MSK at deploy time.
    const brokersLogs = new logs.LogGroup(this, 'BootstrapBrokersLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const brokersRole = new iam.Role(this, 'BootstrapBrokersRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'trendoff: reads the MSK cluster bootstrap brokers at deploy time',
    });
    brokersLogs.grantWrite(brokersRole);
    const getBrokers: cr.AwsSdkCall = {
      service: 'Kafka',
      action: 'getBootstrapBrokers',
      parameters: { ClusterArn: this.clusterArn },
      physicalResourceId: cr.PhysicalResourceId.of(this.clusterArn),
      outputPaths: ['BootstrapBrokerStringSaslIam'],
    };
    const brokers = new cr.AwsCustomResource(this, 'BootstrapBrokers', {
      onCreate: getBrokers,
      onUpdate: getBrokers,
      role: brokersRole,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['kafka:GetBootstrapBrokers'], resources: [this.clusterArn] }),
      ]),
      installLatestAwsSdk: false,
      logGroup: brokersLogs,
    });
    this.bootstrapBrokers = brokers.getResponseField('BootstrapBrokerStringSaslIam');

    // The topic: kafkajs's admin client, inside the VPC, signed in with its role.
    const topics = new HandlerFunction(this, 'TopicFunction', {
      handler: 'kafka-topics',
      serviceName: 'trendoff-kafka-topics',
      description: `trendoff Kafka topic ${topicName}: created with its partitions and retention`,
      timeout: Duration.minutes(5),
      vpc: {
        vpc: network.vpc,
        subnets: network.privateSubnets,
        securityGroups: [network.clientSecurityGroup],
      },
    });
    this.grantConnect(topics.function);
    iam.Grant.addToPrincipal({
      grantee: topics.function,
      actions: [...KAFKA_TOPIC_ADMIN_ACTIONS],
      resourceArns: [this.topicArn()],
    });
    const providerLogs = new logs.LogGroup(this, 'TopicProviderLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const provider = new cr.Provider(this, 'TopicProvider', {
      onEventHandler: topics.function,
      logGroup: providerLogs,
    });
    this.topic = new CustomResource(this, 'Topic', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::KafkaTopic',
      properties: {
        Brokers: this.bootstrapBrokers,
        Topic: topicName,
        Partitions: String(props.partitions),
        RetentionMs: String(retention.toMilliseconds()),
      },
    });
    acknowledgeFindings(
      provider,
      'AwsSolutions-IAM4',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      'The CDK provider framework’s own function (it only relays the custom resource events to the topic function and logs).',
    );
    acknowledgeFindings(
      provider,
      'AwsSolutions-IAM5',
      [`Resource::<${logicalIdOf(topics.function)}.Arn>:*`],
      'The provider framework invokes the topic function (any version); nothing else.',
    );
  }

  /** Posts per second into the topic (MSK's MessagesInPerSec of the topic, averaged per minute). */
  metricMessagesIn(): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Kafka',
      metricName: 'MessagesInPerSec',
      dimensionsMap: { 'Cluster Name': this.clusterName, Topic: this.topicName },
      statistic: 'Average',
      period: Duration.minutes(1),
      label: 'into the topic',
    });
  }

  /** The environment of a producer writing the topic (MSK IAM auth, idempotent). */
  producerEnvironment(): Record<string, string> {
    return this.environment(DEFAULT_KAFKA_GROUP, true);
  }

  /** The environment of a member of `group` reading the topic (MSK IAM auth). */
  consumerEnvironment(group: string): Record<string, string> {
    return this.environment(group, false);
  }

  private environment(group: string, idempotent: boolean): Record<string, string> {
    return kafkaEnvironment({
      // One string (a deploy-time token) already comma-separated.
      brokers: [this.bootstrapBrokers],
      topic: this.topicName,
      group,
      auth: 'iam',
      idempotent,
      leaderSyncDelayMs: 0,
    });
  }

  /** Where a client function runs: the private subnets, in the clients' security group. */
  clientVpc(): FunctionVpc {
    return {
      vpc: this.network.vpc,
      subnets: this.network.privateSubnets,
      securityGroups: [this.network.clientSecurityGroup],
    };
  }

  /** The posts topic's ARN (`…:topic/<cluster name>/<cluster uuid>/<topic>`). */
  topicArn(): string {
    return this.childArn('topic', this.topicName);
  }

  /** A consumer group's ARN (`…:group/<cluster name>/<cluster uuid>/<group>`). */
  groupArn(group: string): string {
    return this.childArn('group', group);
  }

  /** Connect (and describe the cluster) under IAM access control. */
  grantConnect(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
      resourceArns: [this.clusterArn],
    });
  }

  /** Write the posts topic, idempotently. */
  grantProduce(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...KAFKA_PRODUCER_CLUSTER_ACTIONS, 'kafka-cluster:DescribeCluster'],
      resourceArns: [this.clusterArn],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...KAFKA_PRODUCER_TOPIC_ACTIONS],
      resourceArns: [this.topicArn()],
    });
  }

  /** Read the posts topic as a member of `group` (and only that group). */
  grantConsume(grantee: iam.IGrantable, group: string): void {
    this.grantConnect(grantee);
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...KAFKA_CONSUMER_TOPIC_ACTIONS],
      resourceArns: [this.topicArn()],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...KAFKA_CONSUMER_GROUP_ACTIONS],
      resourceArns: [this.groupArn(group)],
    });
  }

  /**
   * What a function behind a Lambda MSK event source needs besides consuming: the control-plane
   * calls on the cluster, and ENIs for the pollers (EC2's describe calls take no resource).
   */
  grantEventSource(grantee: iam.IGrantable & IConstruct, group: string): void {
    this.grantConsume(grantee, group);
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...KAFKA_EVENT_SOURCE_ACTIONS],
      resourceArns: [this.clusterArn],
    });
    grantVpcEni(grantee, grantee);
  }

  private childArn(kind: 'topic' | 'group', name: string): string {
    // arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid> → …:<kind>/<name>/<uuid>/<child>
    const parts = Fn.split('/', this.clusterArn);
    const stack = Stack.of(this);
    return `arn:${stack.partition}:kafka:${stack.region}:${stack.account}:${kind}/${Fn.select(1, parts)}/${Fn.select(2, parts)}/${name}`;
  }
}

/**
 * The stream a producer writes: exactly one of a Kinesis stream and a Kafka cluster.
 * @throws Error naming the construct when both or neither are given.
 */
export function producerTarget(
  scope: Construct,
  stream: import('aws-cdk-lib/aws-kinesis').IStream | undefined,
  kafka: KafkaCluster | undefined,
): void {
  if ((stream === undefined) === (kafka === undefined))
    throw new Error(`${scope.node.path}: give exactly one of stream (Kinesis) and kafka (MSK)`);
}
