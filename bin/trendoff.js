#!/usr/bin/env node
// Entry of the `trendoff` command. Runs the esbuild bundle of bin/trendoff.ts, rebuilding it first
// when it is missing or older than the TypeScript sources, so `npx trendoff` works right after a
// clone and after every edit, with no build step to remember.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'trendoff.js');

function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function bundleIsStale() {
  let built;
  try {
    built = fs.statSync(bundle).mtimeMs;
  } catch {
    return true;
  }
  return ['bin', 'lib', 'lambda'].some((d) => newestSource(path.join(root, d)) > built);
}

if (fs.existsSync(path.join(root, 'scripts', 'build-cli.js')) && bundleIsStale()) {
  require('../scripts/build-cli.js').buildSync();
}

// The local S3 emulator encrypts listing continuation tokens with a cipher that OpenSSL 3 keeps in
// its legacy provider: `trendoff local` re-runs itself with it, so long listings work.
const LEGACY = '--openssl-legacy-provider';
if (process.argv[2] === 'local' && !process.execArgv.includes(LEGACY)) {
  const { spawn } = require('child_process');
  const child = spawn(process.execPath, [...process.execArgv, LEGACY, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child through the terminal; a SIGTERM sent to this process is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  // SIGUSR2 pauses and resumes processing (see lib/cli/local-command.ts): passed on too.
  process.on('SIGUSR2', () => child.kill('SIGUSR2'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
} else {
  require(bundle).runFromProcess();
}
