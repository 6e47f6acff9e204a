/**
 * The trendoff package's own folder, where its assets live (bootstrap/, dist/, web/dist, examples/,
 * openapi/). Found by walking up from this module to the package.json named "trendoff", so the same
 * answer comes from the TypeScript sources (lib/io/) and from the CLI bundle (dist/), whose depth
 * differs.
 */
import * as fs from 'fs';
import * as path from 'path';

export const PACKAGE_NAME = 'trendoff';

const found = new Map<string, string>();

/** The folder holding trendoff's package.json, searched from `from` upwards. */
export function packageRoot(from: string = __dirname): string {
  const cached = found.get(from);
  if (cached !== undefined) return cached;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (isTrendoffPackage(path.join(dir, 'package.json'))) {
      found.set(from, dir);
      return dir;
    }
    if (path.dirname(dir) === dir)
      throw new Error(
        `cannot find the ${PACKAGE_NAME} package (a package.json named "${PACKAGE_NAME}") above ${from}: run trendoff from its repository or installed package`,
      );
  }
}

/** A file or folder of the package, e.g. `packagePath('bootstrap', 'install-trendoff.sh')`. */
export function packagePath(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}

function isTrendoffPackage(file: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
