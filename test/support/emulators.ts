/**
 * Jest helper: the local AWS emulators for one test file, with real SDK clients pointed at them.
 * Call `useEmulators()` at the top of a file (or a describe); it starts them in `beforeAll` and
 * stops them in `afterAll`.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import { dynamoClient, kinesisClient, s3Client, type ClientOptions } from '../../lambda/adapters/aws-clients';
import {
  EMULATOR_CREDENTIALS,
  startEmulators,
  type EmulatorEndpoints,
  type EmulatorOptions,
  type Emulators,
} from '../../lib/local/emulators';

export interface LocalAws {
  readonly endpoints: EmulatorEndpoints;
  readonly kinesis: KinesisClient;
  readonly dynamo: DynamoDBClient;
  readonly s3: S3Client;
}

/** Real SDK clients for running emulators (destroy them when done). */
export function localClients(endpoints: EmulatorEndpoints): LocalAws {
  const base: ClientOptions = { region: 'us-east-1', credentials: EMULATOR_CREDENTIALS };
  return {
    endpoints,
    kinesis: kinesisClient({ ...base, endpoint: endpoints.kinesis }),
    dynamo: dynamoClient({ ...base, endpoint: endpoints.dynamodb }),
    s3: s3Client({ ...base, endpoint: endpoints.s3 }),
  };
}

/** Closes the clients' sockets, so jest sees no open handles. */
export function destroyClients(aws: LocalAws): void {
  aws.kinesis.destroy();
  aws.dynamo.destroy();
  aws.s3.destroy();
}

/** Emulators and clients for the enclosing file or describe; the getter throws before `beforeAll`. */
export function useEmulators(options: EmulatorOptions = {}): () => LocalAws {
  let emulators: Emulators | undefined;
  let aws: LocalAws | undefined;
  beforeAll(async () => {
    emulators = await startEmulators(options);
    aws = localClients(emulators.endpoints);
  });
  afterAll(async () => {
    if (aws !== undefined) destroyClients(aws);
    await emulators?.stop();
  });
  return () => {
    if (aws === undefined) throw new Error('emulators are not running (use the getter inside a test)');
    return aws;
  };
}

/** A fresh resource name per call, so tests in one file do not share streams, tables or buckets. */
export function uniqueName(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}
let uniqueCounter = 0;
