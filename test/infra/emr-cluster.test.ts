import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EmrCluster } from '../../lib/constructs/emr-cluster';
import { buildInstanceFleets } from '../../lib/ops/emr/fleet';
import { buildCli } from '../support/cli';
import { newApp, removeAssemblies } from './cdk-app';

beforeAll(buildCli);
afterAll(removeAssemblies);

const fleets = buildInstanceFleets({
  instanceTypes: [
    { instanceType: 'm5.xlarge', weight: 1 },
    { instanceType: 'm6i.2xlarge', weight: 2 },
  ],
  onDemandTarget: 1,
  spotTarget: 4,
  allocationStrategy: 'price-capacity-optimized',
});

function synth() {
  const app = newApp();
  const stack = new Stack(app, 'EmrTest');
  new EmrCluster(stack, 'Cluster', {
    fleets,
    subnetIds: ['subnet-1', 'subnet-2'],
    keyName: 'ops',
    tlsCertificatesS3Uri: 's3://certs/emr.zip',
    maxCapacityUnits: 12,
  });
  return { app, stack };
}

describe('EmrCluster', () => {
  test('GIVEN fleets WHEN synthesized THEN a Spark 7.x cluster with spot fleets, idle termination and scaling limits', () => {
    // GIVEN / WHEN
    const t = Template.fromStack(synth().stack);
    // THEN
    t.hasResourceProperties('AWS::EMR::Cluster', {
      ReleaseLabel: Match.stringLikeRegexp('^emr-7\\.'),
      Applications: [{ Name: 'Spark' }],
      AutoTerminationPolicy: { IdleTimeout: 3600 },
      ManagedScalingPolicy: {
        ComputeLimits: Match.objectLike({
          MinimumCapacityUnits: 6,
          MaximumCapacityUnits: 12,
          MaximumOnDemandCapacityUnits: 2,
        }),
      },
      Instances: Match.objectLike({
        Ec2SubnetIds: ['subnet-1', 'subnet-2'],
        CoreInstanceFleet: Match.objectLike({
          TargetSpotCapacity: 4,
          LaunchSpecifications: Match.objectLike({
            SpotSpecification: {
              TimeoutAction: 'SWITCH_TO_ON_DEMAND',
              TimeoutDurationMinutes: 10,
              AllocationStrategy: 'price-capacity-optimized',
            },
          }),
        }),
      }),
      BootstrapActions: [Match.objectLike({ Name: 'Install trendoff' })],
      LogUri: Match.anyValue(),
      SecurityConfiguration: Match.anyValue(),
    });
  });

  test('GIVEN the construct WHEN synthesized THEN its security configuration encrypts at rest and in transit', () => {
    const t = Template.fromStack(synth().stack);
    t.hasResourceProperties('AWS::EMR::SecurityConfiguration', {
      SecurityConfiguration: {
        EncryptionConfiguration: Match.objectLike({
          EnableAtRestEncryption: true,
          EnableInTransitEncryption: true,
          InTransitEncryptionConfiguration: {
            TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: 's3://certs/emr.zip' },
          },
        }),
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('GIVEN the construct in its own stack WHEN the cdk-nag AwsSolutions pack checks it THEN there is no unacknowledged finding', () => {
    // GIVEN
    const { app } = synth();
    // WHEN
    const report = new AwsSolutionsChecks().validateScope(app);
    // THEN
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });

  test('rejects an idle timeout over seven days', () => {
    const stack = new Stack(newApp(), 'Bad');
    const { Duration } = jest.requireActual<typeof import('aws-cdk-lib')>('aws-cdk-lib');
    expect(
      () =>
        new EmrCluster(stack, 'Cluster', {
          fleets,
          subnetIds: ['subnet-1'],
          keyName: 'k',
          tlsCertificatesS3Uri: 's3://c/x.zip',
          idleTimeout: Duration.days(8),
        }),
    ).toThrow(/idleTimeout/);
  });
});
