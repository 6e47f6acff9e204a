/**
 * The re-analysis cluster as data, shared by `trendoff cluster up` (RunJobFlow) and the CDK
 * construct: release, applications, fleets, bootstrap action, idle auto-termination, managed
 * scaling, logs, security configuration, and the Spark step. Pure: no client, no clock.
 */
import type { InstanceFleetConfig, RunJobFlowCommandInput, StepConfig } from '@aws-sdk/client-emr';

/** Release used when the current 7.x release cannot be looked up (the construct needs a constant). */
export const DEFAULT_RELEASE_LABEL = 'emr-7.10.0';
/** Idle time after which EMR terminates the cluster. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 3600;
export const DEFAULT_JOB_FLOW_ROLE = 'EMR_EC2_DefaultRole';
export const DEFAULT_SERVICE_ROLE = 'EMR_DefaultRole';

/** Where the cluster's files live in the assets bucket, relative to a prefix. */
export const ASSET_FILES = {
  installScript: 'bootstrap/install-trendoff.sh',
  job: 'bootstrap/reanalyse.py',
  cli: 'dist/trendoff.js',
} as const;

/** s3://bucket/prefix/file, with exactly one slash between parts. */
export function s3Uri(bucket: string, ...parts: string[]): string {
  const key = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
  return `s3://${bucket}/${key}`;
}

export interface ClusterSpecInput {
  readonly name: string;
  readonly releaseLabel: string;
  readonly fleets: readonly InstanceFleetConfig[];
  readonly subnetIds: readonly string[];
  /** Bucket and prefix of the uploaded assets (scripts and the CLI bundle). */
  readonly assetsBucket: string;
  readonly assetsPrefix: string;
  /** s3:// URI of the log folder. */
  readonly logUri: string;
  readonly securityConfiguration: string;
  readonly idleTimeoutSeconds?: number;
  /** Capacity units managed scaling may grow the cluster to; no managed scaling when absent. */
  readonly maxCapacityUnits?: number;
  readonly keyName?: string;
  readonly jobFlowRole?: string;
  readonly serviceRole?: string;
  readonly steps?: readonly StepConfig[];
  readonly tags?: Readonly<Record<string, string>>;
}

/** Why a cluster spec is not valid. */
export class ClusterSpecError extends Error {
  override name = 'ClusterSpecError';
}

/** Sum of the fleets' capacity targets, in units. */
export function fleetUnits(fleets: readonly InstanceFleetConfig[]): number {
  return fleets.reduce((n, f) => n + (f.TargetOnDemandCapacity ?? 0) + (f.TargetSpotCapacity ?? 0), 0);
}

/**
 * RunJobFlow input. Bootstrap actions run on every node before applications install; the script
 * itself decides what runs on the primary node only (from instance.json, not `run-if`).
 * @throws ClusterSpecError on a release other than 7.x, no subnet, or limits out of range.
 */
export function runJobFlowInput(s: ClusterSpecInput): RunJobFlowCommandInput {
  if (!/^emr-7\.\d+\.\d+$/.test(s.releaseLabel))
    throw new ClusterSpecError(`release must be an EMR 7.x label like emr-7.10.0, got "${s.releaseLabel}"`);
  if (s.subnetIds.length === 0) throw new ClusterSpecError('at least one subnet is needed');
  if (!s.logUri.startsWith('s3://'))
    throw new ClusterSpecError(`the log URI must be s3://…, got "${s.logUri}"`);
  const idle = s.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
  if (!Number.isInteger(idle) || idle < 60 || idle > 604_800)
    throw new ClusterSpecError(`the idle timeout must be 60 to 604800 seconds, got ${idle}`);
  const units = fleetUnits(s.fleets);
  const max = s.maxCapacityUnits;
  if (max !== undefined && (!Number.isInteger(max) || max < units))
    throw new ClusterSpecError(
      `managed scaling's maximum (${max}) must be a whole number ≥ the fleets' ${units} units`,
    );

  return {
    Name: s.name,
    ReleaseLabel: s.releaseLabel,
    Applications: [{ Name: 'Spark' }],
    LogUri: s.logUri,
    SecurityConfiguration: s.securityConfiguration,
    JobFlowRole: s.jobFlowRole ?? DEFAULT_JOB_FLOW_ROLE,
    ServiceRole: s.serviceRole ?? DEFAULT_SERVICE_ROLE,
    VisibleToAllUsers: true,
    Instances: {
      InstanceFleets: [...s.fleets],
      // Several subnets let EMR pick the Availability Zone with capacity.
      Ec2SubnetIds: [...s.subnetIds],
      KeepJobFlowAliveWhenNoSteps: true,
      TerminationProtected: false,
      ...(s.keyName !== undefined ? { Ec2KeyName: s.keyName } : {}),
    },
    BootstrapActions: [installAction(s.assetsBucket, s.assetsPrefix)],
    AutoTerminationPolicy: { IdleTimeout: idle },
    ...(max !== undefined
      ? {
          ManagedScalingPolicy: {
            ComputeLimits: {
              UnitType: 'InstanceFleetUnits',
              MinimumCapacityUnits: units,
              MaximumCapacityUnits: max,
              MaximumCoreCapacityUnits: max,
              // Growth beyond the recommendation is bought on the spot market only.
              MaximumOnDemandCapacityUnits: onDemandUnits(s.fleets),
            },
          },
        }
      : {}),
    Steps: [...(s.steps ?? [])],
    Tags: Object.entries({ project: 'trendoff', ...s.tags }).map(([Key, Value]) => ({ Key, Value })),
  };
}

