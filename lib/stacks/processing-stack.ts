import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { DebateConfig } from '../../lambda/core/debate-config';
import { StreamProcessor } from '../constructs/stream-processor';

/** Properties of the {@link ProcessingStack}. */
export interface ProcessingStackProps extends StackProps {
  readonly stream: kinesis.IStream;
  readonly table: dynamodb.ITable;
  readonly archiveBucket: s3.IBucket;
  readonly debate: DebateConfig;
  /** @default 1 */
  readonly parallelizationFactor?: number;
}

/** Processing: the stream processor and its failure queue. */
export class ProcessingStack extends Stack {
  public readonly processor: StreamProcessor;

  constructor(scope: Construct, id: string, props: ProcessingStackProps) {
    const { stream, table, archiveBucket, debate, parallelizationFactor, ...stackProps } = props;
    super(scope, id, { description: `trendoff: stream processor of ${debate.id}`, ...stackProps });

    this.processor = new StreamProcessor(this, 'Processor', {
      stream,
      table,
      archiveBucket,
      debate,
      ...(parallelizationFactor !== undefined ? { parallelizationFactor } : {}),
    });
    new CfnOutput(this, 'ProcessorFailureQueueUrl', {
      description: 'Batches the processor gave up on (shard and sequence range), to inspect',
      value: this.processor.failureQueue.queueUrl,
    });
  }
}
