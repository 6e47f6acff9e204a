// Bundles the `trendoff` CLI into one file (dist/trendoff.js) with esbuild: fast start-up, and a
// single file that the batch re-analysis can ship to cluster nodes. Runs on `npm ci` (prepare) and
// again whenever bin/trendoff.js finds the sources newer than the bundle.
'use strict';
const path = require('path');

const root = path.join(__dirname, '..');
const outfile = path.join(root, 'dist', 'trendoff.js');

function buildSync() {
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'bin', 'trendoff.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { buildSync, outfile };

if (require.main === module) {
  buildSync();
  process.stderr.write(`built ${path.relative(process.cwd(), outfile) || outfile}\n`);
}
