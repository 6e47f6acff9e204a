import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkDataDirLayout, DATA_DIR_LAYOUT } from '../../lib/local/data-dir-layout';

describe('checkDataDirLayout', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-layout-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN a new data dir WHEN checked THEN it records this layout, and a second run accepts it', () => {
    const fresh = path.join(dir, 'new');
    checkDataDirLayout(fresh);
    expect(JSON.parse(fs.readFileSync(path.join(fresh, 'layout.json'), 'utf8'))).toEqual({
      layout: DATA_DIR_LAYOUT,
    });
    expect(() => checkDataDirLayout(fresh)).not.toThrow();
  });

  test('GIVEN state without a layout file (written before layouts were recorded) THEN it is refused as layout 1, with the way out', () => {
    fs.mkdirSync(path.join(dir, 'aws'));
    expect(() => checkDataDirLayout(dir)).toThrow(
      `the data dir ${dir} holds aggregates stored by an older version of trendoff (layout 1; this one reads layout ${DATA_DIR_LAYOUT}): run again with --fresh to start over, or choose another --data-dir`,
    );
    expect(fs.existsSync(path.join(dir, 'layout.json'))).toBe(false);
  });

  test('GIVEN a newer layout THEN it is refused as newer', () => {
    fs.writeFileSync(path.join(dir, 'layout.json'), JSON.stringify({ layout: DATA_DIR_LAYOUT + 1 }));
    expect(() => checkDataDirLayout(dir)).toThrow(/a newer version of trendoff/);
  });

  test('GIVEN a layout file that is not one THEN the error names the file', () => {
    fs.writeFileSync(path.join(dir, 'layout.json'), 'not json');
    expect(() => checkDataDirLayout(dir)).toThrow(
      `${path.join(dir, 'layout.json')} is not a trendoff layout file`,
    );
  });
});
