import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { STATEFUL_STACK_ID } from '../../lib/stacks/trendoff-app';
import { buildApp, cdkJsonContext, EXAMPLE_DEBATE, removeAssemblies, ROOT } from './cdk-app';

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

let assembly: CloudAssembly;
const saved = new Map(TOKEN_VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(() => {
  for (const name of TOKEN_VARIABLES) process.env[name] = SENTINEL;
  // Synthesis runs the cdk-nag plugin registered by the app: any unacknowledged finding throws.
  assembly = buildApp({ debate: EXAMPLE_DEBATE }).app.synth();
});

afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  removeAssemblies();
});

describe('the cloud app', () => {
  test('GIVEN the example debate WHEN the whole app is synthesized THEN it holds the stateful stack', () => {
    expect(assembly.stacks.map((s) => s.stackName)).toContain(STATEFUL_STACK_ID);
    // Environment-agnostic: no account or region, so synth needs no credentials and no lookups.
    for (const s of assembly.stacks)
      expect(s.environment).toMatchObject({ account: 'unknown-account', region: 'unknown-region' });
  });

  test('GIVEN the whole app WHEN the cdk-nag AwsSolutions pack checks it THEN there is no unacknowledged finding', () => {
    // GIVEN
    const { app } = buildApp();
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
    const { app } = buildApp();
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
