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

require(bundle).runFromProcess();
