/**
 * The SDK clients every handler and the local runner use, built from the standard environment so
 * one code path serves the cloud and the local emulators: the region from `AWS_REGION`, endpoints
 * from the SDK's own `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` variables. Handlers build
 * them once at module scope. Every client has the timeouts and retries of ./network-timeouts.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { awsNetworkSettings } from './network-timeouts';

/** Static credentials (the local emulators accept fixed ones). */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Explicit settings that win over the environment (tests and the local runner pass them). */
export interface ClientOptions {
  /** Service endpoint URL. @default the SDK's environment lookup, else the AWS endpoint */
  readonly endpoint?: string;
  /** @default `AWS_REGION`, else `us-east-1` */
  readonly region?: string;
  /** @default the SDK's default credential chain */
  readonly credentials?: StaticCredentials;
}

const DEFAULT_REGION = 'us-east-1';

function common(options: ClientOptions): {
  region: string;
  endpoint?: string;
  credentials?: StaticCredentials;
} & ReturnType<typeof awsNetworkSettings> {
  return {
    // HTTP/1.1 for every client: the Kinesis client's default HTTP/2 handler fails against kinesalite.
    ...awsNetworkSettings(),
    region: options.region ?? (process.env.AWS_REGION || DEFAULT_REGION),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
  };
}

export function kinesisClient(options: ClientOptions = {}): KinesisClient {
  return new KinesisClient(common(options));
}

export function dynamoClient(options: ClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(common(options));
}

/**
 * S3 with path-style addressing whenever an endpoint is configured: a local server on an IP
 * address has no DNS for `<bucket>.127.0.0.1`.
 */
export function s3Client(options: ClientOptions = {}): S3Client {
  const custom = options.endpoint !== undefined || s3EndpointFromEnv() !== undefined;
  return new S3Client({ ...common(options), ...(custom ? { forcePathStyle: true } : {}) });
}

/** The endpoint the SDK itself would take from the environment for S3, if any. */
function s3EndpointFromEnv(): string | undefined {
  const env = process.env;
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}
