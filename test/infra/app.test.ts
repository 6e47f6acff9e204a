import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  API_STACK_ID,
  INGEST_STACK_ID,
  MONITORING_STACK_ID,
  PROCESSING_STACK_ID,
  STATEFUL_STACK_ID,
} from '../../lib/stacks/trendoff-app';
import { buildApp, cdkJsonContext, EXAMPLE_DEBATE, NO_BUNDLING, removeAssemblies, ROOT } from './cdk-app';

// The validator that ships inside aws-cdk-lib (not a dependency of its own, hence the path).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validator = require(
  path.join(ROOT, 'node_modules/aws-cdk-lib/node_modules/@aws/cloudformation-validate'),
) as typeof import('../../node_modules/aws-cdk-lib/node_modules/@aws/cloudformation-validate');

// A value that must never reach a template, whatever environment the app is synthesized in.
const SENTINEL = 'sentinel-bearer-token-0123456789abcdef';
const TOKEN_VARIABLES = ['X_BEARER_TOKEN', 'TRENDOFF_X_BEARER_TOKEN', 'BEARER_TOKEN'];

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Every key path in a JSON value whose key is `key`. */
function keysNamed(value: unknown, key: string, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysNamed(v, key, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === key ? [`${at}.${k}`] : []),
    ...keysNamed(v, key, `${at}.${k}`),
  ]);
}

type Resource = { Type: string; DeletionPolicy?: string; Properties?: Record<string, unknown> };

function templateOf(file: string): { Resources: Record<string, Resource> } {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources: Record<string, Resource> };
}

let assembly: CloudAssembly;
const saved = new Map(TOKEN_VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(() => {
  for (const name of TOKEN_VARIABLES) process.env[name] = SENTINEL;
  // Synthesis runs the cdk-nag plugin registered by the app: any unacknowledged finding throws.
  assembly = buildApp({ debate: EXAMPLE_DEBATE, replayStart: '2030-01-02T03:04:00Z' }).app.synth();
});

afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  removeAssemblies();
});

