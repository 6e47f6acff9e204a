import * as fs from 'fs';
import * as path from 'path';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import {
  DEFAULT_BUCKET_MS,
  parseProcessorEnv,
  PROCESSOR_ENV,
  processorEnvironment,
} from '../../lambda/handlers/env/processor-env';
import { parseProducerEnv, producerEnvironment } from '../../lambda/handlers/env/producer-env';
import { parseQueryApiEnv, queryApiEnvironment } from '../../lambda/handlers/env/query-api-env';
import {
  DEFAULT_LEASE_MAX_WAIT_MS,
  parseXProducerEnv,
  xProducerEnvironment,
} from '../../lambda/handlers/env/x-producer-env';
import { ConfigError } from '../../lambda/handlers/handler-config';
import { LABMT_FILE_ENV } from '../../lambda/io/load-scorer';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/gop-2015-09-16.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const debate = parsed.config;

describe('handler environments (written by the constructs, read by the handlers)', () => {
  test('GIVEN processor settings WHEN written and read back THEN they are the same', () => {
    const settings = {
      debate,
      scorer: 'labmt' as const,
      labmtFile: '/opt/labmt.txt',
      bucketMs: 10_000,
      tableName: 't',
      archiveBucket: 'b',
    };
    const env = processorEnvironment(settings);
    expect(env[LABMT_FILE_ENV]).toBe('/opt/labmt.txt');
    expect(parseProcessorEnv(env)).toEqual(settings);
  });

  test('GIVEN only the required processor variables WHEN read THEN VADER and 5 s buckets', () => {
    const env = processorEnvironment({
      debate,
      scorer: 'vader',
      bucketMs: 5000,
      tableName: 't',
      archiveBucket: 'b',
    });
    delete env[PROCESSOR_ENV.scorer];
    delete env[PROCESSOR_ENV.bucketMs];
    expect(parseProcessorEnv(env)).toMatchObject({ scorer: 'vader', bucketMs: DEFAULT_BUCKET_MS });
  });

  test.each([
    [{ [PROCESSOR_ENV.scorer]: 'bing' }, 'SCORER must be vader, afinn, labmt, got "bing"'],
    [
      { [PROCESSOR_ENV.bucketMs]: '7000' },
      'BUCKET_MS must be whole milliseconds ≥ 1000 that divide a minute, got "7000"',
    ],
    [{ [PROCESSOR_ENV.tableName]: '' }, 'TABLE_NAME is not set'],
    [{ [PROCESSOR_ENV.debate]: '{}' }, 'DEBATE_CONFIG is not a valid debate config'],
  ])('fails if the processor environment has %p, naming the variable', (bad, message) => {
    const env = {
      ...processorEnvironment({
        debate,
        scorer: 'vader',
        bucketMs: 5000,
        tableName: 't',
        archiveBucket: 'b',
      }),
      ...bad,
    };
    expect(() => parseProcessorEnv(env)).toThrow(ConfigError);
    expect(() => parseProcessorEnv(env)).toThrow(message);
  });

  test('GIVEN replay producer settings WHEN written and read back THEN they are the same, "max" and every format included', () => {
    for (const speed of [12, Infinity]) {
      for (const format of ['auto', 'jsonl', 'csv'] as const) {
        const settings = { replayUri: 's3://b/k.jsonl', speed, format, streamName: 's' };
        expect(parseProducerEnv(producerEnvironment(settings))).toEqual(settings);
      }
    }
    const detected = producerEnvironment({ replayUri: 's3://b/k', speed: 1, streamName: 's' });
    expect(detected.REPLAY_FORMAT).toBeUndefined();
    expect(parseProducerEnv(detected).format).toBe('auto');
    expect(() => parseProducerEnv({ ...detected, REPLAY_FORMAT: 'xml' })).toThrow(
      'REPLAY_FORMAT must be one of auto, jsonl, csv, got "xml"',
    );
  });

  test('GIVEN query API settings WHEN written and read back THEN they are the same', () => {
    const settings = { tableName: 't', archiveBucket: 'b' };
    expect(parseQueryApiEnv(queryApiEnvironment(settings))).toEqual(settings);
    expect(() => parseQueryApiEnv({})).toThrow('TABLE_NAME is not set');
  });

  test('GIVEN live producer settings WHEN written and read back THEN they are the same, with the defaults filled in', () => {
    const settings = { streamName: 's', tableName: 't', debate, bearerTokenSecretArn: 'arn:secret' };
    expect(parseXProducerEnv(xProducerEnvironment(settings))).toEqual({
      ...settings,
      apiUrl: 'https://api.x.com',
      leaseMaxWaitMs: DEFAULT_LEASE_MAX_WAIT_MS,
      backfillMinutes: 0,
    });
    const custom = { ...settings, apiUrl: 'http://127.0.0.1:9', leaseMaxWaitMs: 1000, backfillMinutes: 5 };
    expect(parseXProducerEnv(xProducerEnvironment(custom))).toEqual(custom);
    expect(() =>
      parseXProducerEnv({ ...xProducerEnvironment(settings), TRENDOFF_X_BACKFILL_MINUTES: '6' }),
    ).toThrow('TRENDOFF_X_BACKFILL_MINUTES must be a whole number of minutes from 0 (off) to 5, got "6"');
    expect(() => parseXProducerEnv({ ...xProducerEnvironment(settings), LEASE_MAX_WAIT_MS: '-1' })).toThrow(
      'LEASE_MAX_WAIT_MS must be ms ≥ 0, got "-1"',
    );
  });
});
