import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { ArchiveDelivery } from '../../lib/constructs/archive-delivery';
import { ReplayProducer } from '../../lib/constructs/replay-producer';
import { buildApp, NO_BUNDLING, newApp, REPLAY_CONTEXT, removeAssemblies } from './cdk-app';

afterAll(removeAssemblies);

// One synthesis (templates only, no bundling) with a scheduled replay, an alarm address and two
// concurrent batches per shard serves the assertions below.
const { stacks } = buildApp({
  ...NO_BUNDLING,
  replayStart: '2030-01-02T03:04:00Z',
  replaySpeed: '12',
  alarmEmail: 'ops@example.org',
  parallelizationFactor: '2',
});
const ingest = Template.fromStack(stacks.ingest);
const processing = Template.fromStack(stacks.processing);
const api = Template.fromStack(stacks.api);
const monitoring = Template.fromStack(stacks.monitoring);

type Resource = { Type: string; Properties?: Record<string, unknown> };
const resourcesOf = (t: Template): Record<string, Resource> =>
  t.toJSON().Resources as Record<string, Resource>;

describe('IngestStack', () => {
  test('GIVEN the example debate WHEN synthesized THEN Firehose archives the stream as gzip JSON Lines in debate-hour partitions', () => {
    ingest.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    ingest.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: Match.anyValue(), RoleARN: Match.anyValue() },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'raw/debate=gop-2015-09-16/date=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/',
        ErrorOutputPrefix: Match.stringLikeRegexp('^firehose-errors/!\\{firehose:error-output-type\\}/'),
        CompressionFormat: 'GZIP',
        FileExtension: '.jsonl.gz',
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [Match.objectLike({ Type: 'AppendDelimiterToRecord' })],
        },
      }),
    });
  });

  test('GIVEN a replay WHEN synthesized THEN one arm64 producer with reserved concurrency 1 reads that recording', () => {
    ingest.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: Match.stringLikeRegexp('^nodejs(2[2-9]|[3-9]\\d)\\.x$'),
      ReservedConcurrentExecutions: 1,
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          REPLAY_URI: REPLAY_CONTEXT.replayUri,
          REPLAY_SPEED: '12',
          STREAM_NAME: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: 'trendoff-producer',
        }),
      },
    });
    ingest.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['s3:GetObject*']),
            Resource: Match.arrayWith([
              Match.objectLike({
                'Fn::Join': [
                  '',
                  Match.arrayWith([':s3:::trendoff-recordings-example/gop-2015-09-16.jsonl.gz']),
                ],
              }),
            ]),
          }),
        ]),
      },
    });
  });

  test('GIVEN replayStart WHEN synthesized THEN a one-time UTC schedule invokes the producer once, with a dead-letter queue', () => {
    ingest.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'at(2030-01-02T03:04:00)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      Target: Match.objectLike({
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  test('GIVEN the producer is invoked asynchronously WHEN synthesized THEN failed runs are never retried and go to a queue', () => {
    ingest.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  test('GIVEN no replayStart WHEN a producer is built THEN it has no schedule (it is started by hand)', () => {
    const stack = new Stack(newApp(NO_BUNDLING), 'S');
    const stream = new kinesis.Stream(stack, 'Stream');
    new ReplayProducer(stack, 'P', { stream, replayUri: 's3://bucket-name/key.jsonl' });
    Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  test('GIVEN a format WHEN a producer is built THEN its function reads the recording in that format', () => {
    const stack = new Stack(newApp(NO_BUNDLING), 'S');
    const stream = new kinesis.Stream(stack, 'Stream');
    new ReplayProducer(stack, 'P', { stream, replayUri: 's3://bucket-name/key.txt', format: 'jsonl' });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REPLAY_FORMAT: 'jsonl' }) },
    });
  });

  test('fails if the ReplayProducer format is not jsonl, csv or auto', () => {
    const stack = new Stack(newApp(NO_BUNDLING), 'S');
    const stream = new kinesis.Stream(stack, 'Stream');
    const format = 'xml' as unknown as 'csv';
    expect(() => new ReplayProducer(stack, 'P', { stream, replayUri: 's3://bucket-name/k', format })).toThrow(
      'ReplayProducer S/P: format must be one of auto, jsonl, csv, got "xml"',
    );
  });

  test.each([['https://x/y'], ['s3://bucket-name/'], ['s3://B/key']])(
    'fails if the ReplayProducer replayUri is %p',
    (replayUri) => {
      const stack = new Stack(newApp(NO_BUNDLING), 'S');
      const stream = new kinesis.Stream(stack, 'Stream');
      expect(() => new ReplayProducer(stack, 'P', { stream, replayUri })).toThrow(
        `ReplayProducer S/P: replayUri must be s3://bucket/key, got "${replayUri}"`,
      );
    },
  );

  test('fails if the ArchiveDelivery buffering interval is over 15 minutes', () => {
    const stack = new Stack(newApp(NO_BUNDLING), 'S');
    const stream = new kinesis.Stream(stack, 'Stream');
    const bucket = new s3.Bucket(stack, 'Bucket');
    expect(
      () =>
        new ArchiveDelivery(stack, 'A', {
          stream,
          bucket,
          debateId: 'd',
          bufferingInterval: Duration.minutes(16),
        }),
    ).toThrow(/ArchiveDelivery S\/A: bufferingInterval must be whole seconds from 0 to 900, got 16 minutes/);
  });
});