describe('the cloud app', () => {
  test('GIVEN the example debate WHEN the whole app is synthesized THEN it holds the five stacks', () => {
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(
      [STATEFUL_STACK_ID, INGEST_STACK_ID, PROCESSING_STACK_ID, API_STACK_ID, MONITORING_STACK_ID].sort(),
    );
    // Environment-agnostic: no account or region, so synth needs no credentials and no lookups.
    for (const s of assembly.stacks)
      expect(s.environment).toMatchObject({ account: 'unknown-account', region: 'unknown-region' });
  });

  test('GIVEN the whole app WHEN the cdk-nag AwsSolutions pack checks it THEN there is no unacknowledged finding', () => {
    // GIVEN
    const { app } = buildApp(NO_BUNDLING);
    // WHEN
    const report = new AwsSolutionsChecks().validateScope(app);
    // THEN
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('GIVEN a bucket without logging or TLS rule WHEN the pack checks the app THEN it is reported', () => {
    // GIVEN the app plus a careless bucket (proves the check above can fail)
    const { app } = buildApp(NO_BUNDLING);
    new s3.Bucket(new Stack(app, 'Careless'), 'Bucket');
    // WHEN
    const report = new AwsSolutionsChecks().validateScope(app);
    // THEN
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']),
    );
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => r.constructPath))).toEqual(
      expect.arrayContaining(['Careless/Bucket/Resource']),
    );
  });

  test('GIVEN every stack WHEN synthesized THEN only the archive, its access logs and the aggregates outlive `cdk destroy`', () => {
    // GIVEN every resource of every template
    const all = assembly.stacks.flatMap((s) =>
      Object.entries(templateOf(s.templateFullPath).Resources).map(([id, r]) => ({
        stack: s.stackName,
        id,
        ...r,
      })),
    );
    // WHEN the retained ones are listed
    const retained = all.filter((r) => (r.DeletionPolicy ?? 'Delete') !== 'Delete');
    // THEN they are the two buckets and their policies, and the aggregates table (past debates stay
    // browsable), all in the stateful stack
    expect(retained.map((r) => `${r.stack} ${r.Type}`).sort()).toEqual(
      [
        `${STATEFUL_STACK_ID} AWS::DynamoDB::Table`,
        `${STATEFUL_STACK_ID} AWS::S3::Bucket`,
        `${STATEFUL_STACK_ID} AWS::S3::Bucket`,
        `${STATEFUL_STACK_ID} AWS::S3::BucketPolicy`,
        `${STATEFUL_STACK_ID} AWS::S3::BucketPolicy`,
      ].sort(),
    );
    // and every other data store, log group included, is present and deleted
    const stores = ['AWS::Kinesis::Stream', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket'];
    for (const type of stores)
      expect(all.some((r) => r.Type === type && r.DeletionPolicy === 'Delete')).toBe(true);
  });

  test('GIVEN aggregatesTable WHEN the whole app is synthesized THEN the kept table is attached, every grant is scoped to it, and cdk-nag and the validator find nothing', () => {
    // GIVEN a table kept by an earlier deploy
    const kept = 'TrendoffStateful-AggregatesResource1A2B3C4D-0ABCDEF12345';
    const { app } = buildApp({ ...NO_BUNDLING, aggregatesTable: kept });
    // WHEN synthesized (the app's cdk-nag plugin throws on any finding)
    const attached = app.synth();
    // THEN no stack creates a table
    const templates = attached.stacks.map((s) => ({ name: s.stackName, ...templateOf(s.templateFullPath) }));
    for (const t of templates)
      expect(Object.values(t.Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table')).toEqual([]);
    // and every DynamoDB statement of every policy names the kept table, never a wildcard
    type Statement = { Action: string | string[]; Resource: unknown };
    const statements = templates.flatMap((t) =>
      Object.values(t.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement),
    );
    const dynamo = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThanOrEqual(2);
    for (const st of dynamo) {
      const resource = JSON.stringify(st.Resource);
      expect(resource).toContain(`:table/${kept}`);
      expect(resource).not.toMatch(/"\*"|table\/\*/);
    }
    // and the validator finds no error in any template
    const engine = new validator.CompositeEngine();
    try {
      for (const stack of attached.stacks) {
        const report = engine.validateTemplate(new validator.TemplateFile(stack.templateFullPath));
        expect(report.diagnostics.filter((d) => d.severity === 'ERROR' || d.severity === 'FATAL')).toEqual(
          [],
        );
      }
    } finally {
      engine.free();
    }
  });

  test('GIVEN every log group WHEN synthesized THEN it has a retention', () => {
    const groups = assembly.stacks.flatMap((s) =>
      Object.values(templateOf(s.templateFullPath).Resources).filter((r) => r.Type === 'AWS::Logs::LogGroup'),
    );
    expect(groups.length).toBeGreaterThanOrEqual(6);
    for (const g of groups) expect(g.Properties?.RetentionInDays).toEqual(expect.any(Number));
  });

  test('GIVEN every handler function WHEN synthesized THEN it runs Node.js 22 or newer on arm64 with its own log group', () => {
    const handlers = assembly.stacks.flatMap((s) =>
      Object.values(templateOf(s.templateFullPath).Resources).filter(
        (r) => r.Type === 'AWS::Lambda::Function' && /^trendoff /.test(String(r.Properties?.Description)),
      ),
    );
    expect(handlers).toHaveLength(3);
    for (const fn of handlers) {
      expect(fn.Properties).toMatchObject({
        Architectures: ['arm64'],
        LoggingConfig: { LogGroup: expect.anything() },
      });
      expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties?.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
    }
  });

  test('GIVEN every function invoked asynchronously or by a stream WHEN synthesized THEN failures have a destination', () => {
    const resources = assembly.stacks.flatMap((s) => Object.values(templateOf(s.templateFullPath).Resources));
    const text = (v: unknown): string => JSON.stringify(v);
    // Asynchronous callers of our functions: schedules (and rules, should any appear).
    const scheduled = resources.filter(
      (r) => r.Type === 'AWS::Scheduler::Schedule' || r.Type === 'AWS::Events::Rule',
    );
    expect(scheduled.length).toBeGreaterThan(0);
    const invokeConfigs = resources.filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
    for (const s of scheduled) {
      const target = text(s.Properties);
      // The target names the function by ARN (GetAtt), the invoke config by name (Ref): match the logical id.
      const config = invokeConfigs.find((c) =>
        target.includes(text((c.Properties?.FunctionName as { Ref?: string } | undefined)?.Ref)),
      );
      expect(config?.Properties).toMatchObject({
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
    }
    // Stream consumers: every event source mapping sends what it gives up on somewhere.
    const mappings = resources.filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBeGreaterThan(0);
    for (const m of mappings)
      expect(m.Properties).toMatchObject({
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
  });

  test('GIVEN every synthesized template WHEN validated with the CloudFormation validator THEN there are no errors', () => {
    const engine = new validator.CompositeEngine();
    try {
      for (const stack of assembly.stacks) {
        // WHEN
        const report = engine.validateTemplate(new validator.TemplateFile(stack.templateFullPath));
        // THEN
        const errors = report.diagnostics
          .filter((d) => d.severity === 'ERROR' || d.severity === 'FATAL')
          .map((d) => `${stack.stackName} ${d.ruleId} ${d.entity?.logicalId ?? ''}: ${d.message}`);
        expect(errors).toEqual([]);
        expect(report.status).toBe('OK');
      }
    } finally {
      engine.free();
    }
  });

  test('GIVEN a bearer token in the environment WHEN the app is synthesized THEN no file of the assembly holds it', () => {
    const files = filesUnder(assembly.directory);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => fs.readFileSync(f, 'utf8').includes(SENTINEL))).toEqual([]);
  });

  test('GIVEN every template WHEN inspected THEN no secret value or secret reference is in it', () => {
    for (const stack of assembly.stacks) {
      const text = fs.readFileSync(stack.templateFullPath, 'utf8');
      expect(keysNamed(JSON.parse(text), 'SecretString')).toEqual([]);
      expect(text).not.toMatch(/resolve:secretsmanager/);
    }
  });

  test('fails if the context is bad when run as `cdk` runs it, listing the problems without a stack trace', () => {
    // GIVEN the app command of cdk.json and the context the CLI would pass for `-c shards=0 -c stream=kafka`
    const [command, ...args] = (
      JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { app: string }
    ).app.split(' ');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-cdk-out-'));
    // WHEN
    const run = spawnSync(command === 'node' ? process.execPath : command, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), shards: '0', stream: 'kafka' }),
      },
      encoding: 'utf8',
    });
    fs.rmSync(outdir, { recursive: true, force: true });
    // THEN
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('trendoff: invalid context:');
    expect(run.stderr).toContain('shards: "0" is not a whole number');
    expect(run.stderr).toContain('stream: "kafka" is not a stream kind');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
