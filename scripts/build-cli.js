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
    // The emulators load native modules (leveldown, classic-level) that must stay in node_modules;
    // the CLI only requires them when `trendoff local` starts.
    external: ['kinesalite', 'dynalite', 's3rver'],
  });
  return outfile;
}

module.exports = { buildSync, outfile };

if (require.main === module) {
  buildSync();
  process.stderr.write(`built ${path.relative(process.cwd(), outfile) || outfile}\n`);
}
