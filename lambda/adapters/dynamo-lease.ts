/**
 * A single-holder lease in the aggregates table (`pk = lease`, `sk = x-stream#<debate>`), so that at
 * most one producer holds X's stream connection even when scheduled runs overlap. Conditional
 * writes only: a holder takes the item when it is free, expired or already its own; renews it while
 * connected; and releases it by expiring it at once, recording when it stopped streaming so the
 * next holder can report the hand-over gap.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

export const LEASE_PK = 'lease';

export function xStreamLeaseSk(debateId: string): string {
  return `x-stream#${debateId}`;
}

export interface LeaseState {
  readonly holder: string;
  /** Epoch ms after which anyone may take the lease. */
  readonly expiresAt: number;
  /** Last time the holder was known to be streaming (renewal or release), epoch ms. */
  readonly aliveAt: number;
}

export interface DynamoLeaseOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly debateId: string;
  /** This process: unique per run (e.g. the Lambda request id). */
  readonly holder: string;
  /** How long a grant or renewal lasts. @default 60 000 */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export class DynamoLease {
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly key: Record<string, { S: string }>;

  constructor(private readonly o: DynamoLeaseOptions) {
    this.ttlMs = o.ttlMs ?? 60_000;
    this.now = o.now ?? Date.now;
    this.key = { pk: { S: LEASE_PK }, sk: { S: xStreamLeaseSk(o.debateId) } };
  }

  /** The lease as stored, if any. */
  async read(): Promise<LeaseState | undefined> {
    const got = await this.o.client.send(
      new GetItemCommand({ TableName: this.o.tableName, Key: this.key, ConsistentRead: true }),
    );
    const item = got.Item;
    if (item === undefined) return undefined;
    return {
      holder: item.holder?.S ?? '',
      expiresAt: Number(item.expiresAt?.N ?? 0),
      aliveAt: Number(item.aliveAt?.N ?? 0),
    };
  }

  /**
   * Takes the lease if it is free, expired or ours. Resolves to what was there before on success
   * (its `aliveAt` is when the previous holder last streamed), or `{ taken: false, current }`.
   */
  async tryAcquire(): Promise<
    | { readonly taken: true; readonly previous: LeaseState | undefined }
    | { readonly taken: false; readonly current: LeaseState | undefined }
  > {
    const previous = await this.read();
    const now = this.now();
    try {
      await this.o.client.send(
        new PutItemCommand({
          TableName: this.o.tableName,
          Item: {
            ...this.key,
            holder: { S: this.o.holder },
            expiresAt: { N: String(now + this.ttlMs) },
            aliveAt: { N: String(previous?.aliveAt ?? 0) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR holder = :me',
          ExpressionAttributeValues: { ':now': { N: String(now) }, ':me': { S: this.o.holder } },
        }),
      );
      return { taken: true, previous };
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return { taken: false, current: await this.read() };
      throw err;
    }
  }

  /** Extends the lease; false if it is no longer ours (then stop streaming at once). */
  async renew(): Promise<boolean> {
    const now = this.now();
    return this.updateIfMine('SET expiresAt = :exp, aliveAt = :now', {
      ':exp': { N: String(now + this.ttlMs) },
      ':now': { N: String(now) },
    });
  }

  /** Gives the lease up now, recording when streaming stopped; false if it was not ours. */
  async release(): Promise<boolean> {
    const now = this.now();
    return this.updateIfMine('SET expiresAt = :zero, aliveAt = :now', {
      ':zero': { N: '0' },
      ':now': { N: String(now) },
    });
  }

  private async updateIfMine(
    update: string,
    values: Record<string, { N: string } | { S: string }>,
  ): Promise<boolean> {
    try {
      await this.o.client.send(
        new UpdateItemCommand({
          TableName: this.o.tableName,
          Key: this.key,
          UpdateExpression: update,
          ConditionExpression: 'holder = :me',
          ExpressionAttributeValues: { ...values, ':me': { S: this.o.holder } },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
