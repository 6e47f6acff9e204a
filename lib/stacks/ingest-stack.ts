import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ArchiveDelivery } from '../constructs/archive-delivery';
import { ReplayProducer } from '../constructs/replay-producer';

/** What feeds the stream. Only a replay exists so far; the live X source comes with its handler. */
export interface ReplaySource {
  readonly kind: 'replay';
  /** `s3://bucket/key` of the recording. */
  readonly uri: string;
  /** Multiple of real time, or `Infinity`. */
  readonly speed: number;
  /** When the replay starts (epoch ms); absent means it is started by hand. */
  readonly start?: number;
}

/** Properties of the {@link IngestStack}. */
export interface IngestStackProps extends StackProps {
  readonly stream: kinesis.IStream;
  readonly archiveBucket: s3.IBucket;
  readonly debateId: string;
  readonly source: ReplaySource;
}

/**
 * Ingest: the producer writing posts into the stream, and the Firehose delivery stream copying
 * the stream into the raw archive.
 */
export class IngestStack extends Stack {
  public readonly producer: ReplayProducer;
  public readonly archiveDelivery: ArchiveDelivery;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    const { stream, archiveBucket, debateId, source, ...stackProps } = props;
    super(scope, id, { description: 'trendoff: producer and raw archive delivery', ...stackProps });

    this.archiveDelivery = new ArchiveDelivery(this, 'ArchiveDelivery', {
      stream,
      bucket: archiveBucket,
      debateId,
    });
    this.producer = new ReplayProducer(this, 'Producer', {
      stream,
      replayUri: source.uri,
      speed: source.speed,
      ...(source.start !== undefined ? { start: new Date(source.start) } : {}),
    });

    new CfnOutput(this, 'ProducerFunctionName', {
      description:
        'Start the replay by hand: aws lambda invoke --function-name <this> --invocation-type Event /dev/null',
      value: this.producer.function.functionName,
    });
    new CfnOutput(this, 'ArchivePrefix', {
      description: 'Where Firehose writes the raw posts in the archive bucket',
      value: this.archiveDelivery.dataOutputPrefix,
    });
  }
}