function onDemandUnits(fleets: readonly InstanceFleetConfig[]): number {
  return fleets.reduce((n, f) => n + (f.TargetOnDemandCapacity ?? 0), 0);
}

/** The bootstrap action that installs Node.js and the trendoff bundle on every node. */
export function installAction(bucket: string, prefix: string) {
  return {
    Name: 'Install trendoff',
    ScriptBootstrapAction: {
      Path: s3Uri(bucket, prefix, ASSET_FILES.installScript),
      Args: [s3Uri(bucket, prefix, ASSET_FILES.cli), s3Uri(bucket, prefix, ASSET_FILES.job)],
    },
  };
}

export interface SecurityConfigurationInput {
  /** KMS key for local disks (EBS and instance store). */
  readonly kmsKeyArn: string;
  /** s3:// URI of a zip of PEM certificates for in-transit TLS. */
  readonly tlsCertificatesS3Uri: string;
}

/**
 * Security configuration: at rest, S3 objects with SSE-S3 (like the archive, so Spark needs no KMS
 * grants to read it) and local disks with the KMS key, EBS volumes included; in transit, TLS with
 * the given certificates.
 */
export function securityConfiguration(s: SecurityConfigurationInput): Record<string, unknown> {
  if (!s.tlsCertificatesS3Uri.startsWith('s3://'))
    throw new ClusterSpecError(`the TLS certificates must be an s3:// URI, got "${s.tlsCertificatesS3Uri}"`);
  return {
    EncryptionConfiguration: {
      EnableAtRestEncryption: true,
      EnableInTransitEncryption: true,
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: { EncryptionMode: 'SSE-S3' },
        LocalDiskEncryptionConfiguration: {
          EncryptionKeyProviderType: 'AwsKms',
          AwsKmsKey: s.kmsKeyArn,
          EnableEbsEncryption: true,
        },
      },
      InTransitEncryptionConfiguration: {
        TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: s.tlsCertificatesS3Uri },
      },
    },
  };
}

export interface ReanalysisStepInput {
  readonly debateId: string;
  /** s3:// URI of the archive's raw/ folder's parent (the bucket root, usually). */
  readonly archiveUri: string;
  /** s3:// URI of the debate config uploaded with the assets. */
  readonly debateConfigUri: string;
  /** s3:// URI the aggregates are written under (a folder per run). */
  readonly outputUri: string;
  readonly lexicon: string;
  readonly bucketMs: number;
  readonly jobUri: string;
}

/** A Spark step (command-runner.jar + spark-submit) that re-analyses one debate's archive. */
export function reanalysisStep(s: ReanalysisStepInput): StepConfig {
  return {
    Name: `Re-analyse ${s.debateId}`,
    ActionOnFailure: 'CONTINUE',
    HadoopJarStep: {
      Jar: 'command-runner.jar',
      Args: [
        'spark-submit',
        '--deploy-mode',
        'cluster',
        s.jobUri,
        '--debate-id',
        s.debateId,
        '--archive',
        s.archiveUri,
        '--debate-config',
        s.debateConfigUri,
        '--output',
        s.outputUri,
        '--lexicon',
        s.lexicon,
        '--bucket-ms',
        String(s.bucketMs),
      ],
    },
  };
}
