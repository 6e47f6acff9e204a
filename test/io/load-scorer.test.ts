import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadScorer, ScorerSetupError } from '../../lambda/io/load-scorer';

describe('loadScorer', () => {
  test('GIVEN vader or afinn WHEN loaded THEN no word list is needed', () => {
    expect(loadScorer('vader', undefined).name).toBe('vader');
    expect(loadScorer('afinn', undefined).score('good').score).toBeGreaterThan(0);
  });

  test('GIVEN labmt and its word list WHEN loaded THEN it scores with it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labmt-'));
    const file = path.join(dir, 'labmt.txt');
    fs.writeFileSync(
      file,
      'word\thappiness_rank\thappiness_average\thappiness_standard_deviation\ttwitter_rank\tgoogle_rank\tnyt_rank\tlyrics_rank\n' +
        'laughter\t1\t8.50\t0.93\t3600\t--\t--\t1728\n' +
        'terrorist\t10222\t1.30\t0.91\t3576\t--\t--\t--\n',
    );
    try {
      const scorer = loadScorer('labmt', file);
      expect(scorer.name).toBe('labmt');
      expect(scorer.score('laughter').score).toBeCloseTo(8.5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails if labmt comes without a word list, saying how to name one', () => {
    expect(() => loadScorer('labmt', undefined)).toThrow(
      new ScorerSetupError(
        'missing-labmt-file',
        'the labmt lexicon needs the labMT 1.0 word list: set TRENDOFF_LABMT_FILE to its path',
      ),
    );
  });

  test('fails if the word list cannot be read or is not one, naming the file', () => {
    expect(() => loadScorer('labmt', '/no/such/labmt.txt')).toThrow(
      'cannot read the labMT word list /no/such/labmt.txt: ENOENT',
    );
    expect(() => loadScorer('labmt', __filename)).toThrow(ScorerSetupError);
    expect(() => loadScorer('labmt', __filename)).toThrow(`${__filename}: `);
  });
});
