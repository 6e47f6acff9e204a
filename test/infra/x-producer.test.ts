import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { XProducer } from '../../lib/constructs/x-producer';
import { readAppConfig } from '../../lib/config/app-config';
import { addTrendoffStacks } from '../../lib/stacks/trendoff-app';
import { NO_BUNDLING, ROOT, newApp, removeAssemblies } from './cdk-app';

afterAll(removeAssemblies);

// The default deployment: the live X source for the example debate (no replay context).
const app = newApp({ ...NO_BUNDLING });
const config = readAppConfig(app.node, ROOT);
const stacks = addTrendoffStacks(app, config);
const ingest = Template.fromStack(stacks.ingest);

describe('XProducer (the default source)', () => {
  test('GIVEN no source context WHEN synthesized THEN the live producer runs the x-producer handler, arm64, at most two at once', () => {
    expect(config.source).toBe('x');
    ingest.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('live producer'),
      Architectures: ['arm64'],
      Timeout: 900,
      ReservedConcurrentExecutions: 2,
      Environment: {
        Variables: Match.objectLike({
          STREAM_NAME: Match.anyValue(),
          TABLE_NAME: Match.anyValue(),
          X_BEARER_TOKEN_SECRET_ARN: Match.anyValue(),
          DEBATE_CONFIG: Match.stringLikeRegexp('"id":"gop-2015-09-16"'),
        }),
      },
    });
  });

  test('GIVEN the debate window WHEN synthesized THEN a schedule starts a run every 14 minutes from 15 minutes before to 15 after', () => {
    ingest.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(14 minutes)',
      StartDate: new Date(config.debate.start - 15 * 60_000).toISOString(),
      EndDate: new Date(config.debate.end + 15 * 60_000).toISOString(),
      Target: Match.objectLike({
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
        DeadLetterConfig: Match.anyValue(),
      }),
    });
  });

  test('GIVEN the producer WHEN synthesized THEN it may read the token secret and only get, put and update table items', () => {
    const policies = Object.values(ingest.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p));
    const producer = policies.find((p) => p.includes('secretsmanager:GetSecretValue'));
    expect(producer).toBeDefined();
    const dynamoActions = [...producer!.matchAll(/"(dynamodb:[A-Za-z]+)"/g)].map((m) => m[1]).sort();
    expect([...new Set(dynamoActions)]).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(producer).toMatch(/kinesis:PutRecords/);
  });

  test('GIVEN asynchronous runs WHEN synthesized THEN failed runs are never retried and go to the failure queue', () => {
    ingest.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  test('GIVEN the whole app with the live source WHEN synthesized THEN cdk-nag finds nothing unacknowledged', () => {
    // Synthesis runs the AwsSolutions pack as a validation plugin and fails on any finding.
    expect(() => app.synth()).not.toThrow();
  });
});

describe('XProducer backfillMinutes', () => {
  const producer = (backfillMinutes: number | undefined) => {
    const stack = new Stack(newApp({ ...NO_BUNDLING }), 'Backfill');
    new XProducer(stack, 'Live', {
      stream: new kinesis.Stream(stack, 'Stream'),
      table: new dynamodb.Table(stack, 'Table', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      }),
      bearerToken: new secretsmanager.Secret(stack, 'Token'),
      debate: config.debate,
      ...(backfillMinutes !== undefined ? { backfillMinutes } : {}),
    });
    return Template.fromStack(stack);
  };

  test('GIVEN backfillMinutes 3 WHEN synthesized THEN the handler gets TRENDOFF_X_BACKFILL_MINUTES=3', () => {
    producer(3).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TRENDOFF_X_BACKFILL_MINUTES: '3' }) },
    });
  });

  test('GIVEN no backfillMinutes WHEN synthesized THEN backfill stays off (no variable)', () => {
    const fns = Object.values(producer(undefined).findResources('AWS::Lambda::Function'));
    expect(JSON.stringify(fns)).not.toContain('TRENDOFF_X_BACKFILL_MINUTES');
  });

  test('fails if backfillMinutes is outside 0-5', () => {
    expect(() => producer(6)).toThrow('backfillMinutes must be a whole number from 0 to 5, got 6');
  });
});
