import {
  DescribeClusterCommand,
  EMRClient,
  ListInstancesCommand,
  ListReleaseLabelsCommand,
  ListStepsCommand,
  RunJobFlowCommand,
  TerminateJobFlowsCommand,
} from '@aws-sdk/client-emr';
import { DescribeSpotPriceHistoryCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { clusterDown, clusterStatus, clusterUp } from '../../lib/ops/emr/cluster-ops';
import { ClusterSpecError, runJobFlowInput } from '../../lib/ops/emr/cluster-spec';
import { estimateHourly } from '../../lib/ops/emr/cost';
import {
  buildInstanceFleets,
  FleetError,
  MAX_FLEET_INSTANCE_TYPES,
  readRecommendation,
} from '../../lib/ops/emr/fleet';

const emr = mockClient(EMRClient);
const ec2 = mockClient(EC2Client);
const pricing = mockClient(PricingClient);
const s3 = mockClient(S3Client);
const clients = () => ({
  emr: new EMRClient({ region: 'us-east-1' }),
  ec2: new EC2Client({ region: 'us-east-1' }),
  pricing: new PricingClient({ region: 'us-east-1' }),
  s3: new S3Client({ region: 'us-east-1' }),
});

const rec = {
  instanceTypes: [
    { instanceType: 'm5.xlarge', weight: 1 },
    { instanceType: 'm5.2xlarge', weight: 2 },
  ],
  onDemandTarget: 1,
  spotTarget: 4,
  allocationStrategy: 'price-capacity-optimized' as const,
};
const ON_DEMAND: Record<string, number> = { 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384 };
const EMR_FEE: Record<string, number> = { 'm5.xlarge': 0.048, 'm5.2xlarge': 0.096 };

/** A Price List product document shaped like the API's (one OnDemand term, one hourly dimension). */
function product(usd: number): string {
  return JSON.stringify({
    product: { sku: 'SKU1' },
    terms: {
      OnDemand: {
        'SKU1.JRTCKXETXF': {
          priceDimensions: {
            'SKU1.JRTCKXETXF.6YS6EN2CT7': { unit: 'Hrs', pricePerUnit: { USD: usd.toFixed(10) } },
          },
        },
      },
    },
  });
}

function mockPrices(): void {
  pricing
    .on(GetProductsCommand)
    .callsFake((input: { ServiceCode: string; Filters: { Field: string; Value: string }[] }) => {
      const type = input.Filters.find((f) => f.Field === 'instanceType')?.Value ?? '';
      const table = input.ServiceCode === 'AmazonEC2' ? ON_DEMAND : EMR_FEE;
      return { PriceList: [product(table[type] as number)], FormatVersion: 'aws_v1' };
    });
  ec2.on(DescribeSpotPriceHistoryCommand).resolves({
    SpotPriceHistory: [
      {
        InstanceType: 'm5.xlarge',
        AvailabilityZone: 'us-east-1a',
        SpotPrice: '0.070000',
        Timestamp: new Date('2025-01-01T00:00:00Z'),
        ProductDescription: 'Linux/UNIX',
      },
      {
        InstanceType: 'm5.xlarge',
        AvailabilityZone: 'us-east-1b',
        SpotPrice: '0.090000',
        Timestamp: new Date('2025-01-01T00:00:00Z'),
        ProductDescription: 'Linux/UNIX',
      },
      {
        InstanceType: 'm5.2xlarge',
        AvailabilityZone: 'us-east-1a',
        SpotPrice: '0.150000',
        Timestamp: new Date('2025-01-01T00:00:00Z'),
        ProductDescription: 'Linux/UNIX',
      },
    ],
    NextToken: '',
  });
}

const base = {
  region: 'us-east-1',
  name: 'trendoff-test',
  subnetIds: ['subnet-a', 'subnet-b'],
  assetsBucket: 'assets',
  assetsPrefix: 'emr/run1',
  logUri: 's3://assets/emr/logs/',
  securityConfiguration: 'trendoff-sec',
  assets: [{ file: 'bootstrap/install-trendoff.sh', body: '#!/bin/sh\n' }],
};

beforeEach(() => {
  emr.reset();
  ec2.reset();
  pricing.reset();
  s3.reset();
});

describe('EMR fleets, spec and cluster operations', () => {
  test('GIVEN a recommendation WHEN fleets are built THEN an on-demand primary and a spot core fleet that falls back to on demand', () => {
    const [primary, core] = buildInstanceFleets({
      ...rec,
      instanceTypes: [...rec.instanceTypes, { instanceType: 'm5.xlarge', weight: 1, maxPrice: 0.1 }],
    });
    expect(primary).toMatchObject({
      InstanceFleetType: 'MASTER',
      TargetOnDemandCapacity: 1,
      TargetSpotCapacity: 0,
    });
    expect(core?.InstanceTypeConfigs?.map((c) => c.InstanceType)).toEqual(['m5.xlarge', 'm5.2xlarge']);
    expect(core?.LaunchSpecifications?.SpotSpecification).toEqual({
      TimeoutDurationMinutes: 10,
      TimeoutAction: 'SWITCH_TO_ON_DEMAND',
      AllocationStrategy: 'price-capacity-optimized',
    });
  });

  test('GIVEN more types than the API takes WHEN fleets are built THEN the least preferred are dropped', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ instanceType: `t${i}.large`, weight: 1 }));
    const core = buildInstanceFleets({ ...rec, instanceTypes: many })[1];
    expect(core?.InstanceTypeConfigs).toHaveLength(MAX_FLEET_INSTANCE_TYPES);
    expect(core?.InstanceTypeConfigs?.at(-1)?.InstanceType).toBe('t29.large');
  });

  test('rejects a recommendation without capacity or with a fractional weight', () => {
    expect(() => buildInstanceFleets({ ...rec, onDemandTarget: 0, spotTarget: 0 })).toThrow(FleetError);
    expect(() =>
      buildInstanceFleets({ ...rec, instanceTypes: [{ instanceType: 'm5.xlarge', weight: 1.5 }] }),
    ).toThrow(/weight/);
  });

  test('rejects a release other than 7.x and an idle timeout beyond seven days', () => {
    const fleets = buildInstanceFleets(rec);
    expect(() => runJobFlowInput({ ...base, fleets, releaseLabel: 'emr-6.15.0' })).toThrow(ClusterSpecError);
    expect(() =>
      runJobFlowInput({ ...base, fleets, releaseLabel: 'emr-7.1.0', idleTimeoutSeconds: 604_801 }),
    ).toThrow(/idle/);
  });

  test('GIVEN prices WHEN the hourly cost is estimated THEN it spans the cheapest and dearest unit price per market', () => {
    const fleets = buildInstanceFleets(rec);
    const prices = new Map([
      ['m5.xlarge', { onDemand: 0.2, spot: 0.08, emr: 0.05 }],
      ['m5.2xlarge', { onDemand: 0.4, spot: 0.1, emr: 0.1 }],
    ]);
    const e = estimateHourly(fleets, prices);
    // primary 0.25; core on demand 1 unit at 0.25/unit either type; spot 4 units at 0.1 (2xl) … 0.13 (xl)
    expect(e.low).toBeCloseTo(0.25 + 0.25 + 4 * 0.1, 10);
    expect(e.high).toBeCloseTo(0.25 + 0.25 + 4 * 0.13, 10);
  });

  test('GIVEN the region offers several 7.x releases WHEN the cluster comes up THEN the newest is used, assets uploaded and links printed', async () => {
    // GIVEN
    mockPrices();
    emr.on(ListReleaseLabelsCommand).resolves({ ReleaseLabels: ['emr-7.9.0', 'emr-7.10.0', 'emr-7.2.0'] });
    emr.on(RunJobFlowCommand).resolves({
      JobFlowId: 'j-2AXXXXXXGAPLF',
      ClusterArn: 'arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-2AXXXXXXGAPLF',
    });
    s3.on(PutObjectCommand).resolves({ ETag: '"x"' });
    // WHEN
    const r = await clusterUp(clients(), { ...base, fleets: buildInstanceFleets(rec), maxCapacityUnits: 10 });
    // THEN
    expect(r.clusterId).toBe('j-2AXXXXXXGAPLF');
    expect(r.releaseLabel).toBe('emr-7.10.0');
    expect(r.consoleUrl).toContain('#/clusterDetails/j-2AXXXXXXGAPLF');
    expect(r.logsUri).toBe('s3://assets/emr/logs/j-2AXXXXXXGAPLF/');
    // spot per unit: xlarge (0.07 + 0.09) / 2 + 0.048 = 0.128, 2xlarge (0.15 + 0.096) / 2 = 0.123 (the low end)
    expect(r.hourly.low).toBeCloseTo(0.24 + 0.24 + 4 * ((0.15 + 0.096) / 2), 6);
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'assets',
      Key: 'emr/run1/bootstrap/install-trendoff.sh',
    });
    const input = emr.commandCalls(RunJobFlowCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      ReleaseLabel: 'emr-7.10.0',
      SecurityConfiguration: 'trendoff-sec',
      AutoTerminationPolicy: { IdleTimeout: 3600 },
      ManagedScalingPolicy: {
        ComputeLimits: { UnitType: 'InstanceFleetUnits', MinimumCapacityUnits: 6, MaximumCapacityUnits: 10 },
      },
      Instances: { Ec2SubnetIds: ['subnet-a', 'subnet-b'] },
    });
    expect(input?.BootstrapActions?.[0]?.ScriptBootstrapAction?.Path).toBe(
      's3://assets/emr/run1/bootstrap/install-trendoff.sh',
    );
  });

  test('fails if a type has no on-demand price, before anything is uploaded or started', async () => {
    mockPrices();
    pricing.on(GetProductsCommand).resolves({ PriceList: [] });
    emr.on(ListReleaseLabelsCommand).resolves({ ReleaseLabels: ['emr-7.10.0'] });
    await expect(clusterUp(clients(), { ...base, fleets: buildInstanceFleets(rec) })).rejects.toThrow(
      /no on-demand Linux price for m5.xlarge/,
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(emr.commandCalls(RunJobFlowCommand)).toHaveLength(0);
  });

  test('GIVEN a running cluster WHEN its status is asked THEN steps and the spend so far are reported', async () => {
    // GIVEN an on-demand primary up 2 h and a spot core node that ran 1 h
    mockPrices();
    const now = Date.parse('2025-01-01T12:00:00Z');
    emr.on(DescribeClusterCommand).resolves({
      Cluster: {
        Id: 'j-1',
        Name: 'trendoff-run1',
        Status: { State: 'WAITING', StateChangeReason: { Message: 'Waiting for steps' } },
      },
    });
    emr.on(ListStepsCommand).resolves({
      Steps: [
        {
          Id: 's-1',
          Name: 'Re-analyse gop-2015-09-16',
          Status: { State: 'FAILED', FailureDetails: { Reason: 'exit 1' } },
        },
      ],
    });
    emr.on(ListInstancesCommand).resolves({
      Instances: [
        {
          InstanceType: 'm5.xlarge',
          Market: 'ON_DEMAND',
          Status: { Timeline: { CreationDateTime: new Date(now - 7_200_000) } },
        },
        {
          InstanceType: 'm5.2xlarge',
          Market: 'SPOT',
          Status: {
            Timeline: { CreationDateTime: new Date(now - 7_200_000), EndDateTime: new Date(now - 3_600_000) },
          },
        },
      ],
    });
    // WHEN
    const s = await clusterStatus(clients(), 'us-east-1', 'j-1', now);
    // THEN
    expect(s.state).toBe('WAITING');
    expect(s.steps).toEqual([
      { id: 's-1', name: 'Re-analyse gop-2015-09-16', state: 'FAILED', reason: 'exit 1' },
    ]);
    expect(s.spendUsd).toBeCloseTo(2 * (0.192 + 0.048) + 1 * (0.15 + 0.096), 6);
  });

  test('GIVEN a cluster id WHEN brought down THEN EMR is asked to terminate exactly it', async () => {
    emr.on(TerminateJobFlowsCommand).resolves({});
    await clusterDown(clients().emr, 'j-1');
    expect(emr.commandCalls(TerminateJobFlowsCommand)[0]?.args[0].input).toEqual({ JobFlowIds: ['j-1'] });
  });
});

