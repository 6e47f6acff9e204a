import type { AdvisorEntry } from '../../lib/ops/spot/advisor';
import { legacyBid } from '../../lib/ops/spot/legacy-bid';
import type { PoolSummary } from '../../lib/ops/spot/price-history';
import { legacyRecommendation, recommendFleet } from '../../lib/ops/spot/recommend';

const pool = (
  instanceType: string,
  availabilityZone: string,
  current: number,
  average: number,
): PoolSummary => ({
  instanceType,
  availabilityZone,
  current,
  average,
  coveredMs: 7 * 86_400_000,
  points: 3,
});

describe('spot recommendation', () => {
  const pools = [
    pool('m5.xlarge', 'us-east-1a', 0.07, 0.08),
    pool('m5.xlarge', 'us-east-1b', 0.09, 0.1),
    pool('m5a.xlarge', 'us-east-1a', 0.06, 0.06),
    pool('m6i.xlarge', 'us-east-1c', 0.09, 0.085),
  ];
  const onDemand = new Map([
    ['m5.xlarge', 0.192],
    ['m5a.xlarge', 0.172],
    ['m6i.xlarge', 0.192],
  ]);
  const advisor = new Map<string, AdvisorEntry>([
    ['m5.xlarge', { savingsPercent: 63, band: 1, interruption: '5-10%' }],
    ['m6i.xlarge', { savingsPercent: 58, band: 4, interruption: '>20%' }],
  ]);

  test('GIVEN three priced types WHEN recommending THEN a price-capacity fleet over every zone, cheapest first, no max price', () => {
    // WHEN
    const rec = recommendFleet({
      region: 'us-east-1',
      instanceTypes: ['m5.xlarge', 'm5a.xlarge', 'm6i.xlarge'],
      pools,
      onDemand,
      advisor,
      nodes: 4,
      hours: 3,
    });
    // THEN
    expect(rec.allocationStrategy).toBe('price-capacity-optimized');
    expect(rec.instanceTypes.map((t) => t.instanceType)).toEqual(['m5a.xlarge', 'm6i.xlarge', 'm5.xlarge']);
    expect(rec.availabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(rec.maxPrice).toBeUndefined();
    expect(rec.targetSpotCapacity).toBe(4);
    expect(rec.onDemandFallback.timeoutAction).toBe('SWITCH_TO_ON_DEMAND');
    const m5 = rec.instanceTypes[2];
    // m5: average of its zones (0.08 + 0.1) / 2 = 0.09; savings 1 − 0.09 / 0.192 = 53.125% → 53.1
    expect(m5.averageSpotPrice).toBeCloseTo(0.09, 12);
    expect(m5.currentSpotPrice).toBe(0.07);
    expect(m5.savingsPercent).toBe(53.1);
    expect(m5.interruption).toBe('5-10%');
    expect(m5.availabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
    // the type the advisor does not list has no band, and the >20% type is flagged
    expect(rec.instanceTypes[0].interruption).toBeUndefined();
    expect(rec.notes).toEqual([expect.stringContaining('m6i.xlarge')]);
  });

  test('GIVEN pool averages WHEN costing 4 nodes × 3 h THEN expected, low and on-demand fallback follow the stated assumptions', () => {
    const rec = recommendFleet({
      region: 'us-east-1',
      instanceTypes: ['m5.xlarge', 'm5a.xlarge', 'm6i.xlarge'],
      pools,
      onDemand,
      nodes: 4,
      hours: 3,
    });
    // mean of pool averages (0.08 + 0.1 + 0.06 + 0.085) / 4 = 0.08125 → × 12 node-hours = 0.975
    expect(rec.cost.expectedPricePerNodeHour).toBeCloseTo(0.08125, 12);
    expect(rec.cost.expected).toBeCloseTo(0.975, 12);
    // cheapest pool 0.06 × 12 = 0.72; dearest on-demand 0.192 × 12 = 2.304
    expect(rec.cost.low).toBeCloseTo(0.72, 12);
    expect(rec.cost.onDemandFallback).toBeCloseTo(2.304, 12);
    expect(rec.cost.assumptions.length).toBeGreaterThanOrEqual(3);
  });

  test('GIVEN a type without spot prices and no on-demand source WHEN recommending THEN it is excluded and gaps stay gaps', () => {
    const rec = recommendFleet({
      region: 'us-east-1',
      instanceTypes: ['m5.xlarge', 'x9.huge'],
      pools,
      nodes: 2,
      hours: 1,
    });
    expect(rec.instanceTypes.map((t) => t.instanceType)).toEqual(['m5.xlarge']);
    expect(rec.excluded).toEqual([
      { instanceType: 'x9.huge', reason: 'no Linux/UNIX spot prices in us-east-1' },
    ]);
    expect(rec.instanceTypes[0].onDemandPrice).toBeUndefined();
    expect(rec.instanceTypes[0].savingsPercent).toBeUndefined();
    expect(rec.cost.onDemandFallback).toBeUndefined();
    expect(rec.notes).toEqual([expect.stringContaining('at least 3 interchangeable types')]);
  });

  test('GIVEN --max-price below a current price WHEN recommending THEN the cap is kept and both warnings are given', () => {
    const rec = recommendFleet({
      region: 'us-east-1',
      instanceTypes: ['m5.xlarge', 'm5a.xlarge', 'm6i.xlarge'],
      pools,
      nodes: 1,
      hours: 1,
      maxPrice: 0.08,
    });
    expect(rec.maxPrice).toBe(0.08);
    expect(rec.notes).toEqual([
      expect.stringContaining('AWS advises against one'),
      'current spot price above the max price for m6i.xlarge',
    ]);
  });

  test('GIVEN a legacy bid WHEN wrapped as a recommendation THEN the cost uses the mean and the bid is the cap', () => {
    const bid = legacyBid(
      [
        { instanceType: 'm3.xlarge', availabilityZone: 'us-east-1a', price: 0.05, time: 0 },
        { instanceType: 'm3.xlarge', availabilityZone: 'us-east-1a', price: 0.07, time: 1 },
      ],
      'm3.xlarge',
    );
    if (bid === undefined) throw new Error('expected a bid');
    const rec = legacyRecommendation('us-east-1', bid, 5, 2);
    expect(rec.kind).toBe('legacy-bid');
    expect(rec.cost.expected).toBeCloseTo(0.6, 12);
    expect(rec.cost.assumptions[1]).toContain('$0.72 at most');
  });
});