describe('ProcessingStack', () => {
  test('GIVEN the consumer defaults WHEN synthesized THEN the Kinesis mapping has them all, with the parallelization asked for', () => {
    processing.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    processing.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 2,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  test('GIVEN the example debate WHEN synthesized THEN the processor gets the debate config the handler can parse, VADER and 5 s buckets', () => {
    const fn = Object.values(processing.findResources('AWS::Lambda::Function'))[0] as Resource;
    const env = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({ SCORER: 'vader', BUCKET_MS: '5000' });
    expect(env.TABLE_NAME).toEqual(expect.objectContaining({ 'Fn::ImportValue': expect.any(String) }));
    expect(env.ARCHIVE_BUCKET).toEqual(expect.objectContaining({ 'Fn::ImportValue': expect.any(String) }));
    const parsed = parseDebateConfig(env.DEBATE_CONFIG as string);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.config.id).toBe('gop-2015-09-16');
      expect(parsed.config.start).toBe(Date.parse('2015-09-16T20:00:00-04:00'));
      expect(Object.keys(parsed.config.candidates)).toContain('trump');
    }
  });

  test('GIVEN the failure queue WHEN synthesized THEN it is encrypted and TLS-only', () => {
    processing.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    processing.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('GIVEN the processor WHEN synthesized THEN it may write only quarantine objects of its debate to the archive', () => {
    processing.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['s3:PutObject']),
            Resource: {
              'Fn::Join': ['', [Match.anyValue(), '/quarantine/debate=gop-2015-09-16/*']],
            },
          }),
        ]),
      },
    });
  });
});

describe('ApiStack', () => {
  test('GIVEN the dashboard WHEN synthesized THEN the HTTP API allows CORS from the CloudFront origin only', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [
          { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]] },
        ],
        AllowMethods: ['GET', 'OPTIONS'],
      }),
    });
  });

  test('GIVEN the defaults WHEN synthesized THEN the stage is throttled and access-logged', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
  });

  test('GIVEN the site WHEN synthesized THEN CloudFront reads the private bucket through origin access control, HTTPS only', () => {
    api.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    api.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      }),
    });
  });

  test('GIVEN the API WHEN synthesized THEN config.json with its URL is deployed with the page, and removed on destroy', () => {
    const deployments = Object.values(api.findResources('Custom::CDKBucketDeployment')) as Resource[];
    expect(deployments).toHaveLength(1);
    const props = deployments[0]!.Properties!;
    expect(props.RetainOnDelete).toBe(false);
    expect(props.SourceObjectKeys).toHaveLength(2);
    // The jsonData source's markers stand for the API URL, resolved at deploy time.
    expect(JSON.stringify(props.SourceMarkers)).toContain('.execute-api.');
  });

  test('GIVEN the stack WHEN synthesized THEN it outputs the dashboard and API URLs', () => {
    api.hasOutput('DashboardUrl', { Value: Match.anyValue() });
    api.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});

describe('MonitoringStack', () => {
  test('GIVEN the processor WHEN synthesized THEN an iterator-age alarm above 60 s notifies the topic', () => {
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Namespace: 'AWS/Lambda',
      Statistic: 'Maximum',
      Threshold: 60_000,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('OperationsAlarms') }],
    });
  });

  test('GIVEN the functions and queues WHEN synthesized THEN errors, failure queues and API 5xx have alarms too', () => {
    const metrics = Object.values(monitoring.findResources('AWS::CloudWatch::Alarm')).map(
      (r) => (r as Resource).Properties?.MetricName,
    );
    expect(metrics.filter((m) => m === 'Errors')).toHaveLength(3);
    expect(metrics.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    expect(metrics).toContain('5xx');
  });

  test('GIVEN alarmEmail WHEN synthesized THEN the topic has that e-mail subscription and is TLS-only', () => {
    monitoring.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
    monitoring.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('GIVEN the pipeline WHEN synthesized THEN the dashboard shows posts/s, lag, rejections, errors, durations and API latency', () => {
    const dashboards = Object.values(resourcesOf(monitoring)).filter(
      (r) => r.Type === 'AWS::CloudWatch::Dashboard',
    );
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!.Properties!.DashboardBody);
    for (const metric of [
      'IncomingRecords',
      'RecordsIn',
      'IteratorAge',
      'RecordsRejected',
      'Errors',
      'Duration',
      'Latency',
    ])
      expect(body).toContain(`\\"${metric}\\"`);
  });
});
