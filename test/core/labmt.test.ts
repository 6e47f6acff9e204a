import { createLabMTScorer, parseLabMT } from '../../lambda/core/sentiment/labmt';

// A tiny list in the labMT 1.0 file layout (preamble, then a tab-separated table); values are made up.
const FILE = [
  'labMT 1.0 test list',
  'made by the tests',
  '',
  'word\thappiness_rank\thappiness_average\thappiness_standard_deviation\ttwitter_rank\tgoogle_rank\tnyt_rank\tlyrics_rank',
  'laughter\t1\t8.5\t0.93\t3600\t--\t--\t1728',
  'happy\t2\t8.3\t1.0\t65\t1000\t--\t200',
  'the\t3\t4.98\t0.9\t1\t1\t1\t1',
  'debate\t4\t5.5\t1.2\t--\t--\t--\t--',
  'six\t5\t6\t1\t--\t--\t--\t--',
  'terrorist\t6\t1.3\t0.9\t--\t--\t--\t--',
].join('\n');

describe('parseLabMT', () => {
  test('GIVEN the labMT 1.0 table layout WHEN parsed THEN word → happiness_average', () => {
    const r = parseLabMT(FILE);
    expect(r.ok && [...r.words]).toEqual([
      ['laughter', 8.5],
      ['happy', 8.3],
      ['the', 4.98],
      ['debate', 5.5],
      ['six', 6],
      ['terrorist', 1.3],
    ]);
  });

  test('GIVEN a plain two-column list WHEN parsed THEN it is accepted', () => {
    const r = parseLabMT('good\t7\nbad,2.5\n');
    expect(r.ok && [...r.words]).toEqual([
      ['good', 7],
      ['bad', 2.5],
    ]);
  });

  test('fails if a score is outside 1..9, naming the line', () => {
    const r = parseLabMT('good\t7\nbad\t12\n');
    expect(r.ok ? '' : r.error).toMatch(/^line 2: /);
  });

  test('fails if the file has no words', () => {
    expect(parseLabMT('\n\n').ok).toBe(false);
  });
});

describe('createLabMTScorer', () => {
  const parsed = parseLabMT(FILE);
  if (!parsed.ok) throw new Error(parsed.error);
  const labmt = createLabMTScorer(parsed.words);

  test('GIVEN words inside and outside the lens WHEN scored THEN h averages only words with |h − 5| ≥ 1', () => {
    const r = labmt.score('The debate: laughter, happy, terrorist, the end');
    expect(r.score).toBeCloseTo((8.5 + 8.3 + 1.3) / 3, 12);
    expect(r.tokens.map((t) => t.token)).toEqual(['laughter', 'happy', 'terrorist']);
    expect(r.polarity).toBe(1);
  });

  test('GIVEN repeated words WHEN scored THEN each occurrence weighs (frequency-weighted mean)', () => {
    expect(labmt.score('terrorist terrorist terrorist happy').score).toBeCloseTo((3 * 1.3 + 8.3) / 4, 12);
  });

  test('GIVEN a word exactly on the lens edge WHEN scored THEN it counts (the lens is open: 4 < h < 6)', () => {
    expect(labmt.score('six').score).toBe(6);
  });

  test('GIVEN no rated word outside the lens WHEN scored THEN the text sits at neutral 5 with no tokens', () => {
    expect(labmt.score('the debate')).toEqual({ score: 5, polarity: 0, tokens: [] });
  });

  test('GIVEN a wider lens WHEN scored THEN more words are ignored', () => {
    const wide = createLabMTScorer(parsed.words, { deltaH: 3.4 });
    expect(wide.score('happy terrorist').score).toBe(1.3);
  });

  test('GIVEN hashtags and elongations WHEN scored THEN #happy and haaappy count', () => {
    expect(labmt.score('#happy').score).toBe(8.3);
    expect(labmt.score('haaappy').score).toBe(8.3);
  });

  test('fails if deltaH is out of range', () => {
    expect(() => createLabMTScorer(parsed.words, { deltaH: 4 })).toThrow('deltaH must be in [0, 4), got 4');
  });
});
