import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { debatePrefix } from '../../lambda/core/archive-keys';
import { acknowledgeFindings, arnNamesOf } from './nag-acknowledgements';

/** Where Firehose puts what it could not deliver (its own error-output-type names the cause). */
export const ARCHIVE_ERROR_PREFIX = 'firehose-errors/';

/** What Firehose needs on the objects it writes to an S3 destination (AWS Firehose docs). */
export const FIREHOSE_OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'] as const;
/** What Firehose needs on the destination bucket itself. */
export const FIREHOSE_BUCKET_ACTIONS = [
  's3:GetBucketLocation',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
] as const;

/** Properties of an {@link ArchiveDelivery}. */
export interface ArchiveDeliveryProps {
  /** The stream of posts to archive. */
  readonly stream: kinesis.IStream;
  /** The raw archive bucket. */
  readonly bucket: s3.IBucket;
  /** The debate whose posts the stream carries (the `debate=` partition). */
  readonly debateId: string;
  /**
   * Longest time a record waits before its object is written: shorter means fresher archive
   * files, longer means fewer, larger objects. 0 s to 15 min.
   *
   * @default Duration.minutes(5)
   */
  readonly bufferingInterval?: Duration;
}

/**
 * The raw archive's writer: a Firehose delivery stream reading the post stream and writing gzip
 * JSON Lines under `raw/debate=<id>/date=YYYY-MM-DD/hour=HH/` (the layout of
 * lambda/core/archive-keys.ts, through Firehose's `!{timestamp:…}` namespaces, which use the
 * records' arrival time in UTC, as the local archiver does). Firehose adds the newline after each
 * record. Records it cannot deliver go under `firehose-errors/<error type>/…`.
 *
 * The archive is the one copy kept after `cdk destroy`, so Firehose's role may write objects under
 * those two prefixes and nothing more: no delete, no tagging or retention changes (the S3
 * destination of aws-cdk-lib would grant read-write on the whole bucket).
 */
export class ArchiveDelivery extends Construct {
  /** The delivery stream. */
  public readonly deliveryStream: firehose.DeliveryStream;
  /** The S3 key prefix of delivered objects, with Firehose's namespaces in it. */
  public readonly dataOutputPrefix: string;

  constructor(scope: Construct, id: string, props: ArchiveDeliveryProps) {
    super(scope, id);
    const { bufferingInterval = Duration.minutes(5) } = props;
    const seconds = bufferingInterval.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 900)
      throw new Error(
        `ArchiveDelivery ${this.node.path}: bufferingInterval must be whole seconds from 0 to 900, got ${bufferingInterval.toHumanString()}`,
      );

    const hour = 'date=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/';
    this.dataOutputPrefix = `${debatePrefix('raw', props.debateId)}${hour}`;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The destination grants itself read-write on the whole bucket, delete included; it gets an
    // immutable view of the role, which drops those grants, and the role the exact ones below.
    const role = new iam.Role(this, 'S3DestinationRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
      description: `trendoff archive delivery of ${props.debateId}`,
    });
    const objectPatterns = [`${debatePrefix('raw', props.debateId)}*`, `${ARCHIVE_ERROR_PREFIX}*`];
    const grants = [
      ...objectPatterns.map((pattern) =>
        s3.BucketGrants.fromBucket(props.bucket).actionsOnObjectKeys(
          role,
          pattern,
          ...FIREHOSE_OBJECT_ACTIONS,
        ),
      ),
      iam.Grant.addToPrincipal({
        grantee: role,
        actions: [...FIREHOSE_BUCKET_ACTIONS],
        resourceArns: [props.bucket.bucketArn],
      }),
      logGroup.grantWrite(role),
    ];

    this.deliveryStream = new firehose.DeliveryStream(this, 'Resource', {
      source: new firehose.KinesisStreamSource(props.stream),
      destination: new firehose.S3Bucket(props.bucket, {
        role: role.withoutPolicyUpdates(),
        dataOutputPrefix: this.dataOutputPrefix,
        errorOutputPrefix: `${ARCHIVE_ERROR_PREFIX}!{firehose:error-output-type}/debate=${props.debateId}/${hour}`,
        compression: firehose.Compression.GZIP,
        fileExtension: '.jsonl.gz',
        bufferingInterval,
        bufferingSize: Size.mebibytes(64),
        processors: [new firehose.AppendDelimiterToRecordProcessor()],
        loggingConfig: new firehose.EnableLogging(logGroup),
      }),
    });
    // Firehose checks its access when the stream is created: the grants come first.
    for (const grant of grants) this.deliveryStream.node.addDependency(grant);
    // The destination adds a log stream to the group, retained by default: it goes with the group.
    for (const c of this.node.findAll())
      if (c instanceof logs.CfnLogStream) c.applyRemovalPolicy(RemovalPolicy.DESTROY);
    acknowledgeFindings(
      role,
      'AwsSolutions-IAM5',
      arnNamesOf(props.bucket, this).flatMap((arn) =>
        objectPatterns.map((pattern) => `Resource::${arn}/${pattern}`),
      ),
      'Firehose chooses the keys of the archive objects it writes under these prefixes (hour partitions, its own file names).',
    );
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason:
        'Firehose refuses server-side encryption when it reads a Kinesis stream; the stream is KMS-encrypted and the archive bucket SSE-S3.',
    });
  }
}
