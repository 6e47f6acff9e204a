/**
 * Which layout of stored aggregates a local data dir holds, in a small file beside its state. A
 * version that reads items differently cannot show what an older one stored (the dashboard would
 * be silently empty), so a run refuses a data dir of another layout and says how to go on.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * The layout this version writes. 1: an item per candidate, 5-s bucket and shard (before the
 * rollup blocks; such dirs have no layout file). 2: series, extremes and hashtags in rollup blocks.
 */
export const DATA_DIR_LAYOUT = 2;
const FILE = 'layout.json';
/** What an older version left in a data dir: the emulators' state. */
const STATE_DIR = 'aws';

/**
 * Checks the data dir's layout, recording this version's in a new or empty dir.
 * @throws Error naming the dir, both layouts and the way out when it holds another layout.
 */
export function checkDataDirLayout(dataDir: string): void {
  const file = path.join(dataDir, FILE);
  let found: number | undefined;
  if (fs.existsSync(file)) {
    const parsed = readLayout(file);
    if (parsed === undefined)
      throw new Error(`${file} is not a trendoff layout file: remove it, or use --fresh`);
    found = parsed;
  } else if (fs.existsSync(path.join(dataDir, STATE_DIR))) {
    found = 1;
  }
  if (found === undefined) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ layout: DATA_DIR_LAYOUT }) + '\n');
    return;
  }
  if (found !== DATA_DIR_LAYOUT) {
    const age = found < DATA_DIR_LAYOUT ? 'an older' : 'a newer';
    throw new Error(
      `the data dir ${dataDir} holds aggregates stored by ${age} version of trendoff (layout ${found}; ` +
        `this one reads layout ${DATA_DIR_LAYOUT}): run again with --fresh to start over, or choose another --data-dir`,
    );
  }
}

function readLayout(file: string): number | undefined {
  try {
    const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as { layout?: unknown } | null)?.layout;
    return Number.isInteger(v) ? (v as number) : undefined;
  } catch {
    return undefined;
  }
}
