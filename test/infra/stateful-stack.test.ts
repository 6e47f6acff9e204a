import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AggregatesTable } from '../../lib/constructs/aggregates-table';
import { ArchiveBucket } from '../../lib/constructs/archive-bucket';
import { PostStream } from '../../lib/constructs/post-stream';
import { StatefulStack } from '../../lib/stacks/stateful-stack';
import { buildApp, newApp, removeAssemblies } from './cdk-app';

afterAll(removeAssemblies);

type Resources = Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

// One synthesis of the real app (example debate, default context) serves most assertions.
const { stacks } = buildApp();
const template = Template.fromStack(stacks.stateful);
const resources = template.toJSON().Resources as Resources;

/**
 * Logical id of the CloudFormation resource of `type` at construct path `path` (below the stack).
 * Construct ids are part of the contract, so tests find resources by them.
 */
function logicalId(type: string, path: string): string {
  const element = stacks.stateful.node
    .findAll()
    .find((c) => c.node.path === `${stacks.stateful.node.path}/${path}`);
  if (!(element instanceof CfnElement)) throw new Error(`no CloudFormation element at ${path}`);
  const id = stacks.stateful.getLogicalId(element);
  expect(resources[id]?.Type).toBe(type);
  return id;
}

describe('StatefulStack', () => {
  test('GIVEN no shards WHEN synthesized THEN one on-demand stream encrypted with the aws/kinesis key', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      RetentionPeriodHours: 24,
      ShardCount: Match.absent(),
    });
  });

  test('GIVEN shards WHEN synthesized THEN the stream is provisioned with that many shards', () => {
    // GIVEN
    const stack = new StatefulStack(newApp(), 'Provisioned', {
      shards: 6,
      streamRetention: Duration.hours(48),
    });
    // WHEN
    const t = Template.fromStack(stack);
    // THEN
    t.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 6,
      RetentionPeriodHours: 48,
    });
  });

  test('GIVEN the defaults WHEN synthesized THEN one on-demand table keyed pk/sk with PITR and TTL expiresAt', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  test('GIVEN the defaults WHEN synthesized THEN the archive is encrypted, private, logged and ages raw/ into colder classes', () => {
    const logs = logicalId('AWS::S3::Bucket', 'Archive/AccessLogs/Resource');
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logs }, LogFilePrefix: 'archive/' },
      VersioningConfiguration: Match.absent(),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Prefix: 'raw/',
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
            ],
          }),
        ]),
      },
    });
  });

  test('GIVEN the defaults WHEN synthesized THEN both buckets deny non-TLS requests', () => {
    for (const bucket of ['Archive/Resource/Resource', 'Archive/AccessLogs/Resource']) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId('AWS::S3::Bucket', bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  test('GIVEN the defaults WHEN synthesized THEN only S3 logging, for the archive, may write access logs', () => {
    const archive = logicalId('AWS::S3::Bucket', 'Archive/Resource/Resource');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId('AWS::S3::Bucket', 'Archive/AccessLogs/Resource') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [archive, 'Arn'] } } }),
          }),
        ]),
      },
    });
  });

  test('GIVEN archiveVersioned WHEN synthesized THEN versions are kept and noncurrent ones expire', () => {
    // GIVEN
    const stack = new StatefulStack(newApp(), 'Versioned', { archiveVersioned: true });
    // WHEN
    const t = Template.fromStack(stack);
    // THEN
    t.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })]),
      },
    });
  });

  test('GIVEN the defaults WHEN synthesized THEN the archive bucket and its policy are retained on destroy', () => {
    const archive = logicalId('AWS::S3::Bucket', 'Archive/Resource/Resource');
    expect(resources[archive]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const policy = logicalId('AWS::S3::BucketPolicy', 'Archive/Resource/Policy/Resource');
    expect(resources[policy]).toMatchObject({ DeletionPolicy: 'Retain' });
    // The access logs stay with it, or the retained archive would log into a deleted bucket.
    const logs = logicalId('AWS::S3::Bucket', 'Archive/AccessLogs/Resource');
    expect(resources[logs]).toMatchObject({ DeletionPolicy: 'Retain' });
  });

  test('GIVEN the defaults WHEN synthesized THEN the aggregates table is retained on destroy, with PITR', () => {
    const table = logicalId('AWS::DynamoDB::Table', 'Aggregates/Resource/Resource');
    expect(resources[table]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    });
  });

  test('GIVEN the defaults WHEN synthesized THEN everything else that stores data is deleted on destroy', () => {
    // GIVEN the archive and its access logs (with their policies) and the aggregates, which are
    // meant to outlive the stack
    const kept = new Set(
      ['Archive/Resource/Resource', 'Archive/AccessLogs/Resource'].map((p) =>
        logicalId('AWS::S3::Bucket', p),
      ),
    );
    kept.add(logicalId('AWS::DynamoDB::Table', 'Aggregates/Resource/Resource'));
    for (const p of ['Archive/Resource/Policy/Resource', 'Archive/AccessLogs/Policy/Resource'])
      kept.add(logicalId('AWS::S3::BucketPolicy', p));
    // WHEN the other data-holding resources are listed
    const others = Object.entries(resources).filter(([id]) => !kept.has(id));
    const dataTypes = ['AWS::Kinesis::Stream', 'AWS::SecretsManager::Secret'];
    // THEN each data type is present, and nothing else is retained
    for (const type of dataTypes) expect(others.some(([, r]) => r.Type === type)).toBe(true);
    for (const [id, r] of others) {
      expect({ id, deletion: r.DeletionPolicy ?? 'Delete' }).toEqual({ id, deletion: 'Delete' });
    }
  });

  test('GIVEN the defaults WHEN synthesized THEN the secret has a generated placeholder and no value', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: Match.absent(),
      GenerateSecretString: Match.anyValue(),
      Description: Match.stringLikeRegexp('bearer token'),
    });
  });

  test('GIVEN the defaults WHEN synthesized THEN no resource has a hard-coded physical name', () => {
    template.hasResourceProperties('AWS::Kinesis::Stream', { Name: Match.absent() });
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: Match.absent() });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: Match.absent() });
    expect(
      Object.values(template.findResources('AWS::S3::Bucket')).map(
        (r) => (r as { Properties: Record<string, unknown> }).Properties.BucketName,
      ),
    ).toEqual([undefined, undefined]);
  });

  test('GIVEN the defaults WHEN synthesized THEN it outputs the stream, table, bucket and secret', () => {
    template.hasOutput('StreamName', {
      Value: { Ref: logicalId('AWS::Kinesis::Stream', 'Stream/Resource/Resource') },
    });
    template.hasOutput('TableName', {
      Value: { Ref: logicalId('AWS::DynamoDB::Table', 'Aggregates/Resource/Resource') },
    });
    template.hasOutput('ArchiveBucketName', {
      Value: { Ref: logicalId('AWS::S3::Bucket', 'Archive/Resource/Resource') },
    });
    template.hasOutput('BearerTokenSecretArn', {
      Value: { Ref: logicalId('AWS::SecretsManager::Secret', 'XBearerToken/Resource/Resource') },
      Description: Match.stringLikeRegexp('aws secretsmanager put-secret-value'),
    });
  });

  test('GIVEN the stack WHEN a consumer is granted access THEN the grant is scoped to the resource', () => {
    // GIVEN a stateless stack's function role, in another stack as the later stacks will be
    const app = newApp();
    const stateful = new StatefulStack(app, 'Data');
    const consumer = new Stack(app, 'Consumer');
    const role = new iam.Role(consumer, 'Fn', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    // WHEN
    stateful.bearerToken.grantRead(role);
    // THEN
    Template.fromStack(consumer).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: Match.arrayEquals(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']),
            Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('XBearerToken') },
          }),
        ],
      },
    });
  });
});

