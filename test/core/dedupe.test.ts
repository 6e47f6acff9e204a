import { RecentIds } from '../../lambda/core/dedupe';

describe('RecentIds', () => {
  test('GIVEN ids offered twice WHEN checked THEN only the first sighting is new', () => {
    const seen = new RecentIds(10);
    expect(['1', '2', '1', '3', '2'].map((id) => seen.firstSighting(id))).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
  });

  test('GIVEN more ids than the capacity WHEN checked THEN the oldest are forgotten and memory stays bounded', () => {
    const seen = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) seen.firstSighting(id);
    expect(seen.size).toBe(3);
    expect(seen.firstSighting('a')).toBe(true);
    expect(seen.firstSighting('d')).toBe(false);
  });

  test('fails if the capacity is not a positive integer', () => {
    expect(() => new RecentIds(0)).toThrow('capacity must be a positive integer, got 0');
  });
});
