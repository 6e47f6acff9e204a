import * as fs from 'fs';
import * as path from 'path';
import { Template, Match } from 'aws-cdk-lib/assertions';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readAppConfig } from '../../lib/config/app-config';
import type { TrendoffStacks } from '../../lib/stacks/trendoff-app';
import { KafkaWorkers } from '../../lib/constructs/kafka-workers';
import { MSK_IAM_PORT } from '../../lib/constructs/kafka-network';
import { buildApp, NO_BUNDLING, removeAssemblies, ROOT } from './cdk-app';

// The validator that ships inside aws-cdk-lib (not a dependency of its own, hence the path).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validator = require(
  path.join(ROOT, 'node_modules/aws-cdk-lib/node_modules/@aws/cloudformation-validate'),
) as typeof import('../../node_modules/aws-cdk-lib/node_modules/@aws/cloudformation-validate');

const RECOMMENDATION = 'test/fixtures/spot-recommendation.json';
const MSK = { stream: 'msk' };
const ECS = { stream: 'msk', processing: 'ecs' };
const ECS_EC2 = { ...ECS, ecsCapacity: 'ec2', ecsRecommendation: RECOMMENDATION };

afterAll(removeAssemblies);

const built = new Map<string, { app: App; stacks: TrendoffStacks }>();
/** The app for `context` (built once per context in this file; no bundling). */
function app(context: Record<string, unknown>): { app: App; stacks: TrendoffStacks } {
  const key = JSON.stringify(context);
  let entry = built.get(key);
  if (entry === undefined) {
    entry = buildApp({ ...NO_BUNDLING, ...context });
    built.set(key, entry);
  }
  return entry;
}
const template = (
  context: Record<string, unknown>,
  pick: (s: TrendoffStacks) => import('aws-cdk-lib').Stack,
) => Template.fromStack(pick(app(context).stacks));

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
function statements(t: Template): Statement[] {
  return Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
    (r) =>
      (r as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}
const actionsOf = (s: Statement): string[] => [s.Action].flat();

describe('the cloud app with stream=msk', () => {
  test('GIVEN stream=msk WHEN synthesized THEN an MSK Serverless cluster with IAM auth in two private subnets, and no Kinesis stream', () => {
    const t = template(MSK, (s) => s.stateful);
    t.resourceCountIs('AWS::Kinesis::Stream', 0);
    t.resourceCountIs('AWS::MSK::Cluster', 0);
    t.hasResourceProperties('AWS::MSK::ServerlessCluster', {
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      VpcConfigs: [{ SubnetIds: Match.anyValue(), SecurityGroups: [Match.anyValue()] }],
    });
    const cluster = Object.values(t.findResources('AWS::MSK::ServerlessCluster'))[0] as {
      Properties: { VpcConfigs: { SubnetIds: unknown[] }[] };
    };
    expect(cluster.Properties.VpcConfigs[0]!.SubnetIds).toHaveLength(2);
    // The brokers are read from MSK at deploy time (CloudFormation does not expose them).
    expect(JSON.stringify(t.findResources('Custom::AWS'))).toContain('getBootstrapBrokers');
  });

  test('GIVEN stream=msk WHEN synthesized THEN a VPC with /24 private subnets, one NAT gateway, S3 and DynamoDB endpoints', () => {
    const t = template(MSK, (s) => s.stateful);
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    const subnets = Object.values(t.findResources('AWS::EC2::Subnet')).map(
      (r) => (r as { Properties: { CidrBlock: string; MapPublicIpOnLaunch: boolean } }).Properties,
    );
    expect(subnets.filter((s) => !s.MapPublicIpOnLaunch).map((s) => s.CidrBlock.split('/')[1])).toEqual([
      '24',
      '24',
    ]);
    expect(subnets.filter((s) => s.MapPublicIpOnLaunch).map((s) => s.CidrBlock.split('/')[1])).toEqual([
      '26',
      '26',
    ]);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  test('GIVEN stream=msk WHEN synthesized THEN the security groups admit only the Kafka IAM port, from the clients and the pollers', () => {
    const t = template(MSK, (s) => s.stateful);
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => (r as { Properties: Record<string, unknown> }).Properties,
    );
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: MSK_IAM_PORT, ToPort: MSK_IAM_PORT });
      expect(rule.SourceSecurityGroupId).toBeDefined();
      expect(rule.CidrIp).toBeUndefined();
    }
    // No group lets everything out: egress is the Kafka port to the cluster and HTTPS.
    for (const sg of Object.values(t.findResources('AWS::EC2::SecurityGroup'))) {
      const egress =
        (sg as { Properties: { SecurityGroupEgress?: { IpProtocol: string; FromPort?: number }[] } })
          .Properties.SecurityGroupEgress ?? [];
      for (const e of egress) expect(e.IpProtocol === '-1' ? 'all' : e.FromPort).toBe(443);
    }
  });

  test('GIVEN stream=msk WHEN synthesized THEN the deployment creates the topic with the shards setting as partitions and 24 h retention', () => {
    template({ ...MSK, shards: 12 }, (s) => s.stateful).hasResourceProperties('Custom::KafkaTopic', {
      Topic: 'trendoff-posts',
      Partitions: '12',
      RetentionMs: '86400000',
      Brokers: Match.anyValue(),
    });
    // Its function runs in the VPC, in the clients' group.
    template(MSK, (s) => s.stateful).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^trendoff Kafka topic'),
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: [Match.anyValue()] },
    });
  });

  test('GIVEN stream=msk WHEN synthesized THEN every Kafka permission names the cluster, the topic or one consumer group, never a wildcard', () => {
    const all = (['stateful', 'ingest', 'processing'] as const).flatMap((k) =>
      statements(template(MSK, (s) => s[k])),
    );
    const kafka = all.filter((s) =>
      actionsOf(s).some((a) => a.startsWith('kafka-cluster:') || a.startsWith('kafka:')),
    );
    expect(kafka.length).toBeGreaterThanOrEqual(6);
    for (const s of kafka) {
      const resource = JSON.stringify(s.Resource);
      expect(resource).not.toMatch(/"\*"/);
      if (actionsOf(s).includes('kafka-cluster:ReadData') || actionsOf(s).includes('kafka-cluster:WriteData'))
        expect(resource).toContain(':topic/');
      if (actionsOf(s).includes('kafka-cluster:AlterGroup'))
        expect(resource).toMatch(/:group\/.*\/trendoff-(processor|archive)"/);
    }
    // Writes only by the producer, reads only by the two consumer groups, topic admin only by its function.
    const withAction = (a: string) => kafka.filter((s) => actionsOf(s).includes(a)).length;
    expect(withAction('kafka-cluster:WriteData')).toBe(1);
    expect(withAction('kafka-cluster:ReadData')).toBe(2);
    expect(withAction('kafka-cluster:CreateTopic')).toBe(1);
    // The event sources' managed policy (kafka:* and ec2:* on everything) is not attached.
    for (const k of ['ingest', 'processing'] as const)
      expect(JSON.stringify(template(MSK, (s) => s[k]).toJSON())).not.toContain('AWSLambdaMSKExecutionRole');
  });

  test('GIVEN stream=msk WHEN synthesized THEN the processor reads through an MSK event source mapping with batch size, window and a failure queue', () => {
    const t = template(MSK, (s) => s.processing);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      Topics: ['trendoff-posts'],
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'trendoff-processor' },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 1,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('stream processor .*\\(MSK\\)'),
      Handler: 'index.handler',
    });
  });

  test('GIVEN stream=msk WHEN synthesized THEN the archive is a second consumer group, not Firehose, and the producer writes Kafka from the VPC', () => {
    const t = template(MSK, (s) => s.ingest);
    t.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'trendoff-archive' },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^trendoff replay producer'),
      VpcConfig: Match.anyValue(),
      Environment: {
        Variables: Match.objectLike({
          KAFKA_BROKERS: Match.anyValue(),
          KAFKA_AUTH: 'iam',
          KAFKA_IDEMPOTENT: 'true',
        }),
      },
    });
  });

  test('GIVEN mskCluster=provisioned WHEN synthesized THEN a broker per zone, TLS in transit and broker logs', () => {
    template({ ...MSK, mskCluster: 'provisioned' }, (s) => s.stateful).hasResourceProperties(
      'AWS::MSK::Cluster',
      {
        NumberOfBrokerNodes: 2,
        BrokerNodeGroupInfo: Match.objectLike({ InstanceType: 'kafka.m7g.large' }),
        ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
        EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true } },
        LoggingInfo: { BrokerLogs: { CloudWatchLogs: Match.objectLike({ Enabled: true }) } },
      },
    );
  });
});

