import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Key prefix of accepted posts (see lambda/core/archive-keys.ts). */
export const ARCHIVE_RAW_PREFIX = 'raw/';
/** Days in S3 Standard before raw posts move to Standard-IA (S3's earliest allowed transition). */
export const INFREQUENT_ACCESS_AFTER_DAYS = 30;
/** Days before raw posts move on to Glacier Instant Retrieval. */
export const INSTANT_RETRIEVAL_AFTER_DAYS = 90;

/** Properties of an {@link ArchiveBucket}. */
export interface ArchiveBucketProps {
  /**
   * Keep every version of every object. Archive keys are deterministic (a redelivered batch
   * rewrites the same object with the same posts), so versions mostly guard against deletion by
   * mistake; noncurrent versions expire after `noncurrentVersionsExpireAfter`.
   *
   * @default false
   */
  readonly versioned?: boolean;

  /**
   * How long noncurrent object versions are kept when `versioned` is set. Whole days, at least 1.
   *
   * @default Duration.days(30)
   */
  readonly noncurrentVersionsExpireAfter?: Duration;

  /**
   * How long the server access logs of the archive are kept. Whole days, at least 1.
   *
   * @default Duration.days(365)
   */
  readonly accessLogsExpireAfter?: Duration;
}

/**
 * The raw archive (gzip JSON Lines partitioned by debate and hour), the source of truth from
 * which aggregates are rebuilt; it therefore outlives the stack (`RETAIN`). Encrypted with S3
 * managed keys (SSE-S3): readers such as Firehose, Athena and Spark need no KMS grants and no
 * request pays a KMS call. TLS-only, public access blocked, ACLs disabled.
 *
 * Lifecycle of `raw/`: Standard-IA after 30 days (the earliest S3 allows), Glacier Instant
 * Retrieval after 90, so a re-analysis a year later still reads in milliseconds without a
 * restore step (unlike Glacier Flexible Retrieval). S3 does not transition objects under 128 KB
 * (both classes bill at least 128 KB per object anyway), so small batch files stay in Standard.
 *
 * Server access logs go to a separate, also retained, log bucket: logging into the archive itself
 * would log its own log writes, and a log bucket deleted under a retained archive would leave
 * the archive logging into nothing.
 */
export class ArchiveBucket extends Construct {
  /** The archive bucket; grant access through its `grant*()` methods. */
  public readonly bucket: s3.IBucket;
  /** The bucket receiving the archive's server access logs. */
  public readonly accessLogsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: ArchiveBucketProps = {}) {
    super(scope, id);
    const {
      versioned = false,
      noncurrentVersionsExpireAfter = Duration.days(30),
      accessLogsExpireAfter = Duration.days(365),
    } = props;
    wholeDays(this, 'noncurrentVersionsExpireAfter', noncurrentVersionsExpireAfter);
    wholeDays(this, 'accessLogsExpireAfter', accessLogsExpireAfter);

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // Server access logging delivers only to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { id: 'ExpireAccessLogs', expiration: accessLogsExpireAfter },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket holds the archive bucket’s server access logs; logging it too would only log log deliveries.',
    });

    const archive = new s3.Bucket(this, 'Resource', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'archive/',
      lifecycleRules: [
        {
          id: 'RawToColderStorage',
          prefix: ARCHIVE_RAW_PREFIX,
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(INFREQUENT_ACCESS_AFTER_DAYS),
            },
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(INSTANT_RETRIEVAL_AFTER_DAYS),
            },
          ],
        },
        {
          id: 'AbortIncompleteUploads',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          ...(versioned ? { noncurrentVersionExpiration: noncurrentVersionsExpireAfter } : {}),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Bucket policies carry the TLS-only rule and the log delivery grant: a retained bucket keeps
    // them, or after `cdk destroy` the archive would accept plain HTTP and its logs would stop.
    for (const b of [archive, accessLogs]) b.policy?.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.bucket = archive;
    this.accessLogsBucket = accessLogs;
  }
}

function wholeDays(scope: Construct, name: string, d: Duration): void {
  if (d.isUnresolved()) return;
  const days = d.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `ArchiveBucket ${scope.node.path}: ${name} must be whole days ≥ 1, got ${d.toHumanString()}`,
    );
  }
}
