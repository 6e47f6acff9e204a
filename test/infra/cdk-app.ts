// Shared by the infra tests: builds the cloud app the way bin/app.ts does, with cdk.json's
// feature flags, so tests see the templates `cdk synth` produces.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { readAppConfig } from '../../lib/config/app-config';
import { addTrendoffStacks, type TrendoffStacks } from '../../lib/stacks/trendoff-app';

export const ROOT = path.join(__dirname, '..', '..');
export const EXAMPLE_DEBATE = 'examples/gop-2015-09-16.json';

/**
 * The context every deployable app needs while the live X source has no producer: a replay of a
 * recording (the bucket need not exist for synthesis).
 */
export const REPLAY_CONTEXT: Readonly<Record<string, string>> = {
  source: 'replay',
  replayUri: 's3://trendoff-recordings-example/gop-2015-09-16.jsonl.gz',
};

/** Context that skips esbuild bundling of the functions (for tests that only read templates). */
export const NO_BUNDLING: Readonly<Record<string, unknown>> = { 'aws:cdk:bundling-stacks': [] };

/** The `context` block of cdk.json (the feature flags). */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

const assemblyDirs: string[] = [];

/**
 * A fresh app with cdk.json's flags plus `context`, writing its assembly under the OS temp dir
 * (removed by `removeAssemblies`). CDK's built-in template validation is off: its engine takes
 * seconds to start, and the whole-app test runs the same validator explicitly over every template.
 */
export function newApp(context: Record<string, unknown> = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-cdk-'));
  assemblyDirs.push(outdir);
  return new App({
    outdir,
    context: { ...cdkJsonContext(), ...context },
    builtinCloudFormationValidation: false,
  });
}

/** Removes the assembly directories of every app made by `newApp` (call in `afterAll`). */
export function removeAssemblies(): void {
  for (const dir of assemblyDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The whole app from `context` (on top of {@link REPLAY_CONTEXT}), through the same config module
 * and composition as bin/app.ts.
 */
export function buildApp(context: Record<string, unknown> = {}): { app: App; stacks: TrendoffStacks } {
  const app = newApp({ ...REPLAY_CONTEXT, ...context });
  const stacks = addTrendoffStacks(app, readAppConfig(app.node, ROOT));
  return { app, stacks };
}