describe('the cloud app with processing=ecs', () => {
  test('GIVEN processing=ecs WHEN synthesized THEN the workers run `trendoff worker --stream kafka` on Fargate Spot with one on-demand base worker', () => {
    const t = template(ECS, (s) => s.processing);
    t.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    t.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 2,
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ],
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '2048',
      ContainerDefinitions: [
        Match.objectLike({
          StopTimeout: 120,
          Command: ['--health-port', '8080', '--batch-size', '1000'],
          HealthCheck: Match.objectLike({ Command: Match.arrayWith(['CMD', 'node']), StartPeriod: 60 }),
          Environment: Match.arrayWith([
            { Name: 'KAFKA_GROUP', Value: 'trendoff-processor' },
            { Name: 'KAFKA_AUTH', Value: 'iam' },
          ]),
        }),
      ],
    });
    const dockerfile = fs.readFileSync(path.join(ROOT, 'docker/worker/Dockerfile'), 'utf8');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "dist/trendoff.js", "worker", "--stream", "kafka"]');
  });

  test('GIVEN processing=ecs WHEN synthesized THEN the image’s build context holds the sources it builds from, and nothing else', () => {
    // GIVEN the staged Docker asset (synthesis stages it; building it is for cdk deploy)
    const assembly = app(ECS).app.synth();
    const manifest = JSON.parse(
      fs.readFileSync(path.join(assembly.directory, 'TrendoffProcessing.assets.json'), 'utf8'),
    ) as { dockerImages: Record<string, { source: { directory: string; dockerFile: string } }> };
    const [image] = Object.values(manifest.dockerImages);
    const context = path.join(assembly.directory, image!.source.directory);
    // THEN
    expect(image!.source.dockerFile).toBe('docker/worker/Dockerfile');
    for (const kept of [
      'docker/worker/Dockerfile',
      'scripts/build-cli.js',
      'bin/trendoff.ts',
      'package-lock.json',
      'lambda/handlers/processor.ts',
    ])
      expect(fs.existsSync(path.join(context, kept))).toBe(true);
    expect(fs.readdirSync(context).sort()).toEqual(
      [
        'bin',
        'docker',
        'lambda',
        'lib',
        'package-lock.json',
        'package.json',
        'scripts',
        'tsconfig.json',
      ].sort(),
    );
    expect(fs.readdirSync(path.join(context, 'scripts'))).toEqual(['build-cli.js']);
  });

  test('GIVEN processing=ecs WHEN synthesized THEN the workers scale on the group’s offset lag between the count and the partitions', () => {
    const t = template({ ...ECS, shards: 8, workers: 3 }, (s) => s.processing);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 3,
      MaxCapacity: 8,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Kafka',
      MetricName: 'SumOffsetLag',
      Dimensions: Match.arrayWith([
        { Name: 'Consumer Group', Value: 'trendoff-processor' },
        { Name: 'Topic', Value: 'trendoff-posts' },
      ]),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: Match.objectLike({ AdjustmentType: 'ChangeInCapacity' }),
    });
  });

  test('GIVEN ecsCapacity=ec2 and a trendoff spot recommendation WHEN synthesized THEN spot instances of its types, its max price, drained on interruption', () => {
    const t = template(ECS_EC2, (s) => s.processing);
    t.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MixedInstancesPolicy: {
        InstancesDistribution: {
          OnDemandBaseCapacity: 0,
          OnDemandPercentageAboveBaseCapacity: 0,
          SpotAllocationStrategy: 'price-capacity-optimized',
          SpotMaxPrice: '0.06',
        },
        LaunchTemplate: Match.objectLike({
          Overrides: [
            { InstanceType: 'm6i.large' },
            { InstanceType: 'm5.large' },
            { InstanceType: 'c6i.large' },
          ],
        }),
      },
    });
    expect(JSON.stringify(t.toJSON())).toContain('ECS_ENABLE_SPOT_INSTANCE_DRAINING=true');
    t.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true }) })],
        MetadataOptions: Match.objectLike({ HttpTokens: 'required' }),
      }),
    });
    t.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [Match.objectLike({ Weight: 1 })],
    });
  });

  test('fails if the workers outnumber the partitions', () => {
    // A fresh app: the shared ones are synthesized by the tests below.
    const { app: fresh, stacks } = buildApp({ ...NO_BUNDLING, ...MSK });
    expect(
      () =>
        new KafkaWorkers(stacks.processing, 'TooMany', {
          cluster: stacks.stateful.kafka!,
          table: stacks.stateful.table,
          archiveBucket: stacks.stateful.archiveBucket,
          debate: readAppConfig(fresh.node, ROOT).debate,
          workers: 5,
        }),
    ).toThrow(/5 workers for 4 partitions; a consumer group gives each partition to one worker/);
  });
});

describe.each([
  ['stream=msk', MSK],
  ['stream=msk mskCluster=provisioned', { ...MSK, mskCluster: 'provisioned' }],
  ['processing=ecs', ECS],
  ['processing=ecs ecsCapacity=ec2', ECS_EC2],
])('the whole app with %s', (_name, context) => {
  test('GIVEN it WHEN the cdk-nag AwsSolutions pack checks it THEN there is no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(app(context).app);
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });

  test('GIVEN every template WHEN validated with the CloudFormation validator THEN there are no errors', () => {
    const assembly = app(context).app.synth();
    const engine = new validator.CompositeEngine();
    try {
      for (const stack of assembly.stacks) {
        const report = engine.validateTemplate(new validator.TemplateFile(stack.templateFullPath));
        const errors = report.diagnostics
          .filter((d) => d.severity === 'ERROR' || d.severity === 'FATAL')
          .map((d) => `${stack.stackName} ${d.ruleId} ${d.entity?.logicalId ?? ''}: ${d.message}`);
        expect(errors).toEqual([]);
      }
    } finally {
      engine.free();
    }
  });
});
