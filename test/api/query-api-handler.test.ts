import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiEvent, validBody } from './api-helpers';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const ENV = {
  TABLE_NAME: 'trendoff-test',
  ARCHIVE_BUCKET: 'trendoff-test-archive',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_MAX_ATTEMPTS: '1',
  // Nothing listens on port 1: any store call fails at once, without reaching AWS.
  AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
};

/** The handler module loaded afresh under `env`. */
function loadHandler(env: Record<string, string | undefined>): Handler {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    let handler: Handler | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = (require('../../lambda/handlers/query-api') as { handler: Handler }).handler;
    });
    return handler as Handler;
  } finally {
    process.env = saved;
  }
}

describe('lambda/handlers/query-api', () => {
  test('fails at load if TABLE_NAME or ARCHIVE_BUCKET is not set, naming the variable', () => {
    expect(() => loadHandler({ ...ENV, TABLE_NAME: undefined })).toThrow('TABLE_NAME is not set');
    expect(() => loadHandler({ ...ENV, ARCHIVE_BUCKET: undefined })).toThrow('ARCHIVE_BUCKET is not set');
  });

  test('GIVEN the environment WHEN requests are refused before the store THEN the routes answer 400/404/405', async () => {
    // GIVEN
    const handler = loadHandler(ENV);
    // WHEN / THEN
    const bad = await handler(apiEvent('/debates/gop-2015-09-16/series', { form: '1' }));
    expect(validBody<{ error: { parameter: string } }>('/debates/{id}/series', bad).error.parameter).toBe(
      'form',
    );
    expect((await handler(apiEvent('/nope'))).statusCode).toBe(404);
    expect((await handler(apiEvent('/debates/NOT%20AN%20ID/geo'))).statusCode).toBe(404);
    expect((await handler(apiEvent('/health', {}, 'POST'))).statusCode).toBe(405);
  });

  test('GIVEN an unreachable table WHEN /health THEN a generic 500 and one error log line naming the route', async () => {
    // GIVEN
    const handler = loadHandler(ENV);
    const lines: string[] = [];
    const capture = (chunk: unknown): boolean => {
      lines.push(String(chunk));
      return true;
    };
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      // WHEN
      const res = await handler(apiEvent('/health'));
      // THEN
      expect(res.statusCode).toBe(500);
      expect(validBody<{ error: { message: string } }>('/health', res).error.message).toBe(
        'internal error; the failure has been logged',
      );
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    // Structured log lines only (the SDK may print process warnings too).
    const logged = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 'ERROR',
      message: 'query failed',
      method: 'GET',
      path: '/health',
    });
    expect(logged[0].error).toMatchObject({ name: expect.any(String), message: expect.any(String) });
  });
});
