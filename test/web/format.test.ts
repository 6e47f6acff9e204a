import { formatDuration, formatMagnitude, formatScore } from '../../web/src/format';

describe('format', () => {
  test('GIVEN scores of either sign WHEN formatted THEN the sign is explicit, with a true minus sign', () => {
    expect([0.4404, -0.7424, 0, -0.0001, 12.345].map(formatScore)).toEqual([
      '+0.440',
      '\u22120.742',
      '0.000',
      '0.000',
      '+12.3',
    ]);
  });

  test('GIVEN a spread WHEN formatted THEN it has no sign', () => {
    expect(formatMagnitude(0.2104)).toBe('0.210');
  });

  test('GIVEN durations from milliseconds to hours WHEN formatted THEN each reads in the largest sensible unit', () => {
    expect([850, 1234, 59_940, 185_000, 7_620_000].map(formatDuration)).toEqual([
      '850 ms',
      '1.2 s',
      '59.9 s',
      '3 min 05 s',
      '2 h 07 min',
    ]);
  });
});
