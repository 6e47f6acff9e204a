import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Partition key attribute (string) of the aggregates table. */
export const AGGREGATES_PARTITION_KEY = 'pk';
/** Sort key attribute (string) of the aggregates table. */
export const AGGREGATES_SORT_KEY = 'sk';
/** Epoch-seconds attribute after which DynamoDB may delete an item (fine-grained buckets age out). */
export const AGGREGATES_TTL_ATTRIBUTE = 'expiresAt';

/** Properties of an {@link AggregatesTable}. */
export interface AggregatesTableProps {
  /**
   * Point-in-time recovery: restore to any second of the last 35 days, e.g. after a faulty
   * processor release wrote bad aggregates during a debate.
   *
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
}

/**
 * The single table of per-candidate window aggregates and stream watermarks (`pk`/`sk` strings),
 * billed per request because a debate night is a spike on an idle month. Retained on destroy,
 * like the archive: past debates stay browsable without a rebuild, and a later deploy can attach
 * the table (see `StatefulStackProps.existingTableName`).
 */
export class AggregatesTable extends Construct {
  /** The table; grant access through its `grant*()` methods. */
  public readonly table: dynamodb.ITable;

  constructor(scope: Construct, id: string, props: AggregatesTableProps = {}) {
    super(scope, id);
    const { pointInTimeRecovery = true } = props;
    if (typeof pointInTimeRecovery !== 'boolean') {
      throw new Error(`AggregatesTable ${this.node.path}: pointInTimeRecovery must be a boolean`);
    }

    this.table = new dynamodb.Table(this, 'Resource', {
      partitionKey: { name: AGGREGATES_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: AGGREGATES_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: pointInTimeRecovery },
      timeToLiveAttribute: AGGREGATES_TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
