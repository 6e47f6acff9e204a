/**
 * The query API Lambda function, behind an API Gateway HTTP API (payload format 2.0, one `$default`
 * route). Thin: the routes are in lambda/core/api/routes.ts; this wires them to DynamoDB and S3 and
 * logs what fails. The local runner serves the same routes through lib/local/api-server.ts.
 * Environment:
 *   TABLE_NAME      aggregates table (required)
 *   ARCHIVE_BUCKET  raw archive bucket, read by /compare (required)
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { dynamoClient, s3Client } from '../adapters/aws-clients';
import { DynamoAggregateStore } from '../adapters/dynamo-aggregate-store';
import { S3ArchiveStore } from '../adapters/s3-archive-store';
import { createQueryApi } from '../core/api/routes';

const logger = new Logger({ serviceName: 'trendoff-query-api' });

const api = createQueryApi({
  store: new DynamoAggregateStore({ client: dynamoClient(), tableName: requiredEnv('TABLE_NAME') }),
  archive: new S3ArchiveStore({ client: s3Client(), bucket: requiredEnv('ARCHIVE_BUCKET') }),
  onError: (error, request) =>
    logger.error('query failed', {
      ...request,
      error: error instanceof Error ? error : String(error),
    }),
});

/** API Gateway HTTP API event in, structured answer out; never throws. */
export async function handler(
  event: APIGatewayProxyEventV2,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (context !== undefined) logger.addContext(context);
  return api(event);
}

// Not the processor's env helper (lambda/handlers/handler-config.ts): importing it would load
// the sentiment lexicons into this function's cold start.
function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
