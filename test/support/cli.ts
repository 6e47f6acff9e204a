import { spawn, spawnSync } from 'child_process';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'trendoff.js');
export const GOP = path.join(ROOT, 'examples', 'gop-2015-09-16.json');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as a user would (`node bin/trendoff.js …`), with optional stdin. */
export function runCli(
  args: readonly string[],
  input?: string | Buffer,
  env: NodeJS.ProcessEnv = {},
): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    input,
    env: { ...process.env, ...env },
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** Same, asynchronously, for runs that stream a lot of data. */
export function spawnCli(args: readonly string[], nodeArgs: readonly string[] = []) {
  return spawn(process.execPath, [...nodeArgs, CLI, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Builds the CLI bundle once before a suite, so no test pays for (or races on) the build. */
export function buildCli(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.js')], { cwd: ROOT });
  if (r.status !== 0) throw new Error(`CLI build failed: ${r.stderr}`);
}
