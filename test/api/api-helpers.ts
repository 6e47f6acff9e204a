/** Helpers for the query API tests: events as API Gateway sends them, and OpenAPI validation of answers. */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const OPENAPI_FILE = path.join(__dirname, '..', '..', 'openapi', 'trendoff-api.json');

export const openapi = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as OpenApiDoc;

export interface OpenApiDoc {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: {
    readonly schemas: Record<string, unknown>;
    readonly responses: Record<string, unknown>;
    readonly parameters: Record<string, Parameter>;
    readonly headers: Record<string, DocumentedHeader>;
  };
}

interface Operation {
  readonly parameters: readonly { readonly $ref: string }[];
  readonly responses: Record<string, unknown>;
}

interface DocumentedHeader {
  readonly required?: boolean;
  readonly schema: unknown;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly example?: unknown;
}

/** An HTTP API (payload 2.0) event for `GET path?query`, as API Gateway builds it. */
export function apiEvent(
  rawPath: string,
  query: Record<string, string> = {},
  method = 'GET',
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'api.example.test', ...headers },
    ...(Object.keys(query).length > 0 ? { queryStringParameters: { ...query } } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: 'req',
      routeKey: '$default',
      stage: '$default',
      time: '17/Sep/2015:01:00:00 +0000',
      timeEpoch: 1442451600000,
    },
    isBase64Encoded: false,
  };
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
// OpenAPI's own top-level fields: known to ajv, so strict mode checks every schema keyword.
ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components', 'tags', 'webhooks', 'security']);
ajv.addSchema(openapi, 'trendoff-api');

const pointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

interface DocumentedResponse {
  readonly headers?: Record<string, { readonly $ref?: string }>;
  readonly content?: unknown;
}

/**
 * Checks an answer against the OpenAPI document: its status is documented for the route, every
 * documented header that is required is present and valid, and it has a body exactly when the
 * document gives it content. Returns the schema pointer of the documented response.
 */
export function validResponse(route: string, res: APIGatewayProxyStructuredResultV2): string {
  const status = String(res.statusCode);
  const responses = openapi.paths[route]?.get?.responses;
  if (responses === undefined) throw new Error(`no GET ${route} in the OpenAPI document`);
  if (!(status in responses)) throw new Error(`GET ${route} documents no ${status} answer`);
  const ref = (responses[status] as { $ref?: string }).$ref;
  const base =
    ref !== undefined
      ? `trendoff-api${ref}`
      : `trendoff-api#/paths/${pointer(route)}/get/responses/${status}`;
  const response = (
    ref !== undefined
      ? openapi.components.responses[ref.replace('#/components/responses/', '')]
      : responses[status]
  ) as DocumentedResponse;
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const schemaPointer =
      header.$ref !== undefined ? `trendoff-api${header.$ref}` : `${base}/headers/${pointer(name)}`;
    const documented =
      header.$ref !== undefined
        ? openapi.components.headers[header.$ref.replace('#/components/headers/', '')]
        : (header as DocumentedHeader);
    const value = res.headers?.[name];
    if (value === undefined) {
      if (documented.required === true) throw new Error(`GET ${route} ${status} lacks the ${name} header`);
      continue;
    }
    const validate = ajv.getSchema(`${schemaPointer}/schema`);
    if (validate === undefined || !validate(value)) {
      throw new Error(`GET ${route} ${status}: header ${name} "${String(value)}" does not match its schema`);
    }
  }
  const hasBody = res.body !== undefined && res.body !== '';
  if (hasBody !== (response.content !== undefined)) {
    throw new Error(
      `GET ${route} ${status} ${hasBody ? 'has a body the document does not give' : 'lacks its body'}`,
    );
  }
  return base;
}

/**
 * The parsed JSON body of an answer, checked against the OpenAPI schema of its route and status
 * (and its headers, by {@link validResponse}).
 */
export function validBody<T>(route: string, res: APIGatewayProxyStructuredResultV2): T {
  const status = String(res.statusCode);
  const base = validResponse(route, res);
  const validate = ajv.getSchema(`${base}/content/${pointer('application/json')}/schema`);
  if (validate === undefined) throw new Error(`no schema for GET ${route} ${status}`);
  const body: unknown = JSON.parse(res.body ?? '');
  if (!validate(body)) {
    throw new Error(`GET ${route} ${status} does not match its schema: ${ajv.errorsText(validate.errors)}`);
  }
  return body as T;
}

/** Compile every component schema (strict mode reports unknown keywords and bad patterns). */
export function compileAllSchemas(): string[] {
  return Object.keys(openapi.components.schemas).filter(
    (name) => ajv.getSchema(`trendoff-api#/components/schemas/${name}`) !== undefined,
  );
}

/** The documented query and path parameters of `GET route`. */
export function documentedParameters(route: string): Parameter[] {
  const op = openapi.paths[route].get;
  return op.parameters.map((p) => {
    const name = p.$ref.replace('#/components/parameters/', '');
    return openapi.components.parameters[name];
  });
}
