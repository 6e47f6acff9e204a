import { packIds, RecentIds, unpackIds } from '../../lambda/core/dedupe';

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

  test('GIVEN an id first brought by one stream record WHEN that record comes again THEN it is not a repeat, but another record with the id is', () => {
    const seen = new RecentIds(10);
    expect(seen.firstSighting('7', 'shard-0/100')).toBe(true);
    // a retried batch: the same record
    expect(seen.firstSighting('7', 'shard-0/100')).toBe(true);
    // a copy: another record, or no record named
    expect(seen.firstSighting('7', 'shard-0/101')).toBe(false);
    expect(seen.firstSighting('7')).toBe(false);
  });

  test('GIVEN a full window WHEN listed and rebuilt THEN the ids come oldest first and the rebuilt window remembers them', () => {
    const seen = new RecentIds(3);
    for (const id of ['1', '2', '3', '4']) seen.firstSighting(id);
    expect(seen.ids()).toEqual(['2', '3', '4']);
    const next = RecentIds.of(seen.ids(), 3);
    expect(next.firstSighting('3')).toBe(false);
    // the newest are kept when more are given than fit
    expect(RecentIds.of(['1', '2', '3', '4'], 2).ids()).toEqual(['3', '4']);
  });

  test('fails if the capacity is not a positive integer', () => {
    expect(() => new RecentIds(0)).toThrow('capacity must be a positive integer, got 0');
  });
});

describe('packIds / unpackIds', () => {
  test('GIVEN X ids up to 2^64 - 1 WHEN packed THEN 8 bytes each and they unpack unchanged, in order', () => {
    const ids = ['0', '1', '640000000000000123', '9007199254740993', '18446744073709551615'];
    const packed = packIds(ids);
    expect(packed.length).toBe(ids.length * 8);
    expect(unpackIds(packed)).toEqual(ids);
  });

  test('GIVEN ids that are not canonical 64-bit decimals WHEN packed THEN they are left out rather than aliased', () => {
    expect(unpackIds(packIds(['5', '007', '18446744073709551616', 'abc', '', '6']))).toEqual(['5', '6']);
  });

  test('GIVEN bytes from a sub-array of a larger buffer WHEN unpacked THEN only its own bytes are read', () => {
    const whole = new Uint8Array(24);
    whole.set(packIds(['1', '2']), 8);
    expect(unpackIds(whole.subarray(8, 24))).toEqual(['1', '2']);
  });

  test('fails if the length is not a whole number of ids', () => {
    expect(() => unpackIds(new Uint8Array(12))).toThrow('packed ids must be a multiple of 8 bytes, got 12');
  });
});