describe('StatefulStack with an existing aggregates table', () => {
  const NAME = 'TrendoffStateful-AggregatesResource1A2B3C4D-0ABCDEF12345';

  test('GIVEN existingTableName WHEN synthesized THEN no table is created and the output names the attached one', () => {
    // GIVEN
    const stack = new StatefulStack(newApp(), 'Attached', { existingTableName: NAME });
    // WHEN
    const t = Template.fromStack(stack);
    // THEN
    t.resourceCountIs('AWS::DynamoDB::Table', 0);
    t.hasOutput('TableName', { Value: NAME });
    expect(stack.table.tableName).toBe(NAME);
  });

  test('GIVEN an attached table WHEN a consumer is granted access THEN the grant is scoped to that table', () => {
    // GIVEN
    const app = newApp();
    const stateful = new StatefulStack(app, 'Data', { existingTableName: NAME });
    const consumer = new Stack(app, 'Consumer');
    const role = new iam.Role(consumer, 'Fn', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    // WHEN
    stateful.table.grantReadWriteData(role);
    // THEN one statement, on the table's ARN (and its indexes) only
    const statements = Object.values(Template.fromStack(consumer).findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Resource: unknown }[] } } }).Properties
          .PolicyDocument.Statement,
    );
    expect(statements).toHaveLength(1);
    const resources = JSON.stringify(statements[0]!.Resource);
    expect(resources).toContain(`:table/${NAME}`);
    expect(resources).not.toMatch(/table\/\*|"\*"/);
  });

  test.each([['ab'], ['no spaces'], ['a/b']])('fails if existingTableName is %p', (name) => {
    expect(() => new StatefulStack(newApp(), 'Bad', { existingTableName: name })).toThrow(
      `StatefulStack Bad: existingTableName must be a DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .), got "${name}"`,
    );
  });
});

describe('stateful constructs', () => {
  test.each([[0], [-2], [1.5]])('fails if PostStream shards is %p', (shards) => {
    const stack = new Stack(newApp(), 'S');
    expect(() => new PostStream(stack, 'Stream', { shards })).toThrow(
      `PostStream S/Stream: shards must be a whole number ≥ 1, got ${shards}`,
    );
  });

  test.each([[Duration.hours(12)], [Duration.minutes(90 * 60 + 30)], [Duration.days(400)]])(
    'fails if PostStream retention is %s',
    (retention) => {
      const stack = new Stack(newApp(), 'S');
      expect(() => new PostStream(stack, 'Stream', { retention })).toThrow(
        /PostStream S\/Stream: retention must be whole hours from 24 to 8760, got /,
      );
    },
  );

  test('fails if ArchiveBucket durations are not whole days', () => {
    const stack = new Stack(newApp(), 'S');
    expect(() => new ArchiveBucket(stack, 'A', { accessLogsExpireAfter: Duration.hours(36) })).toThrow(
      'ArchiveBucket S/A: accessLogsExpireAfter must be whole days ≥ 1, got 1 day 12 hours',
    );
    expect(() => new ArchiveBucket(stack, 'B', { noncurrentVersionsExpireAfter: Duration.hours(1) })).toThrow(
      /noncurrentVersionsExpireAfter must be whole days ≥ 1, got 1 hour/,
    );
  });

  test('GIVEN pointInTimeRecovery false WHEN synthesized THEN the table has PITR off', () => {
    const stack = new Stack(newApp(), 'S');
    new AggregatesTable(stack, 'T', { pointInTimeRecovery: false });
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
  });
});
