// Builds the dashboard into web/dist/ (or another directory): esbuild bundles web/src/main.ts with
// the d3 modules it uses into one browser script, and the static files are copied beside it. No
// CDN at run time: the output directory is the whole site (plus a config.json written at deploy
// time, or answered by `trendoff local`), with the licences of the bundled packages.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const webDir = path.join(root, 'web');
const defaultOutDir = path.join(webDir, 'dist');
const STATIC_FILES = ['index.html', 'style.css'];

/**
 * @param {{ outDir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outDir: string, files: string[] }>} the output directory and the files written
 */
async function buildWeb(options = {}) {
  const outDir = path.resolve(options.outDir ?? defaultOutDir);
  await fs.promises.mkdir(outDir, { recursive: true });
  const result = await require('esbuild').build({
    absWorkingDir: root,
    entryPoints: [path.join(webDir, 'src', 'main.ts')],
    outfile: path.join(outDir, 'main.js'),
    bundle: true,
    // A browser build: a stray import of Node code fails the build instead of shipping.
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const files = Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f));
  for (const name of STATIC_FILES) {
    const target = path.join(outDir, name);
    await fs.promises.copyFile(path.join(webDir, name), target);
    files.push(target);
  }
  const notices = path.join(outDir, 'THIRD_PARTY_LICENSES.txt');
  await fs.promises.writeFile(notices, thirdPartyNotices(Object.keys(result.metafile.inputs)));
  files.push(notices);
  return { outDir, files };
}

/**
 * The licence texts of the npm packages bundled into the page (d3's modules, ISC), which must
 * travel with the bundle; minification drops the copyright lines from the code itself.
 */
function thirdPartyNotices(inputs) {
  const packages = new Set();
  for (const input of inputs) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  return [...packages]
    .sort()
    .map((name) => {
      const dir = path.join(root, 'node_modules', name);
      const { version, license } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const file = fs.readdirSync(dir).find((f) => /^(licen[sc]e|copying)(\.|$)/i.test(f));
      const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `License: ${license}`;
      return `${name} ${version} (${license})\n\n${text}\n`;
    })
    .join(`\n${'-'.repeat(72)}\n\n`);
}

module.exports = { buildWeb, defaultOutDir };

if (require.main === module) {
  buildWeb().then(
    ({ outDir }) => process.stderr.write(`built ${path.relative(process.cwd(), outDir) || outDir}\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
