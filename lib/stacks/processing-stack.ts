import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { DebateConfig } from '../../lambda/core/debate-config';
import type { FleetRecommendation } from '../ops/emr/fleet';
import type { KafkaCluster } from '../constructs/kafka-cluster';
import { KafkaWorkers } from '../constructs/kafka-workers';
import { MskProcessor } from '../constructs/msk-processor';
import { StreamProcessor } from '../constructs/stream-processor';

/** Properties of the {@link ProcessingStack}. */
export interface ProcessingStackProps extends StackProps {
  /** The Kinesis path's stream; or `kafka`. */
  readonly stream?: kinesis.IStream;
  /** The Kafka path's cluster; or `stream`. */
  readonly kafka?: KafkaCluster;
  readonly table: dynamodb.ITable;
  readonly archiveBucket: s3.IBucket;
  readonly debate: DebateConfig;
  /** @default 1 */
  readonly parallelizationFactor?: number;
  /**
   * Run the processor as ECS workers (Kafka path only) instead of a Lambda function.
   *
   * @default - a Lambda behind the stream's event source mapping
   */
  readonly workers?: {
    readonly count: number;
    readonly capacity: 'fargate-spot' | 'ec2';
    readonly recommendation?: FleetRecommendation;
  };
}

/** Processing: the stream processor (a Lambda function, or ECS workers on Kafka) and its failure queue. */
export class ProcessingStack extends Stack {
  /** The processor function and its failure queue; absent with ECS workers. */
  public readonly processor?: StreamProcessor | MskProcessor;
  /** The ECS workers, when the processor runs as such. */
  public readonly workers?: KafkaWorkers;

  constructor(scope: Construct, id: string, props: ProcessingStackProps) {
    const { stream, kafka, table, archiveBucket, debate, parallelizationFactor, workers, ...stackProps } =
      props;
    super(scope, id, { description: `trendoff: stream processor of ${debate.id}`, ...stackProps });
    if ((stream === undefined) === (kafka === undefined))
      throw new Error(`ProcessingStack ${id}: give exactly one of stream (Kinesis) and kafka (MSK)`);
    if (workers !== undefined && kafka === undefined)
      throw new Error(`ProcessingStack ${id}: ECS workers consume Kafka; give kafka`);

    if (stream !== undefined)
      this.processor = new StreamProcessor(this, 'Processor', {
        stream,
        table,
        archiveBucket,
        debate,
        ...(parallelizationFactor !== undefined ? { parallelizationFactor } : {}),
      });
    else if (workers === undefined)
      this.processor = new MskProcessor(this, 'Processor', { cluster: kafka!, table, archiveBucket, debate });
    else
      this.workers = new KafkaWorkers(this, 'Workers', {
        cluster: kafka!,
        table,
        archiveBucket,
        debate,
        workers: workers.count,
        capacity: workers.capacity,
        ...(workers.recommendation !== undefined ? { recommendation: workers.recommendation } : {}),
      });

    if (this.processor !== undefined)
      new CfnOutput(this, 'ProcessorFailureQueueUrl', {
        description:
          stream !== undefined
            ? 'Batches the processor gave up on (shard and sequence range), to inspect'
            : 'Batches the processor gave up on (partition and offset range), to inspect',
        value: this.processor.failureQueue.queueUrl,
      });
    if (this.workers !== undefined)
      new CfnOutput(this, 'WorkersService', {
        description:
          'The ECS service of the processor workers (aws ecs describe-services --cluster <cluster> --services <this>)',
        value: this.workers.service.serviceName,
      });
  }
}
