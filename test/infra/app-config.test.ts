import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ContextError,
  DEFAULT_DEBATE_PATH,
  DEFAULT_MSK_BROKER_TYPE,
  DEFAULT_MSK_PARTITIONS,
  DEFAULT_WORKERS,
  MAX_SHARDS,
  readAppConfig,
  type ContextSource,
} from '../../lib/config/app-config';
import { EXAMPLE_DEBATE, REPLAY_CONTEXT, ROOT, newApp, removeAssemblies } from './cdk-app';

afterAll(removeAssemblies);

const DOMAIN = 'debate.example.org';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

/** A context source over a plain object, as `app.node` would present it (no defaults added). */
function rawContext(values: Record<string, unknown>): ContextSource {
  return { tryGetContext: (key) => values[key], getAllContext: () => ({ ...values }) };
}

/** `values` on top of a replay source, the one deployable while the live X source is missing. */
function context(values: Record<string, unknown>): ContextSource {
  return rawContext({ ...REPLAY_CONTEXT, ...values });
}

/** The problems readAppConfig reports for `values` (on a replay source), or a failure if it accepts them. */
function problemsOf(values: Record<string, unknown>): readonly string[] {
  return problemsOfRaw({ ...REPLAY_CONTEXT, ...values });
}

/** The problems readAppConfig reports for exactly `values`. */
function problemsOfRaw(values: Record<string, unknown>): readonly string[] {
  try {
    readAppConfig(rawContext(values), ROOT);
  } catch (err) {
    if (err instanceof ContextError) return err.problems;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(values)}`);
}

describe('readAppConfig', () => {
  test('GIVEN only a replay source WHEN read THEN the example debate, Kinesis on demand and the defaults', () => {
    // WHEN
    const config = readAppConfig(context({}), ROOT);
    // THEN
    expect(config.debatePath).toBe(DEFAULT_DEBATE_PATH);
    expect(config.debate.id).toBe('gop-2015-09-16');
    expect(config.stream).toBe('kinesis');
    expect(config.shards).toBeUndefined();
    expect(config.source).toBe('replay');
    expect(config.replayUri).toBe(REPLAY_CONTEXT.replayUri);
    expect(config.replaySpeed).toBe(1);
    expect(config.replayFormat).toBe('auto');
    expect(config.replayStart).toBeUndefined();
    expect(config.parallelizationFactor).toBe(1);
    expect(config.backfillMinutes).toBe(0);
    expect(config.alarmEmail).toBeUndefined();
    expect(config.aggregatesTable).toBeUndefined();
  });

  test('GIVEN aggregatesTable WHEN read THEN the table kept from an earlier deploy is to be attached', () => {
    const name = 'TrendoffStateful-AggregatesResource1A2B3C4D-0ABCDEF12345';
    expect(readAppConfig(context({ aggregatesTable: ` ${name} ` }), ROOT).aggregatesTable).toBe(name);
  });

  test.each([['ab'], ['my table'], ['arn:aws:dynamodb:us-east-1:123456789012:table/t'], ['x'.repeat(256)]])(
    'fails if aggregatesTable is not a table name: %p',
    (name) => {
      expect(problemsOf({ aggregatesTable: name })).toEqual([
        expect.stringMatching(/^aggregatesTable: ".*" is not a DynamoDB table name .*TableName output/),
      ]);
    },
  );

  test('GIVEN no context at all WHEN read THEN the source is the live X stream of the example debate', () => {
    const config = readAppConfig(rawContext({}), ROOT);
    expect([config.source, config.debate.id, config.replayUri]).toEqual(['x', 'gop-2015-09-16', undefined]);
  });

  test('GIVEN backfillMinutes for the live source WHEN read THEN it is typed; out of range or with a replay it is refused', () => {
    expect(readAppConfig(rawContext({ backfillMinutes: '3' }), ROOT).backfillMinutes).toBe(3);
    expect(() => readAppConfig(rawContext({ backfillMinutes: '6' }), ROOT)).toThrow(
      /backfillMinutes: "6" is not a whole number of minutes from 0 \(off\) to 5/,
    );
    expect(problemsOf({ backfillMinutes: '2' })).toEqual([
      'backfillMinutes: only used with source=x (source is "replay")',
    ]);
  });

  test('GIVEN replay settings as CLI strings WHEN read THEN speed, start and parallelization are typed', () => {
    const config = readAppConfig(
      context({ replaySpeed: '12', replayStart: '2030-01-02T03:04:00Z', parallelizationFactor: '4' }),
      ROOT,
    );
    expect(config.replaySpeed).toBe(12);
    expect(config.replayStart).toBe(Date.UTC(2030, 0, 2, 3, 4));
    expect(config.parallelizationFactor).toBe(4);
    expect(readAppConfig(context({ replaySpeed: 'max' }), ROOT).replaySpeed).toBe(Infinity);
    expect(readAppConfig(context({ replayFormat: 'csv' }), ROOT).replayFormat).toBe('csv');
  });

  test.each([
    [{ replaySpeed: '0' }, /^replaySpeed: "0" is not a number > 0 or "max"/],
    [{ replaySpeed: 'fast' }, /^replaySpeed: "fast"/],
    [{ replayFormat: 'tsv' }, /^replayFormat: "tsv" is not a format \(expected one of auto, jsonl, csv\)/],
    [
      { replayStart: '2030-01-02 03:04' },
      /^replayStart: "2030-01-02 03:04" is not an ISO 8601 instant with a zone/,
    ],
    [{ replayStart: '2030-01-02T03:04:00' }, /^replayStart: .* with a zone/],
    [{ parallelizationFactor: '11' }, /^parallelizationFactor: "11" is not a whole number from 1 to 10/],
    [{ parallelizationFactor: 0 }, /^parallelizationFactor: 0 /],
  ])('fails if a replay or processor setting is bad: %p', (values, message) => {
    expect(problemsOf(values)).toEqual([expect.stringMatching(message)]);
  });

  test('GIVEN the context of a real CDK app with CLI-style string values WHEN read THEN they are typed', () => {
    // GIVEN `-c shards=4 -c alarmEmail=… -c debate=…` plus cdk.json's feature flags
    const app = newApp({
      ...REPLAY_CONTEXT,
      shards: '4',
      alarmEmail: 'ops@example.org',
      debate: 'examples/pres-2016-09-26.json',
    });
    // WHEN
    const config = readAppConfig(app.node, ROOT);
    // THEN
    expect(config.shards).toBe(4);
    expect(config.alarmEmail).toBe('ops@example.org');
    expect(config.debate.id).toBe('pres-2016-09-26');
  });

  test('GIVEN shards as a number (cdk.json) and a replay source WHEN read THEN both are kept', () => {
    // WHEN
    const config = readAppConfig(
      context({ shards: 8, source: 'replay', replayUri: 's3://my-archive/debates/gop.jsonl.gz' }),
      ROOT,
    );
    // THEN
    expect(config.shards).toBe(8);
    expect(config.source).toBe('replay');
    expect(config.replayUri).toBe('s3://my-archive/debates/gop.jsonl.gz');
  });

  test('GIVEN empty values (e.g. -c alarmEmail=) WHEN read THEN they count as not set', () => {
    const config = readAppConfig(context({ alarmEmail: '', shards: '' }), ROOT);
    expect(config.alarmEmail).toBeUndefined();
    expect(config.shards).toBeUndefined();
  });

  test.each([['0'], [0], ['-1'], ['2.5'], [2.5], ['abc'], ['4 shards'], [String(MAX_SHARDS + 1)], [true]])(
    'fails if shards is %p, naming the value',
    (shards) => {
      const problems = problemsOf({ shards });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^shards: /);
      expect(problems[0]).toContain(typeof shards === 'string' ? JSON.stringify(shards) : String(shards));
    },
  );

  test('fails if stream is unknown, naming the value and the known kinds', () => {
    expect(problemsOf({ stream: 'kafka' })).toEqual([
      'stream: "kafka" is not a stream kind (expected one of kinesis, msk)',
    ]);
  });

  test('GIVEN stream=msk WHEN read THEN MSK Serverless with the default partitions and Lambda processing', () => {
    const config = readAppConfig(context({ stream: 'msk' }), ROOT);
    expect(config.stream).toBe('msk');
    expect(config.kafka).toEqual({ cluster: 'serverless', partitions: DEFAULT_MSK_PARTITIONS });
    expect(config.shards).toBeUndefined();
    expect(config.processing).toBe('lambda');
    expect(config.workers).toBeUndefined();
  });

  test('GIVEN stream=msk, mskCluster=provisioned and shards WHEN read THEN shards are the topic partitions', () => {
    const config = readAppConfig(context({ stream: 'msk', mskCluster: 'provisioned', shards: '12' }), ROOT);
    expect(config.kafka).toEqual({
      cluster: 'provisioned',
      partitions: 12,
      brokerType: DEFAULT_MSK_BROKER_TYPE,
    });
  });

  test('GIVEN processing=ecs WHEN read THEN Fargate Spot workers, never more than the partitions', () => {
    expect(readAppConfig(context({ stream: 'msk', processing: 'ecs' }), ROOT).workers).toEqual({
      count: DEFAULT_WORKERS,
      capacity: 'fargate-spot',
    });
    // The default count is cut to the partitions; only a count asked for is refused.
    expect(readAppConfig(context({ stream: 'msk', processing: 'ecs', shards: 1 }), ROOT).workers?.count).toBe(
      1,
    );
  });

  test('GIVEN ecsCapacity=ec2 and a trendoff spot --json file WHEN read THEN its instance types and max price', () => {
    // GIVEN the shape `trendoff spot --json` writes
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-config-'));
    const file = path.join(dir, 'spot.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        recommendation: {
          kind: 'fleet',
          instanceTypes: [
            { instanceType: 'm7g.large', weightedCapacity: 1 },
            { instanceType: 'c7g.large', weightedCapacity: 1 },
          ],
          maxPrice: 0.05,
          targetSpotCapacity: 2,
          targetOnDemandCapacity: 0,
          onDemandFallback: { timeoutMinutes: 10 },
        },
      }),
    );
    // WHEN
    const workers = readAppConfig(
      context({ stream: 'msk', processing: 'ecs', ecsCapacity: 'ec2', ecsRecommendation: file }),
      ROOT,
    ).workers;
    fs.rmSync(dir, { recursive: true, force: true });
    // THEN
    expect(workers?.capacity).toBe('ec2');
    expect(workers?.recommendation?.instanceTypes).toEqual([
      { instanceType: 'm7g.large', weight: 1, maxPrice: 0.05 },
      { instanceType: 'c7g.large', weight: 1, maxPrice: 0.05 },
    ]);
  });

  test('fails if more workers than partitions are asked for, naming both and the fix', () => {
    expect(problemsOf({ stream: 'msk', processing: 'ecs', shards: 2, workers: 3 })).toEqual([
      expect.stringMatching(
        /^workers: 3 workers for 2 partitions: .*1 would sit idle; use workers=2 or more partitions \(shards=3\)$/,
      ),
    ]);
  });

  test('fails if processing=ecs is asked for with Kinesis', () => {
    expect(problemsOf({ processing: 'ecs' })).toEqual([
      expect.stringMatching(/^processing: "ecs" .*needs stream=msk/),
    ]);
  });

  test('fails if keys of the Kafka path or the workers are given where they are not used', () => {
    expect(
      problemsOf({
        mskCluster: 'provisioned',
        workers: 2,
        ecsCapacity: 'ec2',
        ecsRecommendation: 'spot.json',
      }),
    ).toEqual([
      'mskCluster: only used with stream=msk (stream is "kinesis")',
      'workers: only used with processing=ecs (processing is "lambda")',
      'ecsCapacity: only used with processing=ecs (processing is "lambda")',
      'ecsRecommendation: only used with processing=ecs (processing is "lambda")',
    ]);
    expect(problemsOf({ stream: 'msk', parallelizationFactor: 2 })).toEqual([
      expect.stringMatching(/^parallelizationFactor: only used with stream=kinesis/),
    ]);
    expect(problemsOf({ stream: 'msk', mskBrokerType: 'kafka.m7g.large' })).toEqual([
      expect.stringMatching(/^mskBrokerType: only used with mskCluster=provisioned/),
    ]);
  });

  test.each([
    [{ stream: 'msk', mskCluster: 'dedicated' }, /^mskCluster: "dedicated" is not an MSK cluster kind/],
    [
      { stream: 'msk', shards: 2401 },
      /^shards: 2401 is not a whole number of topic partitions from 1 to 2400/,
    ],
    [{ stream: 'msk', processing: 'emr' }, /^processing: "emr" is not a processing kind/],
    [{ stream: 'msk', processing: 'ecs', workers: 0 }, /^workers: 0 is not a whole number ≥ 1/],
    [
      { stream: 'msk', processing: 'ecs', ecsCapacity: 'spot' },
      /^ecsCapacity: "spot" is not an ECS capacity/,
    ],
    [
      { stream: 'msk', processing: 'ecs', ecsCapacity: 'ec2' },
      /^ecsRecommendation: required with ecsCapacity=ec2/,
    ],
    [
      { stream: 'msk', processing: 'ecs', ecsCapacity: 'ec2', ecsRecommendation: 'no-such-spot.json' },
      /^ecsRecommendation: cannot read the spot recommendation "no-such-spot.json" \(ENOENT\)/,
    ],
    [
      { stream: 'msk', processing: 'ecs', ecsCapacity: 'ec2', ecsRecommendation: 'package.json' },
      /^ecsRecommendation: "package.json" is not a spot recommendation: /,
    ],
    [
      { stream: 'msk', mskCluster: 'provisioned', mskBrokerType: 'm7g.large' },
      /^mskBrokerType: "m7g.large" is not an MSK broker type like kafka.m7g.large/,
    ],
  ])('fails if the Kafka path is misconfigured: %p', (values, message) => {
    expect(problemsOf(values)).toEqual([expect.stringMatching(message)]);
  });

  test('fails if the debate file is missing, naming the path and the reason', () => {
    expect(problemsOf({ debate: 'examples/no-such-debate.json' })).toEqual([
      'debate: cannot read the debate config "examples/no-such-debate.json" (ENOENT)',
    ]);
  });

  test('fails if the debate file is invalid, listing its problems with their JSON paths', () => {
    // GIVEN a debate config with a bad id and no candidates
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-config-'));
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ id: 'Bad Id', title: 'x', start: '2015-09-16T20:00:00Z' }));
    // WHEN
    const problems = problemsOf({ debate: file });
    fs.rmSync(dir, { recursive: true, force: true });
    // THEN
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`debate: ${JSON.stringify(file)} is not a valid debate config`);
    expect(problems[0]).toContain('$.id:');
    expect(problems[0]).toContain('$.end:');
    expect(problems[0]).toContain('$.candidates:');
  });

  test('fails if a value has the wrong type', () => {
    expect(problemsOf({ debate: 42, stream: ['kinesis'] })).toEqual([
      'debate: expected a string, got 42',
      'stream: expected a string, got an array',
    ]);
  });

  test('fails if alarmEmail is not an e-mail address', () => {
    expect(problemsOf({ alarmEmail: 'ops-at-example' })).toEqual([
      'alarmEmail: "ops-at-example" is not an e-mail address',
    ]);
  });

  test('fails if source is unknown', () => {
    expect(problemsOf({ source: 'twitter' })).toEqual([
      'source: "twitter" is not a source (expected one of x, replay)',
    ]);
  });

  test('fails if source is replay without a replayUri', () => {
    expect(problemsOf({ source: 'replay', replayUri: undefined })).toEqual([
      expect.stringMatching(/^replayUri: required with source=replay/),
    ]);
  });

  test('fails if replayUri is not an S3 object URI or is given without source=replay', () => {
    expect(problemsOf({ replayUri: 'https://example.org/archive' })).toEqual([
      expect.stringMatching(/^replayUri: "https:\/\/example.org\/archive" is not an S3 object URI/),
    ]);
    expect(problemsOf({ replayUri: 's3://my-archive/raw/' })).toEqual([
      expect.stringMatching(/^replayUri: "s3:\/\/my-archive\/raw\/" is not an S3 object URI/),
    ]);
    expect(problemsOfRaw({ replayUri: 's3://my-archive/raw/a.jsonl', replaySpeed: '2' })).toEqual([
      expect.stringMatching(/^replayUri: "s3:\/\/my-archive\/raw\/a.jsonl" is only used with source=replay/),
      'replaySpeed: only used with source=replay (source is "x")',
    ]);
  });

  test('GIVEN a dashboard domain and its certificate WHEN read THEN both are in the config', () => {
    const config = readAppConfig(context({ dashboardDomain: DOMAIN, dashboardCertificateArn: CERT }), ROOT);
    expect(config.dashboardDomain).toEqual({ name: DOMAIN, certificateArn: CERT });
    expect(readAppConfig(context({}), ROOT).dashboardDomain).toBeUndefined();
  });

  test('fails if the dashboard domain comes without its certificate, or the certificate is not in us-east-1', () => {
    expect(problemsOf({ dashboardDomain: DOMAIN })).toEqual([
      'dashboardCertificateArn: required with dashboardDomain: the ARN of an ACM certificate for that name, in us-east-1',
    ]);
    expect(problemsOf({ dashboardCertificateArn: CERT })).toEqual([
      'dashboardDomain: required with dashboardCertificateArn: the host name the certificate is for',
    ]);
    const elsewhere = CERT.replace('us-east-1', 'eu-west-1');
    expect(problemsOf({ dashboardDomain: 'not a host', dashboardCertificateArn: elsewhere })).toEqual([
      'dashboardDomain: "not a host" is not a host name like dashboard.example.org',
      expect.stringMatching(
        /^dashboardCertificateArn: "arn:aws:acm:eu-west-1:.*" is not an ACM certificate ARN in us-east-1 \(CloudFront uses only certificates from there\)$/,
      ),
    ]);
  });

  test('fails if a context key is misspelt, which CDK alone would silently ignore', () => {
    expect(problemsOf({ shard: '8' })).toEqual([
      'shard: unknown context key (known: debate, stream, shards, mskCluster, mskBrokerType, processing, workers, ecsCapacity, ecsRecommendation, alarmEmail, source, replayUri, replaySpeed, replayFormat, replayStart, parallelizationFactor, dashboardDomain, dashboardCertificateArn, aggregatesTable, backfillMinutes)',
    ]);
  });

  test('rejects a secret passed as context without echoing its value', () => {
    // GIVEN a token-looking key
    const token = 'AAAAAAAAAAAAAAAAAAAAAsentinel-token-value';
    // WHEN
    const problems = problemsOf({ xBearerToken: token });
    // THEN
    expect(problems).toEqual([expect.stringMatching(/^xBearerToken: secrets never go in context/)]);
    expect(problems.join('\n')).not.toContain(token);
  });

  test('GIVEN CDK feature flags and CLI keys in the context WHEN read THEN they are not mistaken for typos', () => {
    const config = readAppConfig(
      context({
        '@aws-cdk/core:checkSecretUsage': true,
        'aws:cdk:enable-path-metadata': true,
        'acknowledged-issue-numbers': [1],
      }),
      ROOT,
    );
    expect(config.debate.id).toBe('gop-2015-09-16');
  });

  test('fails with every problem at once, in one error message', () => {
    // WHEN
    let error: unknown;
    try {
      readAppConfig(context({ shards: 'many', stream: 'kafka', debate: 'missing.json' }), ROOT);
    } catch (err) {
      error = err;
    }
    // THEN
    expect(error).toBeInstanceOf(ContextError);
    const message = (error as ContextError).message;
    expect(message).toContain('shards: "many"');
    expect(message).toContain('stream: "kafka"');
    expect(message).toContain('debate: cannot read the debate config "missing.json"');
  });

  test('GIVEN the example debate path WHEN used as context THEN it matches the default', () => {
    expect(readAppConfig(context({ debate: EXAMPLE_DEBATE }), ROOT).debate).toEqual(
      readAppConfig(context({}), ROOT).debate,
    );
  });
});
