import { legacyBid } from '../../lib/ops/spot/legacy-bid';
import type { SpotPricePoint } from '../../lib/ops/spot/price-history';

const at = (
  instanceType: string,
  availabilityZone: string,
  price: number,
  minute: number,
): SpotPricePoint => ({
  instanceType,
  availabilityZone,
  price,
  time: minute * 60_000,
});

describe('legacy bid rule', () => {
  // One hour of prices as the API returned them, in three zones (plus another type that must be ignored).
  const points = [
    at('m3.xlarge', 'us-east-1a', 0.05, -30),
    at('m3.xlarge', 'us-east-1a', 0.07, 10),
    at('m3.xlarge', 'us-east-1a', 0.06, 40),
    at('m3.xlarge', 'us-east-1b', 0.04, -5),
    at('m3.xlarge', 'us-east-1b', 0.045, 50),
    at('m3.xlarge', 'us-east-1d', 0.09, -100),
    at('c3.xlarge', 'us-east-1e', 0.001, 0),
  ];

  test('GIVEN an hour of prices in three zones WHEN the rule runs THEN it bids 20% over the lowest zone mean', () => {
    // WHEN
    const bid = legacyBid(points, 'm3.xlarge');
    // THEN by hand: 1a (0.05+0.07+0.06)/3 = 0.06, 1b (0.04+0.045)/2 = 0.0425, 1d 0.09; bid 0.0425 × 1.2 = 0.051
    expect(bid?.availabilityZone).toBe('us-east-1b');
    expect(bid?.mean).toBeCloseTo(0.0425, 12);
    expect(bid?.bid).toBeCloseTo(0.051, 12);
    expect(bid?.zones.map((z) => [z.availabilityZone, z.points])).toEqual([
      ['us-east-1b', 2],
      ['us-east-1a', 3],
      ['us-east-1d', 1],
    ]);
    expect(bid?.zones[1].mean).toBeCloseTo(0.06, 12);
  });

  test('GIVEN a cheap type WHEN the rule runs THEN the bid never goes below the $0.02 floor', () => {
    // GIVEN a mean of 0.0065 in the only zone: 0.0065 × 1.2 = 0.0078 < 0.02
    const cheap = [at('t3.micro', 'eu-west-1a', 0.006, 0), at('t3.micro', 'eu-west-1a', 0.007, 30)];
    // WHEN
    const bid = legacyBid(cheap, 't3.micro');
    // THEN
    expect(bid?.mean).toBeCloseTo(0.0065, 12);
    expect(bid?.bid).toBe(0.02);
  });

  test('GIVEN a custom markup and floor WHEN the rule runs THEN both are applied', () => {
    const bid = legacyBid(points, 'm3.xlarge', { markup: 1.5, floor: 0.07 });
    // 0.0425 × 1.5 = 0.06375 < 0.07
    expect(bid?.bid).toBe(0.07);
    expect(legacyBid(points, 'm3.xlarge', { markup: 2, floor: 0 })?.bid).toBeCloseTo(0.085, 12);
  });

  test('GIVEN two zones with the same mean WHEN the rule runs THEN the alphabetically first zone wins', () => {
    const tie = [at('m5.large', 'us-west-2c', 0.03, 0), at('m5.large', 'us-west-2a', 0.03, 0)];
    expect(legacyBid(tie, 'm5.large')?.availabilityZone).toBe('us-west-2a');
  });

  test('rejects a type with no prices by returning no bid', () => {
    expect(legacyBid(points, 'r5.large')).toBeUndefined();
  });
});
