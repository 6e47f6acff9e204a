import { Duration, IgnoreMode, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { debatePrefix } from '../../lambda/core/archive-keys';
import type { DebateConfig } from '../../lambda/core/debate-config';
import { DEFAULT_KAFKA_GROUP } from '../../lambda/handlers/env/kafka-env';
import { DEFAULT_BUCKET_MS, processorEnvironment } from '../../lambda/handlers/env/processor-env';
import type { FleetRecommendation } from '../ops/emr/fleet';
import { packageRoot } from '../io/package-root';
import type { KafkaCluster } from './kafka-cluster';
import { acknowledgeFindings, arnNamesOf } from './nag-acknowledgements';
import { PROCESSOR_TABLE_ACTIONS } from './processor-function';
import { PROCESSOR_BATCH_SIZE } from './stream-processor';

/** The worker's Dockerfile, relative to the repository (the build context). */
export const WORKER_DOCKERFILE = 'docker/worker/Dockerfile';
/** What the image needs from the repository: the rest is left out of the asset (and its hash). */
const WORKER_CONTEXT = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'bin',
  'lambda',
  'lib',
  'scripts/build-cli.js',
  WORKER_DOCKERFILE,
];
/** One worker: a vCPU (scoring is CPU-bound, one event loop) and 2 GB. */
export const WORKER_CPU = 1024;
export const WORKER_MEMORY_MIB = 2048;
/**
 * SIGTERM to SIGKILL: ECS's longest stop timeout, the length of a spot interruption notice, for
 * the worker to finish its batch, commit and leave the group.
 */
export const WORKER_STOP_TIMEOUT = Duration.seconds(120);
/** The worker's health endpoint inside its task (`trendoff worker --health-port`). */
export const WORKER_HEALTH_PORT = 8080;
/** Workers that run on demand whatever Fargate Spot does: one, so the speed layer never stops. */
export const FARGATE_ON_DEMAND_BASE = 1;
/** Consumer lag (records behind, summed over partitions) above which a worker is added, and more. */
export const LAG_SCALE_OUT_RECORDS = 10_000;
export const LAG_SCALE_OUT_FAST_RECORDS = 100_000;
/** Below this lag a worker is removed (down to the configured count). */
export const LAG_SCALE_IN_RECORDS = 1_000;

/** Properties of {@link KafkaWorkers}. */
export interface KafkaWorkersProps {
  readonly cluster: KafkaCluster;
  readonly table: dynamodb.ITable;
  readonly archiveBucket: s3.IBucket;
  readonly debate: DebateConfig;
  /** Workers always running; scaling on lag adds up to one per partition. */
  readonly workers: number;
  /**
   * Fargate Spot (with {@link FARGATE_ON_DEMAND_BASE} on-demand worker) or EC2 spot instances.
   *
   * @default 'fargate-spot'
   */
  readonly capacity?: 'fargate-spot' | 'ec2';
  /** Required with capacity `ec2`: `trendoff spot`'s instance types and optional max price. */
  readonly recommendation?: FleetRecommendation;
}

/**
 * The processor as long-running Kafka consumer-group workers: an ECS service running
 * `trendoff worker --stream kafka` (the CLI bundle, image built from the repository at deploy) in
 * the cluster's private subnets. On Fargate Spot by default, with one on-demand worker as a base;
 * or on EC2 spot instances of the types `trendoff spot` recommends (price-capacity-optimized, the
 * optional max price as the cap), with ECS draining instances on a spot interruption notice.
 * Workers get two minutes between SIGTERM and SIGKILL to drain. The service scales on the
 * consumer group's offset lag between `workers` and the partition count.
 */
export class KafkaWorkers extends Construct {
  public readonly service: ecs.BaseService;
  public readonly ecsCluster: ecs.Cluster;
  public readonly scaling: ecs.ScalableTaskCount;
  private readonly kafka: KafkaCluster;

