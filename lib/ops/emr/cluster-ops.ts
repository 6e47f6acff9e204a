/**
 * `trendoff cluster up|status|down` against the AWS APIs: upload the assets, start the cluster
 * with the re-analysis step, report steps and spend, terminate. Clients come in, so tests mock them.
 */
import {
  AddJobFlowStepsCommand,
  type ListInstancesCommandOutput,
  DescribeClusterCommand,
  ListInstancesCommand,
  ListReleaseLabelsCommand,
  ListStepsCommand,
  RunJobFlowCommand,
  TerminateJobFlowsCommand,
  type EMRClient,
  type InstanceFleetConfig,
  type StepConfig,
} from '@aws-sdk/client-emr';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  estimateHourly,
  fleetInstanceTypes,
  spendSoFar,
  type HourlyEstimate,
  type RanInstance,
} from './cost';
import {
  ASSET_FILES,
  DEFAULT_RELEASE_LABEL,
  runJobFlowInput,
  s3Uri,
  type ClusterSpecInput,
} from './cluster-spec';
import { lookUpPrices, type PriceClients } from './prices';

export interface ClusterClients extends PriceClients {
  readonly emr: EMRClient;
  readonly s3: S3Client;
}

/** A file to upload next to the scripts: key under the run's prefix, and its bytes. */
export interface Asset {
  readonly file: string;
  readonly body: string | Uint8Array;
}

export interface UpInput extends Omit<ClusterSpecInput, 'releaseLabel' | 'steps'> {
  readonly region: string;
  /** An exact label; by default the newest emr-7.x the region offers. */
  readonly releaseLabel?: string;
  readonly assets: readonly Asset[];
  readonly steps?: readonly StepConfig[];
}

export interface UpReport {
  readonly clusterId: string;
  readonly releaseLabel: string;
  readonly hourly: HourlyEstimate;
  readonly consoleUrl: string;
  readonly logsUri: string;
}

/** The newest EMR 7.x release label of the region (labels compare as version numbers). */
export async function currentRelease7(emr: EMRClient): Promise<string> {
  const labels: string[] = [];
  let NextToken: string | undefined;
  do {
    const r = await emr.send(new ListReleaseLabelsCommand({ Filters: { Prefix: 'emr-7' }, NextToken }));
    labels.push(...(r.ReleaseLabels ?? []).filter((l) => /^emr-7\.\d+\.\d+$/.test(l)));
    NextToken = r.NextToken || undefined;
  } while (NextToken !== undefined);
  const version = (l: string) => l.slice(4).split('.').map(Number);
  labels.sort((a, b) => {
    const [x, y] = [version(a), version(b)];
    return (y[0] ?? 0) - (x[0] ?? 0) || (y[1] ?? 0) - (x[1] ?? 0) || (y[2] ?? 0) - (x[2] ?? 0);
  });
  return labels[0] ?? DEFAULT_RELEASE_LABEL;
}

export function consoleUrl(region: string, clusterId: string): string {
  return `https://${region}.console.aws.amazon.com/emr/home?region=${region}#/clusterDetails/${clusterId}`;
}

/** Uploads the assets, prices the fleets, starts the cluster. Prices first: a bad type fails before spending. */
export async function clusterUp(c: ClusterClients, input: UpInput): Promise<UpReport> {
  const releaseLabel = input.releaseLabel ?? (await currentRelease7(c.emr));
  const params = runJobFlowInput({ ...input, releaseLabel });
  const fleets = params.Instances?.InstanceFleets as InstanceFleetConfig[];
  const prices = await lookUpPrices(c, input.region, fleetInstanceTypes(fleets));
  const hourly = estimateHourly(fleets, prices);
  for (const a of input.assets) {
    const key = s3Uri(input.assetsBucket, input.assetsPrefix, a.file).slice(
      `s3://${input.assetsBucket}/`.length,
    );
    await c.s3.send(new PutObjectCommand({ Bucket: input.assetsBucket, Key: key, Body: a.body }));
  }
  const r = await c.emr.send(new RunJobFlowCommand(params));
  const clusterId = r.JobFlowId;
  if (clusterId === undefined) throw new Error('RunJobFlow returned no cluster id');
  return {
    clusterId,
    releaseLabel,
    hourly,
    consoleUrl: consoleUrl(input.region, clusterId),
    logsUri: `${input.logUri.replace(/\/+$/, '')}/${clusterId}/`,
  };
}

export interface StepInfo {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly reason?: string;
}

export interface StatusReport {
  readonly clusterId: string;
  readonly name: string;
  readonly state: string;
  readonly stateReason?: string;
  readonly steps: StepInfo[];
  readonly instances: number;
  readonly spendUsd: number;
  readonly consoleUrl: string;
}

/** State, steps (newest first, as EMR lists them) and spend so far. */
export async function clusterStatus(
  c: ClusterClients,
  region: string,
  clusterId: string,
  now: number,
): Promise<StatusReport> {
  const d = await c.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
  const cluster = d.Cluster;
  if (cluster === undefined) throw new Error(`no cluster ${clusterId}`);
  const steps: StepInfo[] = [];
  let Marker: string | undefined;
  do {
    const r = await c.emr.send(new ListStepsCommand({ ClusterId: clusterId, Marker }));
    for (const s of r.Steps ?? []) {
      const reason = s.Status?.FailureDetails?.Reason ?? s.Status?.StateChangeReason?.Message;
      steps.push({
        id: s.Id ?? '',
        name: s.Name ?? '',
        state: s.Status?.State ?? 'UNKNOWN',
        ...(reason ? { reason } : {}),
      });
    }
    Marker = r.Marker || undefined;
  } while (Marker !== undefined);
  const ran: RanInstance[] = [];
  Marker = undefined;
  do {
    const r: ListInstancesCommandOutput = await c.emr.send(
      new ListInstancesCommand({ ClusterId: clusterId, Marker }),
    );
    for (const i of r.Instances ?? []) {
      const started = i.Status?.Timeline?.CreationDateTime;
      if (i.InstanceType === undefined || started === undefined) continue;
      const ended = i.Status?.Timeline?.EndDateTime;
      ran.push({
        instanceType: i.InstanceType,
        market: i.Market === 'SPOT' ? 'SPOT' : 'ON_DEMAND',
        startedAt: started.getTime(),
        ...(ended !== undefined ? { endedAt: ended.getTime() } : {}),
      });
    }
    Marker = r.Marker || undefined;
  } while (Marker !== undefined);
  const prices =
    ran.length === 0
      ? new Map()
      : await lookUpPrices(c, region, [...new Set(ran.map((i) => i.instanceType))]);
  const reason = cluster.Status?.StateChangeReason?.Message;
  return {
    clusterId,
    name: cluster.Name ?? '',
    state: cluster.Status?.State ?? 'UNKNOWN',
    ...(reason ? { stateReason: reason } : {}),
    steps,
    instances: ran.length,
    spendUsd: spendSoFar(ran, prices, now),
    consoleUrl: consoleUrl(region, clusterId),
  };
}

/** Adds steps to a running cluster (a second debate on the same cluster); returns their ids. */
export async function addSteps(
  emr: EMRClient,
  clusterId: string,
  steps: readonly StepConfig[],
): Promise<string[]> {
  const r = await emr.send(new AddJobFlowStepsCommand({ JobFlowId: clusterId, Steps: [...steps] }));
  return r.StepIds ?? [];
}

/** Terminates the cluster (EMR's call is idempotent on a terminated cluster). */
export async function clusterDown(emr: EMRClient, clusterId: string): Promise<void> {
  await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
}

export { ASSET_FILES };
