/**
 * Where a report reads the query API: a running API over HTTP (`--api`), or the stored state of a
 * `trendoff local` data directory, served in-process by the very same routes (`--data-dir`).
 * Every failure becomes a ReportError whose one line says what to do.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamoClient, s3Client } from '../../lambda/adapters/aws-clients';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import { S3ArchiveStore } from '../../lambda/adapters/s3-archive-store';
import type { ErrorResponse } from '../../lambda/core/api/contract';
import { createQueryApi, type QueryApi } from '../../lambda/core/api/routes';
import { EMULATOR_CREDENTIALS, startEmulators } from '../local/emulators';
import { BUCKET, TABLE } from '../local/runner';
import { ReportError, type ApiGet } from './gather';
import { checkDataDirLayout } from '../local/data-dir-layout';

export interface ReportSource {
  readonly get: ApiGet;
  close(): Promise<void>;
}

function queryString(query: Readonly<Record<string, string>>): string {
  const q = new URLSearchParams(query).toString();
  return q === '' ? '' : `?${q}`;
}

function errorMessage(body: unknown): string {
  const message = (body as Partial<ErrorResponse> | undefined)?.error?.message;
  return typeof message === 'string' ? message : 'no error message';
}

/** The API at `baseUrl` (e.g. http://127.0.0.1:8080 or a deployment's URL). */
export function httpSource(baseUrl: string): ReportSource {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new ReportError(
      `--api "${baseUrl}" is not a URL: give the API's address, e.g. http://127.0.0.1:8080`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new ReportError(
      `--api "${baseUrl}" is not an http(s) URL: give the API's address, e.g. http://127.0.0.1:8080`,
    );
  }
  const root = base.href.replace(/\/+$/, '');
  return {
    get: async (route, query) => {
      let res: Response;
      try {
        res = await fetch(`${root}${route}${queryString(query)}`, {
          headers: { accept: 'application/json' },
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new ReportError(
          `cannot reach the API at ${root} (${cause?.code ?? cause?.message ?? String(err)}): ` +
            'check --api, and that trendoff local (or the deployment) is running',
        );
      }
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new ReportError(
          `${root}${route} did not answer JSON (HTTP ${res.status}): is --api the trendoff API?`,
        );
      }
      if (!res.ok)
        throw new ReportError(`the API refused ${route} (HTTP ${res.status}): ${errorMessage(body)}`);
      return body;
    },
    close: async () => undefined,
  };
}

/** The routes of `api` called in-process, as API Gateway would call them. */
export function handlerGet(api: QueryApi): ApiGet {
  return async (route, query) => {
    const now = new Date();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: '$default',
      rawPath: route,
      rawQueryString: queryString(query).slice(1),
      headers: {},
      queryStringParameters: { ...query },
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: 'GET',
          path: route,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'trendoff report',
        },
        requestId: 'report',
        routeKey: '$default',
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
      },
    };
    const res = await api(event);
    const body: unknown = JSON.parse(res.body ?? 'null');
    if (res.statusCode !== 200) throw new ReportError(`${route}: ${errorMessage(body)}`);
    return body;
  };
}

/** The stored state of a `trendoff local --data-dir` directory, read through the local emulators. */
export async function dataDirSource(dataDir: string): Promise<ReportSource> {
  const awsDir = path.join(dataDir, 'aws');
  if (!fs.existsSync(path.join(awsDir, 'dynamodb'))) {
    throw new ReportError(
      `${dataDir} holds no trendoff local data (no aws/dynamodb inside): give the --data-dir of a trendoff local run, or --api`,
    );
  }
  try {
    checkDataDirLayout(dataDir);
  } catch (err) {
    throw new ReportError((err as Error).message);
  }
  let emulators;
  try {
    emulators = await startEmulators({ dataDir: awsDir });
  } catch (err) {
    throw new ReportError(
      `cannot open ${dataDir}: ${(err as Error).message}; while trendoff local runs, pass --api with its URL instead`,
    );
  }
  const options = { region: 'us-east-1', credentials: EMULATOR_CREDENTIALS };
  const store = new DynamoAggregateStore({
    client: dynamoClient({ ...options, endpoint: emulators.endpoints.dynamodb }),
    tableName: TABLE,
  });
  const archive = new S3ArchiveStore({
    client: s3Client({ ...options, endpoint: emulators.endpoints.s3 }),
    bucket: BUCKET,
  });
  return { get: handlerGet(createQueryApi({ store, archive })), close: () => emulators.stop() };
}
