/**
 * The query API Lambda function, behind an API Gateway HTTP API (payload format 2.0, one `$default`
 * route). Thin: the routes are in lambda/core/api/routes.ts; this wires them to DynamoDB and S3 and
 * logs what fails. The local runner serves the same routes through lib/local/api-server.ts.
 * Its environment: ./env/query-api-env.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { dynamoClient, s3Client } from '../adapters/aws-clients';
import { DynamoAggregateStore } from '../adapters/dynamo-aggregate-store';
import { S3ArchiveStore } from '../adapters/s3-archive-store';
import { createQueryApi } from '../core/api/routes';
import { parseQueryApiEnv, QUERY_API_SERVICE } from './env/query-api-env';

const logger = new Logger({ serviceName: QUERY_API_SERVICE });
const settings = parseQueryApiEnv(process.env);

const api = createQueryApi({
  store: new DynamoAggregateStore({ client: dynamoClient(), tableName: settings.tableName }),
  archive: new S3ArchiveStore({ client: s3Client(), bucket: settings.archiveBucket }),
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