  constructor(scope: Construct, id: string, props: KafkaWorkersProps) {
    super(scope, id);
    const { capacity = 'fargate-spot', cluster } = props;
    if (!Number.isInteger(props.workers) || props.workers < 1)
      throw new Error(
        `KafkaWorkers ${this.node.path}: workers must be a whole number ≥ 1, got ${props.workers}`,
      );
    if (props.workers > cluster.partitions)
      throw new Error(
        `KafkaWorkers ${this.node.path}: ${props.workers} workers for ${cluster.partitions} partitions; a consumer group gives each partition to one worker, so use at most ${cluster.partitions}`,
      );
    if (capacity === 'ec2' && (props.recommendation?.instanceTypes.length ?? 0) === 0)
      throw new Error(
        `KafkaWorkers ${this.node.path}: capacity ec2 needs a recommendation with instance types`,
      );

    this.kafka = cluster;
    const network = cluster.network;
    this.ecsCluster = new ecs.Cluster(this, 'Cluster', {
      vpc: network.vpc,
      enableFargateCapacityProviders: capacity === 'fargate-spot',
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const arm = capacity === 'ec2' && architectureOf(props.recommendation!, this.node.path) === 'arm64';
    const image = ecs.ContainerImage.fromAsset(packageRoot(), {
      file: WORKER_DOCKERFILE,
      platform: arm ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
      // Docker's ignore rules: everything out, then back in what the Dockerfile copies.
      ignoreMode: IgnoreMode.DOCKER,
      exclude: ['**', ...WORKER_CONTEXT.map((p) => `!${p}`)],
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const environment = {
      ...processorEnvironment({
        debate: props.debate,
        scorer: 'vader',
        bucketMs: DEFAULT_BUCKET_MS,
        tableName: props.table.tableName,
        archiveBucket: props.archiveBucket.bucketName,
      }),
      ...cluster.consumerEnvironment(DEFAULT_KAFKA_GROUP),
    };
    const container: ecs.ContainerDefinitionOptions = {
      image,
      environment,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'worker' }),
      stopTimeout: WORKER_STOP_TIMEOUT,
      // Appended to the image's `trendoff worker --stream kafka`: the Lambda processor's batch size.
      command: ['--health-port', String(WORKER_HEALTH_PORT), '--batch-size', String(PROCESSOR_BATCH_SIZE)],
      // 503 until the worker has joined the group and while it is stopped: ECS replaces it.
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${WORKER_HEALTH_PORT}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
        ],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
      memoryReservationMiB: WORKER_MEMORY_MIB - 256,
    };
    // What the service is on either capacity: the group's members in the private subnets.
    const serviceBase = {
      cluster: this.ecsCluster,
      desiredCount: props.workers,
      // A deploy starts the new workers before stopping the old: the group never shrinks below the count.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      vpcSubnets: network.privateSubnets,
      securityGroups: [network.clientSecurityGroup],
      circuitBreaker: { rollback: true },
    };

    let taskDefinition: ecs.TaskDefinition;
    if (capacity === 'fargate-spot') {
      taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
        cpu: WORKER_CPU,
        memoryLimitMiB: WORKER_MEMORY_MIB,
        runtimePlatform: {
          cpuArchitecture: ecs.CpuArchitecture.X86_64,
          operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        },
      });
      taskDefinition.addContainer('Worker', container);
      this.service = new ecs.FargateService(this, 'Service', {
        ...serviceBase,
        taskDefinition,
        assignPublicIp: false,
        capacityProviderStrategies: [
          { capacityProvider: 'FARGATE', base: FARGATE_ON_DEMAND_BASE, weight: 0 },
          { capacityProvider: 'FARGATE_SPOT', weight: 1 },
        ],
      });
    } else {
      const rec = props.recommendation!;
      const maxPrice = rec.instanceTypes.find((t) => t.maxPrice !== undefined)?.maxPrice;
      const instanceRole = new iam.Role(this, 'InstanceRole', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        description: 'trendoff ECS worker instances: the ECS agent',
      });
      acknowledgeFindings(
        instanceRole,
        'AwsSolutions-IAM5',
        ['Resource::*', 'Action::ecs:Submit*'],
        'The ECS agent’s policy as ECS adds it: Poll/StartTelemetrySession on * limited by an ecs:cluster condition to this cluster, DiscoverPollEndpoint and GetAuthorizationToken accept no resource, Submit* on this cluster.',
      );
      const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
        machineImage: ecs.EcsOptimizedImage.amazonLinux2023(
          arm ? ecs.AmiHardwareType.ARM : ecs.AmiHardwareType.STANDARD,
        ),
        instanceType: new ec2.InstanceType(rec.instanceTypes[0]!.instanceType),
        securityGroup: network.clientSecurityGroup,
        // The ECS agent's own role; the capacity provider adds what it needs to it.
        role: instanceRole,
        requireImdsv2: true,
        blockDevices: [
          { deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true }) },
        ],
        userData: ec2.UserData.forLinux(),
      });
      const group = new autoscaling.AutoScalingGroup(this, 'Instances', {
        vpc: network.vpc,
        vpcSubnets: serviceBase.vpcSubnets,
        minCapacity: 0,
        maxCapacity: cluster.partitions,
        mixedInstancesPolicy: {
          launchTemplate,
          launchTemplateOverrides: rec.instanceTypes.map((t) => ({
            instanceType: new ec2.InstanceType(t.instanceType),
          })),
          instancesDistribution: {
            onDemandBaseCapacity: 0,
            onDemandPercentageAboveBaseCapacity: 0,
            spotAllocationStrategy: autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
            ...(maxPrice !== undefined ? { spotMaxPrice: String(maxPrice) } : {}),
          },
        },
      });
      const provider = new ecs.AsgCapacityProvider(this, 'Capacity', {
        autoScalingGroup: group,
        enableManagedTerminationProtection: false,
        // ECS drains instances on scale-in itself (and CDK then adds no drain-hook function).
        enableManagedDraining: true,
      });
      this.ecsCluster.addAsgCapacityProvider(provider);
      // The ECS agent drains an instance on its spot interruption notice (CDK writes this setting
      // only for an ASG with a single spot price, not for a mixed instances policy).
      group.addUserData('echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config');
      taskDefinition = new ecs.Ec2TaskDefinition(this, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
      taskDefinition.addContainer('Worker', {
        ...container,
        cpu: WORKER_CPU,
        memoryLimitMiB: WORKER_MEMORY_MIB,
      });
      this.service = new ecs.Ec2Service(this, 'Service', {
        ...serviceBase,
        taskDefinition,
        capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }],
      });
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-EC26',
        reason:
          'The root volume is encrypted in the launch template of the mixed instances policy (the rule reads only a launch template given directly).',
      });
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-AS3',
        reason:
          'Scaling events are ECS capacity-provider decisions, visible in the ECS service events; no one acts on e-mails of them.',
      });
    }

    // Grants: the processor's, to the task's role.
    const role = taskDefinition.taskRole;
    props.table.grant(role, ...PROCESSOR_TABLE_ACTIONS);
    props.archiveBucket.grantPut(role, `${debatePrefix('quarantine', props.debate.id)}*`);
    cluster.grantConsume(role, DEFAULT_KAFKA_GROUP);
    acknowledgeFindings(
      taskDefinition,
      'AwsSolutions-IAM5',
      [
        'Action::s3:Abort*',
        ...arnNamesOf(props.archiveBucket, this).map(
          (arn) => `Resource::${arn}/${debatePrefix('quarantine', props.debate.id)}*`,
        ),
      ],
      'grantPut() of quarantined records under this debate’s quarantine/ prefix only (keys carry partition and offsets).',
    );
    acknowledgeFindings(
      taskDefinition.obtainExecutionRole(),
      'AwsSolutions-IAM5',
      ['Resource::*'],
      'ECS pulls the image with ecr:GetAuthorizationToken, which accepts no resource (the pull itself is scoped to the repository).',
    );
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds the debate config, table, bucket, brokers and topic names: no secrets (MSK auth is the task role).',
    });

    this.scaling = this.service.autoScaleTaskCount({
      minCapacity: props.workers,
      maxCapacity: cluster.partitions,
    });
    this.scaling.scaleOnMetric('ConsumerLag', {
      metric: this.metricConsumerLag(),
      scalingSteps: [
        { upper: LAG_SCALE_IN_RECORDS, change: -1 },
        { lower: LAG_SCALE_OUT_RECORDS, change: +1 },
        { lower: LAG_SCALE_OUT_FAST_RECORDS, change: +3 },
      ],
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      cooldown: Duration.minutes(2),
    });
  }

  /** The workers' group's offset lag summed over partitions (MSK's metric), at its maximum per minute. */
  metricConsumerLag(): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Kafka',
      metricName: 'SumOffsetLag',
      dimensionsMap: {
        'Cluster Name': this.kafka.clusterName,
        'Consumer Group': DEFAULT_KAFKA_GROUP,
        Topic: this.kafka.topicName,
      },
      statistic: 'Maximum',
      period: Duration.minutes(1),
    });
  }
}

/** arm64 for Graviton types (m7g, c6gn, r8gd…), x86_64 otherwise; a mix cannot share one image. */
export function architectureOf(rec: FleetRecommendation, where: string): 'arm64' | 'x86_64' {
  const graviton = (t: string): boolean => /^[a-z]+\d+g[a-z]*\./.test(t);
  const arms = rec.instanceTypes.filter((t) => graviton(t.instanceType));
  if (arms.length === 0) return 'x86_64';
  if (arms.length === rec.instanceTypes.length) return 'arm64';
  throw new Error(
    `KafkaWorkers ${where}: the recommendation mixes Graviton (${arms.map((t) => t.instanceType).join(', ')}) and x86 types; one image runs on one architecture: ask trendoff spot for one kind (--instance-types)`,
  );
}
