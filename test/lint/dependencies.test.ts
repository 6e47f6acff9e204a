// Every runtime dependency is imported by some source: a package nothing uses only adds install
// time and audit noise (development tools are run by name and are not checked here).
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const SOURCES = ['bin', 'lib', 'lambda', 'scripts', 'web/src', 'bootstrap'];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => /\.(ts|js|cjs|mjs|sh)$/.test(f));
}

describe('package.json', () => {
  test('GIVEN the runtime dependencies WHEN the sources are searched THEN each one is imported or required', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const text = SOURCES.flatMap((d) => filesUnder(path.join(ROOT, d)))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    // d3 is imported through its modules (d3-scale, d3-axis, …), which it brings in.
    const imported = (name: string): boolean =>
      new RegExp(
        `['"\`]${name.replace(/[/.]/g, '\\$&')}${name === 'd3' ? '(-[a-z]+)?' : ''}(/[^'"\`]*)?['"\`]`,
      ).test(text);
    const unused = Object.keys(pkg.dependencies).filter((name) => !imported(name));
    expect(unused).toEqual([]);
  });
});
