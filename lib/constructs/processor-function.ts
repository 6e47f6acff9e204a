import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { debatePrefix } from '../../lambda/core/archive-keys';
import type { DebateConfig } from '../../lambda/core/debate-config';
import {
  DEFAULT_BUCKET_MS,
  processorEnvironment,
  PROCESSOR_SERVICE,
} from '../../lambda/handlers/env/processor-env';
import { HandlerFunction } from './handler-function';
import { acknowledgeFindings, arnNamesOf } from './nag-acknowledgements';

/** What the processor does to the aggregates table (lambda/adapters/dynamo-aggregate-store.ts). */
export const PROCESSOR_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** Properties of {@link processorFunction}. */
export interface ProcessorFunctionProps {
  /** The handler for the stream that feeds it. */
  readonly handler: 'processor' | 'msk-processor';
  readonly description: string;
  readonly table: dynamodb.ITable;
  /** Unreadable records are quarantined here (`quarantine/debate=<id>/…`). */
  readonly archiveBucket: s3.IBucket;
  readonly debate: DebateConfig;
  /** What a quarantine key is made of, for the cdk-nag acknowledgement ("shard and sequences"). */
  readonly quarantineKeys: string;
}

/**
 * The processor function of either stream path, as construct `Function` of `scope`, with its
 * grants: the aggregates table by key, and puts under this debate's quarantine prefix only. The event
 * source is the caller's (Kinesis and MSK are configured differently).
 */
export function processorFunction(
  scope: Construct,
  props: ProcessorFunctionProps,
): HandlerFunction['function'] {
  const fn = new HandlerFunction(scope, 'Function', {
    handler: props.handler,
    serviceName: PROCESSOR_SERVICE,
    description: props.description,
    // Scoring 1,000 posts is CPU-bound; Lambda's CPU share grows with memory.
    memorySize: 1024,
    timeout: Duration.minutes(1),
    environment: processorEnvironment({
      debate: props.debate,
      scorer: 'vader',
      bucketMs: DEFAULT_BUCKET_MS,
      tableName: props.table.tableName,
      archiveBucket: props.archiveBucket.bucketName,
    }),
  }).function;
  // Items are read, written and updated by key (conditional writes included): no scans, queries,
  // batch operations or deletes.
  props.table.grant(fn, ...PROCESSOR_TABLE_ACTIONS);
  const quarantine = `${debatePrefix('quarantine', props.debate.id)}*`;
  props.archiveBucket.grantPut(fn, quarantine);
  acknowledgeFindings(
    scope,
    'AwsSolutions-IAM5',
    [
      'Action::s3:Abort*',
      ...arnNamesOf(props.archiveBucket, scope).map((arn) => `Resource::${arn}/${quarantine}`),
    ],
    `grantPut() of quarantined records under this debate’s quarantine/ prefix only (keys carry ${props.quarantineKeys}).`,
  );
  return fn;
}
