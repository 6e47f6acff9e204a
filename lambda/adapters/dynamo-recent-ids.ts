/**
 * The producer's recent-id window in the aggregates table, one item beside the stream lease
 * (`pk = lease`, `sk = x-stream#<debate>#recent-ids`), ids packed 8 bytes each (core/dedupe.ts).
 * A separate item, not an attribute of the lease: the lease is polled every second by a waiting
 * successor and renewed every 20 s, and DynamoDB bills reads and writes by the whole item's size.
 *
 * Fencing without transactions: `claim` makes the caller the window's holder (a run calls it right
 * after taking the lease), and `save` is conditional on still being it, so a run that lost the
 * lease can never overwrite its successor's window.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { packIds, PACKED_ID_BYTES, unpackIds } from '../core/dedupe';
import type { RecentIdsStore } from '../core/ports';
import { LEASE_PK, xStreamLeaseSk } from './dynamo-lease';

/**
 * Most ids one item holds: 40,000 × 8 B = 320 KB, inside DynamoDB's 400 KB item limit with room
 * for the key and attributes. At 130 posts/s that is 5 minutes (the longest `backfill_minutes`).
 */
export const MAX_SAVED_IDS = 40_000;

export function recentIdsSk(debateId: string): string {
  return `${xStreamLeaseSk(debateId)}#recent-ids`;
}

export interface DynamoRecentIdsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly debateId: string;
  /** This run (the lease holder's name). */
  readonly holder: string;
  readonly now?: () => number;
}

export class DynamoRecentIds implements RecentIdsStore {
  private readonly key: Record<string, { S: string }>;
  private readonly now: () => number;

  constructor(private readonly o: DynamoRecentIdsOptions) {
    this.key = { pk: { S: LEASE_PK }, sk: { S: recentIdsSk(o.debateId) } };
    this.now = o.now ?? Date.now;
  }

  async claim(): Promise<string[]> {
    const got = await this.o.client.send(
      new GetItemCommand({ TableName: this.o.tableName, Key: this.key, ConsistentRead: true }),
    );
    await this.o.client.send(
      new UpdateItemCommand({
        TableName: this.o.tableName,
        Key: this.key,
        UpdateExpression: 'SET holder = :me',
        ExpressionAttributeValues: { ':me': { S: this.o.holder } },
      }),
    );
    const bytes = got.Item?.ids?.B;
    // A damaged item costs only the de-duplication of one hand-over, never the run.
    return bytes === undefined || bytes.length % PACKED_ID_BYTES !== 0 ? [] : unpackIds(bytes);
  }

  async save(ids: readonly string[]): Promise<boolean> {
    try {
      await this.o.client.send(
        new PutItemCommand({
          TableName: this.o.tableName,
          Item: {
            ...this.key,
            holder: { S: this.o.holder },
            ids: { B: packIds(ids.slice(-MAX_SAVED_IDS)) },
            savedAt: { N: String(this.now()) },
          },
          ConditionExpression: 'holder = :me',
          ExpressionAttributeValues: { ':me': { S: this.o.holder } },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