describe('readRecommendation', () => {
  const spotFleet = {
    kind: 'fleet',
    region: 'us-east-1',
    allocationStrategy: 'price-capacity-optimized',
    instanceTypes: [
      { instanceType: 'm6i.xlarge', weightedCapacity: 1 },
      { instanceType: 'm5.xlarge', weightedCapacity: 1 },
    ],
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    targetSpotCapacity: 4,
    targetOnDemandCapacity: 0,
    onDemandFallback: { timeoutAction: 'SWITCH_TO_ON_DEMAND', timeoutMinutes: 12 },
    excluded: [],
    notes: [],
  };

  test('GIVEN `trendoff spot --json` output WHEN read THEN its fleet recommendation becomes the fleet builder input', () => {
    const read = readRecommendation({ region: 'us-east-1', pools: [], recommendation: spotFleet });
    expect(read).toEqual({
      recommendation: {
        instanceTypes: [
          { instanceType: 'm6i.xlarge', weight: 1 },
          { instanceType: 'm5.xlarge', weight: 1 },
        ],
        spotTarget: 4,
        onDemandTarget: 0,
        allocationStrategy: 'price-capacity-optimized',
      },
      spotTimeoutMinutes: 12,
    });
    expect(buildInstanceFleets(read.recommendation)).toHaveLength(2);
  });

  test("GIVEN a max price or a legacy bid WHEN read THEN it becomes each type's cap", () => {
    expect(
      readRecommendation({ ...spotFleet, maxPrice: 0.1 }).recommendation.instanceTypes.map((t) => t.maxPrice),
    ).toEqual([0.1, 0.1]);
    const legacy = readRecommendation({
      kind: 'legacy-bid',
      region: 'us-east-1',
      instanceType: 'm5.xlarge',
      availabilityZone: 'us-east-1b',
      mean: 0.0425,
      bid: 0.051,
    });
    expect(legacy.recommendation.instanceTypes).toEqual([
      { instanceType: 'm5.xlarge', weight: 1, maxPrice: 0.051 },
    ]);
  });

  test('fails if the report has no recommendation or the JSON is not one, naming what is missing', () => {
    expect(() => readRecommendation({ recommendation: null })).toThrow(
      'the spot report has no recommendation',
    );
    expect(() => readRecommendation({ kind: 'fleet', instanceTypes: [], targetOnDemandCapacity: 0 })).toThrow(
      'targetSpotCapacity must be a number',
    );
    expect(() => readRecommendation([1])).toThrow('the recommendation must be a JSON object');
  });
});
