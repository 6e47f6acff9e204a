import { scoreScale } from '../../web/src/score-scale';

describe('score-scale', () => {
  test('GIVEN vader WHEN scaling THEN the range is its full compound scale, neutral at 0, whatever the data', () => {
    expect(scoreScale('vader', [{ mean: 0.1, sd: 0.05 }])).toEqual({ domain: [-1, 1], neutral: 0 });
  });

  test('GIVEN labmt WHEN scaling THEN the range is 1 to 9, neutral at 5', () => {
    expect(scoreScale('labmt')).toEqual({ domain: [1, 9], neutral: 5 });
  });

  test('GIVEN afinn with small scores WHEN scaling THEN the range is at least ±5', () => {
    expect(scoreScale('afinn', [{ mean: 1.5, sd: 1 }])).toEqual({ domain: [-5, 5], neutral: 0 });
  });

  test('GIVEN afinn with a band beyond ±5 WHEN scaling THEN the range grows symmetrically to hold mean ± sd', () => {
    // GIVEN mean −6.5 with sd 1.2 reaches −7.7
    const s = scoreScale('afinn', [
      { mean: -6.5, sd: 1.2 },
      { mean: null, sd: null },
    ]);
    // THEN
    expect(s.domain).toEqual([-8, 8]);
  });
});
