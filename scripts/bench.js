// Runs a benchmark: bundles bench/<name>.bench.ts with esbuild (as production code is bundled)
// and runs it with node. Usage: node scripts/bench.js <name> [args...]
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const [name = 'core', ...args] = process.argv.slice(2);
const outfile = path.join(root, 'dist', 'bench', `${name}.js`);
require('esbuild').buildSync({
  entryPoints: [path.join(root, 'bench', `${name}.bench.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'error',
});
const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
