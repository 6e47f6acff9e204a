import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseProcessorEnv, PROCESSOR_ENV, PROCESSOR_SERVICE } from '../../lambda/handlers/env/processor-env';
import { METRICS_NAMESPACE } from '../../lambda/handlers/handler-config';
import { ArchiveDelivery } from '../../lib/constructs/archive-delivery';
import { ORIGIN_SHIELD_REGIONS } from '../../lib/constructs/dashboard-site';
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

  test('GIVEN the archive delivery WHEN synthesized THEN Firehose may write its prefixes, never delete', () => {
    // GIVEN the roles Firehose assumes and the policies attached to them
    const firehoseRoles = Object.entries(resourcesOf(ingest))
      .filter(
        ([, r]) =>
          r.Type === 'AWS::IAM::Role' &&
          JSON.stringify(r.Properties?.AssumeRolePolicyDocument).includes('firehose.amazonaws.com'),
      )
      .map(([id]) => id);
    expect(firehoseRoles.length).toBeGreaterThan(0);
    const statements = Object.values(resourcesOf(ingest))
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          (r.Properties?.Roles as { Ref: string }[]).some((role) => firehoseRoles.includes(role.Ref)),
      )
      .flatMap(
        (r) => (r.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      );
    // WHEN their S3 actions are listed
    const actions = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:'));
    // THEN they are exactly what S3 delivery needs (AWS Firehose docs), with no delete or wildcard
    expect([...new Set(actions)].sort()).toEqual(
      [
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:GetObject',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
        's3:PutObject',
      ].sort(),
    );
    expect(actions.filter((a) => /Delete|\*/.test(a))).toEqual([]);
    // and the objects are those of the debate's raw/ partition and Firehose's error prefix
    const objectResources = JSON.stringify(
      statements.filter((s) => [s.Action].flat().includes('s3:PutObject')),
    );
    expect(objectResources).toContain('/raw/debate=gop-2015-09-16/*');
    expect(objectResources).toContain('/firehose-errors/*');
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

  test('GIVEN the example debate WHEN synthesized THEN the processor gets settings its handler parses: the debate, VADER and 5 s buckets', () => {
    const fn = Object.values(processing.findResources('AWS::Lambda::Function'))[0] as Resource;
    const env = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env[PROCESSOR_ENV.tableName]).toEqual(
      expect.objectContaining({ 'Fn::ImportValue': expect.any(String) }),
    );
    expect(env[PROCESSOR_ENV.archiveBucket]).toEqual(
      expect.objectContaining({ 'Fn::ImportValue': expect.any(String) }),
    );
    // WHEN the handler reads it (CloudFormation resolves the imports to names)
    const settings = parseProcessorEnv({
      ...(env as Record<string, string>),
      [PROCESSOR_ENV.tableName]: 'table',
      [PROCESSOR_ENV.archiveBucket]: 'bucket',
    });
    // THEN
    expect(settings).toMatchObject({
      scorer: 'vader',
      bucketMs: 5000,
      tableName: 'table',
      archiveBucket: 'bucket',
    });
    expect(settings.debate.id).toBe('gop-2015-09-16');
    expect(settings.debate.start).toBe(Date.parse('2015-09-16T20:00:00-04:00'));
    expect(Object.keys(settings.debate.candidates)).toContain('trump');
    expect(fn.Properties?.Environment).toMatchObject({
      Variables: {
        POWERTOOLS_SERVICE_NAME: PROCESSOR_SERVICE,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
    });
  });

  test('GIVEN the processor WHEN synthesized THEN it may only get, put and update items of the table', () => {
    // GIVEN the processor's policy (the one that may write quarantined records)
    const policies = Object.values(processing.findResources('AWS::IAM::Policy')).map((p) =>
      JSON.stringify(p),
    );
    const processor = policies.filter((p) => p.includes('/quarantine/debate='));
    expect(processor).toHaveLength(1);
    // THEN its DynamoDB actions are exactly those of the aggregate store's write path
    const actions = [...processor[0]!.matchAll(/"(dynamodb:[A-Za-z*]+)"/g)].map((m) => m[1]);
    expect([...new Set(actions)].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    processing.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
            Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('Aggregates') },
          }),
        ]),
      },
    });
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
  test('GIVEN the dashboard WHEN synthesized THEN the HTTP API has no CORS: the page calls it on its own origin', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.absent(),
    });
  });

  test('GIVEN the dashboard WHEN synthesized THEN CloudFront serves the API under /api/* from the HTTP API, cached and compressed', () => {
    // THEN a behaviour for /api/* whose origin is the HTTP API's host, over TLS 1.2
    const distribution = Object.values(api.findResources('AWS::CloudFront::Distribution'))[0] as Resource;
    const config = distribution.Properties?.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      Origins: {
        Id: string;
        DomainName: unknown;
        CustomOriginConfig?: Record<string, unknown>;
        OriginShield?: Record<string, unknown>;
      }[];
    };
    expect(config.CacheBehaviors).toHaveLength(1);
    const behaviour = config.CacheBehaviors[0]!;
    expect(behaviour).toMatchObject({
      PathPattern: '/api/*',
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachedMethods: ['GET', 'HEAD'],
      Compress: true,
      // AllViewerExceptHostHeader, a managed policy
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    const origin = config.Origins.find((o) => o.Id === behaviour.TargetOriginId)!;
    expect(JSON.stringify(origin.DomainName)).toMatch(
      /"Fn::Split":\["\/",\{"Fn::GetAtt":\["Api[0-9A-F]{8}","ApiEndpoint"\]\}\]/,
    );
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    // behind Origin Shield in the API's own region, so the edge caches share one request to the API,
    // where the region hosts one (decided at deploy time: the stacks are region-agnostic)
    const [condition, shielded, elsewhere] = (
      origin.OriginShield as { 'Fn::If': [string, unknown, unknown] }
    )['Fn::If'];
    expect([shielded, elsewhere]).toEqual([
      { Enabled: true, OriginShieldRegion: { Ref: 'AWS::Region' } },
      { Ref: 'AWS::NoValue' },
    ]);
    const regions = JSON.stringify(api.toJSON().Conditions[condition])
      .match(/"[a-z]{2}-[a-z]+-\d"/g)
      ?.map((r) => JSON.parse(r) as string);
    expect(regions).toEqual([...ORIGIN_SHIELD_REGIONS]);
    expect(regions).toContain('us-east-1');
    // and its cache policy: TTLs from the API's Cache-Control, at least 1 s, keyed on the whole
    // query string (the API refuses names it does not read), gzip and brotli
    api.resourceCountIs('AWS::CloudFront::CachePolicy', 1);
    const [policyId] = Object.keys(api.findResources('AWS::CloudFront::CachePolicy'));
    expect(behaviour.CachePolicyId).toEqual({ Ref: policyId });
    api.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 1,
        DefaultTTL: 1,
        MaxTTL: 86_400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
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
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: Match.anyValue() })]),
      }),
    });
    api.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      }),
    });
  });

  test('GIVEN the site deployment WHEN synthesized THEN CloudFront invalidations are allowed on its one distribution only', () => {
    // GIVEN every IAM statement of the stack that mentions CloudFront
    const statements = Object.values(resourcesOf(api))
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
      .filter((s) => JSON.stringify(s.Action).includes('cloudfront:'));
    // THEN one grant of CreateInvalidation, on the dashboard's distribution, and no `*` resource
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: 'cloudfront:CreateInvalidation' });
    expect(JSON.stringify(statements[0]!.Resource)).toContain(':distribution/');
    const distributionId = Object.entries(resourcesOf(api)).find(
      ([, r]) => r.Type === 'AWS::CloudFront::Distribution',
    )![0];
    expect(JSON.stringify(statements)).toContain(`{"Ref":"${distributionId}"}`);
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });

  test('GIVEN a new site WHEN deployed THEN the invalidation of every path runs after the files are copied', () => {
    const invalidations = Object.entries(resourcesOf(api)).filter(([, r]) =>
      JSON.stringify(r.Properties ?? {}).includes('createInvalidation'),
    );
    expect(invalidations).toHaveLength(1);
    const [, invalidation] = invalidations[0]!;
    const create = JSON.stringify(invalidation.Properties?.Create);
    expect(create).toContain('\\"Items\\":[\\"/*\\"]');
    const deploymentId = Object.entries(resourcesOf(api)).find(
      ([, r]) => r.Type === 'Custom::CDKBucketDeployment',
    )![0];
    expect((invalidation as { DependsOn?: string[] }).DependsOn).toContain(deploymentId);
  });

  test('GIVEN a dashboard domain with its certificate WHEN synthesized THEN viewers need TLS 1.2', () => {
    // GIVEN
    const domain = 'debate.example.org';
    const certificateArn =
      'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    const { app, stacks: own } = buildApp({
      ...NO_BUNDLING,
      dashboardDomain: domain,
      dashboardCertificateArn: certificateArn,
    });
    // WHEN
    const t = Template.fromStack(own.api);
    // THEN
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [domain],
        ViewerCertificate: {
          AcmCertificateArn: certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    t.hasOutput('DashboardUrl', { Value: `https://${domain}/` });
    t.hasOutput('ApiUrl', { Value: `https://${domain}/api/` });
    // and cdk-nag's TLS rule passes on its own, with nothing acknowledged for it
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations).toEqual([]);
    expect(JSON.stringify(own.api.site.distribution.node.metadata)).not.toContain('AwsSolutions-CFR4');
  });

  test('GIVEN the API WHEN synthesized THEN config.json pointing at /api/ of the same origin is deployed with the page, and removed on destroy', () => {
    const deployments = Object.values(api.findResources('Custom::CDKBucketDeployment')) as Resource[];
    expect(deployments).toHaveLength(1);
    const props = deployments[0]!.Properties!;
    expect(props.RetainOnDelete).toBe(false);
    expect(props.SourceObjectKeys).toHaveLength(2);
    expect(stacks.api.site.apiUrl).toBe('/api/');
    // A constant: nothing left to resolve at deploy time (it used to be the API Gateway URL).
    expect(JSON.stringify(props.SourceMarkers ?? '')).not.toContain('execute-api');
  });

  test('GIVEN the stack WHEN synthesized THEN it outputs the dashboard URL, the cached API URL and the API origin', () => {
    api.hasOutput('DashboardUrl', { Value: Match.anyValue() });
    api.hasOutput('ApiUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/api/']] },
    });
    api.hasOutput('ApiOriginUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
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
