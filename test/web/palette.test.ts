import { candidateColours, FALLBACK_PALETTE } from '../../web/src/palette';

describe('palette', () => {
  test('GIVEN candidates with valid colours WHEN colouring THEN each keeps its own, lower-cased', () => {
    const colours = candidateColours([
      { id: 'a', name: 'A', color: '#D62728' },
      { id: 'b', name: 'B', color: '#1f77b4' },
    ]);
    expect([...colours]).toEqual([
      ['a', '#d62728'],
      ['b', '#1f77b4'],
    ]);
  });

  test('GIVEN candidates without a colour WHEN colouring THEN they get distinct palette colours in order', () => {
    const colours = candidateColours([
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ]);
    expect(colours.get('a')).toBe(FALLBACK_PALETTE[0]);
    expect(colours.get('b')).toBe(FALLBACK_PALETTE[1]);
  });

  test('GIVEN a configured blue WHEN colouring a colourless candidate THEN the fallback skips the palette blue close to it', () => {
    // GIVEN the palette starts with a blue (#4e79a7) close to the configured one
    const colours = candidateColours([
      { id: 'a', name: 'A', color: '#1f77b4' },
      { id: 'b', name: 'B' },
    ]);
    // THEN
    expect(colours.get('b')).not.toBe('#4e79a7');
    expect(colours.get('b')).toBe(FALLBACK_PALETTE[1]);
  });

  test('rejects a colour that is not #rrggbb, falling back to the palette', () => {
    const colours = candidateColours([{ id: 'a', name: 'A', color: 'red" onload="x' }]);
    expect(colours.get('a')).toBe(FALLBACK_PALETTE[0]);
  });

  test('GIVEN more colourless candidates than free colours WHEN colouring THEN the palette cycles', () => {
    const candidates = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, name: `C${i}` }));
    const colours = candidateColours(candidates, ['#111111', '#eeeeee']);
    expect([...colours.values()].slice(0, 4)).toEqual(['#111111', '#eeeeee', '#111111', '#eeeeee']);
  });
});
