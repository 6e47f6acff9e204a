import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** MSK's port for clients with IAM access control (TLS, SASL OAUTHBEARER / AWS_MSK_IAM). */
export const MSK_IAM_PORT = 9098;

/**
 * Private subnets: /24, 251 usable addresses each. What takes addresses there: the cluster's
 * endpoints (MSK Serverless: one per subnet; provisioned: one per broker), the Lambda event
 * source's pollers and the in-VPC functions (Hyperplane ENIs, a few per subnet and security group),
 * and one per ECS worker (awsvpc) — at most one worker per partition, so a few dozen at most.
 */
export const PRIVATE_SUBNET_MASK = 24;
/** Public subnets hold only the NAT gateway: /26 (59 usable addresses) is plenty. */
export const PUBLIC_SUBNET_MASK = 26;

/** Properties of a {@link KafkaNetwork}. */
export interface KafkaNetworkProps {
  /**
   * Availability zones: MSK Serverless needs subnets in at least two, a provisioned cluster puts
   * one broker in each.
   *
   * @default 2
   */
  readonly maxAzs?: number;
}

/**
 * The network of the Kafka path. MSK is reachable only inside a VPC, so the cluster, the producers,
 * the topic's custom resource and the ECS workers live in its private subnets. The live producer
 * must reach X on the internet: one NAT gateway (in one zone: a debate night does not need a
 * second one's availability at twice the hourly charge) takes their traffic out; S3 and DynamoDB
 * are reached through gateway endpoints (free), so archive and aggregate traffic never crosses the
 * NAT. Two security groups, least open: the cluster's admits the Kafka IAM port only from the
 * clients' group and from itself (the Lambda event source's pollers run with the cluster's group),
 * and the clients' group may reach only the cluster's port and HTTPS.
 */
export class KafkaNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  /** The cluster's group (also the Lambda event source pollers'). */
  public readonly clusterSecurityGroup: ec2.SecurityGroup;
  /** Every client of the cluster: producers, the topic's custom resource, the ECS workers. */
  public readonly clientSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: KafkaNetworkProps = {}) {
    super(scope, id);
    const { maxAzs = 2 } = props;
    if (!Number.isInteger(maxAzs) || maxAzs < 2 || maxAzs > 3)
      throw new Error(`KafkaNetwork ${this.node.path}: maxAzs must be 2 or 3, got ${maxAzs}`);

    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: PUBLIC_SUBNET_MASK },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: PRIVATE_SUBNET_MASK },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
      flowLogs: {
        Rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
      restrictDefaultSecurityGroup: false,
    });

    this.clusterSecurityGroup = new ec2.SecurityGroup(this, 'ClusterSecurityGroup', {
      vpc: this.vpc,
      description: 'trendoff MSK cluster: Kafka IAM port from its clients and its own pollers',
      allowAllOutbound: false,
    });
    this.clientSecurityGroup = new ec2.SecurityGroup(this, 'ClientSecurityGroup', {
      vpc: this.vpc,
      description: 'trendoff MSK clients: the cluster port and HTTPS out (X, AWS APIs, ECR)',
      allowAllOutbound: false,
    });
    const kafka = ec2.Port.tcp(MSK_IAM_PORT);
    this.clusterSecurityGroup.addIngressRule(this.clientSecurityGroup, kafka, 'Kafka clients (IAM auth)');
    this.clusterSecurityGroup.addIngressRule(this.clusterSecurityGroup, kafka, 'Lambda event source pollers');
    // The pollers (ENIs with this group) reach the brokers and, over HTTPS, Lambda and STS.
    this.clusterSecurityGroup.addEgressRule(this.clusterSecurityGroup, kafka, 'pollers to the brokers');
    this.clusterSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'pollers to Lambda and STS',
    );
    this.clientSecurityGroup.addEgressRule(this.clusterSecurityGroup, kafka, 'to the brokers');
    this.clientSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'X API and AWS APIs');
  }

  /** The private subnets, where the cluster and its clients live. */
  get privateSubnets(): ec2.SubnetSelection {
    return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  }
}
