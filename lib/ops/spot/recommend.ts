/**
 * What `trendoff spot` recommends, as plain typed data the EMR launcher can build instance fleets from.
 * The default is the post-2017 practice: several interchangeable types in every zone, the
 * price-capacity-optimized allocation strategy, on-demand fallback, and no max price (a cap only adds
 * interruptions). The legacy bid is the original hand rule (legacy-bid.ts), kept for comparison.
 */
import type { AdvisorEntry } from './advisor';
import type { LegacyBid } from './legacy-bid';
import type { PoolSummary } from './price-history';

/** One instance type of the fleet, with the figures that justified it. */
export interface FleetInstanceType {
  readonly instanceType: string;
  /** Units of capacity one instance counts for: the types are taken as interchangeable. */
  readonly weightedCapacity: 1;
  /** Lowest current spot price over its zones, USD/hour. */
  readonly currentSpotPrice: number;
  /** Mean over its zones of the time-weighted average spot price, USD/hour. */
  readonly averageSpotPrice: number;
  /** On-demand price, USD/hour; undefined when the Price List API was not reachable. */
  readonly onDemandPrice?: number;
  /** 100 × (1 − average spot / on-demand); undefined without an on-demand price. */
  readonly savingsPercent?: number;
  /** Monthly interruption-frequency band from the Spot Instance Advisor, e.g. "<5%". */
  readonly interruption?: string;
  /** The band's index (0 = least interrupted). */
  readonly interruptionBand?: number;
  /** Zones with spot prices for this type. */
  readonly availabilityZones: readonly string[];
}

/** Expected cost of running the fleet, with the assumptions behind each figure. */
export interface CostEstimate {
  readonly nodes: number;
  readonly hours: number;
  /** USD per node-hour the estimate assumes. */
  readonly expectedPricePerNodeHour: number;
  /** USD for nodes × hours at the expected price. */
  readonly expected: number;
  /** USD if every node lands in the cheapest pool. */
  readonly low: number;
  /** USD if every node falls back to on-demand at the dearest type's price; undefined without prices. */
  readonly onDemandFallback?: number;
  readonly assumptions: readonly string[];
}

/** The default strategy's answer: an EMR/EC2 instance fleet. */
export interface FleetRecommendation {
  readonly kind: 'fleet';
  readonly region: string;
  readonly allocationStrategy: 'price-capacity-optimized';
  /** Cheapest (time-weighted) first. */
  readonly instanceTypes: readonly FleetInstanceType[];
  /** Every zone with prices for any recommended type: give the fleet a subnet in each. */
  readonly availabilityZones: readonly string[];
  readonly targetSpotCapacity: number;
  readonly targetOnDemandCapacity: 0;
  /** If spot capacity is not found in time, switch to on-demand rather than fail. */
  readonly onDemandFallback: {
    readonly timeoutAction: 'SWITCH_TO_ON_DEMAND';
    readonly timeoutMinutes: number;
  };
  /** USD/hour cap, only when the user asked for one; otherwise the on-demand price caps. */
  readonly maxPrice?: number;
  /** Requested types left out, with why. */
  readonly excluded: readonly { readonly instanceType: string; readonly reason: string }[];
  readonly cost: CostEstimate;
  readonly notes: readonly string[];
}

/** The legacy strategy's answer: one type, one zone, one bid. */
export interface LegacyBidRecommendation extends LegacyBid {
  readonly kind: 'legacy-bid';
  readonly region: string;
  readonly cost: CostEstimate;
  readonly notes: readonly string[];
}

/** What `trendoff spot` recommends. */
export type SpotRecommendation = FleetRecommendation | LegacyBidRecommendation;

/** Minutes the fleet waits for spot capacity before switching to on-demand (EMR allows 5–1440). */
export const FALLBACK_TIMEOUT_MINUTES = 10;
/** AWS's advice for flexibility: at least this many interchangeable types. */
export const MIN_FLEXIBLE_TYPES = 3;

/** Inputs of the default strategy. */
export interface FleetInputs {
  readonly region: string;
  readonly instanceTypes: readonly string[];
  readonly pools: readonly PoolSummary[];
  readonly onDemand?: ReadonlyMap<string, number>;
  readonly advisor?: ReadonlyMap<string, AdvisorEntry>;
  readonly nodes: number;
  readonly hours: number;
  readonly maxPrice?: number;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Builds the price-capacity-optimized fleet recommendation from per-pool summaries. */
export function recommendFleet(input: FleetInputs): FleetRecommendation {
  const types: FleetInstanceType[] = [];
  const excluded: { instanceType: string; reason: string }[] = [];
  for (const instanceType of input.instanceTypes) {
    const pools = input.pools.filter((p) => p.instanceType === instanceType);
    if (pools.length === 0) {
      excluded.push({ instanceType, reason: `no Linux/UNIX spot prices in ${input.region}` });
      continue;
    }
    const averageSpotPrice = mean(pools.map((p) => p.average));
    const onDemandPrice = input.onDemand?.get(instanceType);
    const advice = input.advisor?.get(instanceType);
    types.push({
      instanceType,
      weightedCapacity: 1,
      currentSpotPrice: Math.min(...pools.map((p) => p.current)),
      averageSpotPrice,
      ...(onDemandPrice !== undefined
        ? { onDemandPrice, savingsPercent: savingsPercent(averageSpotPrice, onDemandPrice) }
        : {}),
      ...(advice !== undefined ? { interruption: advice.interruption, interruptionBand: advice.band } : {}),
      availabilityZones: pools.map((p) => p.availabilityZone).sort(),
    });
  }
  types.sort(
    (a, b) => a.averageSpotPrice - b.averageSpotPrice || a.instanceType.localeCompare(b.instanceType),
  );
  const chosen = new Set(types.map((t) => t.instanceType));
  const pools = input.pools.filter((p) => chosen.has(p.instanceType));
  const zones = [...new Set(pools.map((p) => p.availabilityZone))].sort();
  return {
    kind: 'fleet',
    region: input.region,
    allocationStrategy: 'price-capacity-optimized',
    instanceTypes: types,
    availabilityZones: zones,
    targetSpotCapacity: input.nodes,
    targetOnDemandCapacity: 0,
    onDemandFallback: { timeoutAction: 'SWITCH_TO_ON_DEMAND', timeoutMinutes: FALLBACK_TIMEOUT_MINUTES },
    ...(input.maxPrice !== undefined ? { maxPrice: input.maxPrice } : {}),
    excluded,
    cost: fleetCost(types, pools, input.nodes, input.hours),
    notes: fleetNotes(types, input.maxPrice),
  };
}

/** Savings of a spot price over on-demand, in percent (one decimal). */
export function savingsPercent(spot: number, onDemand: number): number {
  return Math.round(1000 * (1 - spot / onDemand)) / 10;
}

function fleetCost(
  types: readonly FleetInstanceType[],
  pools: readonly PoolSummary[],
  nodes: number,
  hours: number,
): CostEstimate {
  const nodeHours = nodes * hours;
  if (pools.length === 0) {
    return {
      nodes,
      hours,
      expectedPricePerNodeHour: NaN,
      expected: NaN,
      low: NaN,
      assumptions: ['no spot prices for any requested type: no estimate'],
    };
  }
  const expectedPrice = mean(pools.map((p) => p.average));
  const lowPrice = Math.min(...pools.map((p) => p.average));
  const onDemand = types.map((t) => t.onDemandPrice);
  const allOnDemand = onDemand.every((p) => p !== undefined);
  const assumptions = [
    'price-capacity-optimized may place nodes in any recommended pool (type × zone), so the expected ' +
      'price is the mean of the pools’ time-weighted average spot prices over the lookback',
    'low: every node in the cheapest pool at its average price',
    'spot prices hold at their lookback averages for the whole run; no interruptions, storage or data transfer',
  ];
  if (allOnDemand) assumptions.push('on-demand fallback: every node on-demand at the dearest type’s price');
  else assumptions.push('on-demand fallback: not estimated (on-demand prices unavailable)');
  return {
    nodes,
    hours,
    expectedPricePerNodeHour: expectedPrice,
    expected: expectedPrice * nodeHours,
    low: lowPrice * nodeHours,
    ...(allOnDemand ? { onDemandFallback: Math.max(...(onDemand as number[])) * nodeHours } : {}),
    assumptions,
  };
}

function fleetNotes(types: readonly FleetInstanceType[], maxPrice: number | undefined): string[] {
  const notes: string[] = [];
  if (types.length < MIN_FLEXIBLE_TYPES) {
    notes.push(
      `only ${types.length} instance type(s): AWS advises at least ${MIN_FLEXIBLE_TYPES} interchangeable ` +
        'types so the fleet can move to pools with spare capacity',
    );
  }
  const risky = types.filter((t) => t.interruptionBand !== undefined && t.interruptionBand >= 4);
  if (risky.length > 0) {
    notes.push(`highest interruption band for ${risky.map((t) => t.instanceType).join(', ')}`);
  }
  if (maxPrice !== undefined) {
    notes.push(
      `max price $${maxPrice}/h set: it only caps what you pay, and AWS advises against one (more interruptions)`,
    );
    const above = types.filter((t) => t.currentSpotPrice > maxPrice).map((t) => t.instanceType);
    if (above.length > 0) notes.push(`current spot price above the max price for ${above.join(', ')}`);
  }
  return notes;
}

/** Wraps the legacy rule's outcome with its cost for nodes × hours. */
export function legacyRecommendation(
  region: string,
  bid: LegacyBid,
  nodes: number,
  hours: number,
): LegacyBidRecommendation {
  const nodeHours = nodes * hours;
  return {
    kind: 'legacy-bid',
    region,
    ...bid,
    cost: {
      nodes,
      hours,
      expectedPricePerNodeHour: bid.mean,
      expected: bid.mean * nodeHours,
      low: bid.mean * nodeHours,
      assumptions: [
        `every node in ${bid.availabilityZone} at the zone's mean spot price; you pay the spot price, not the bid`,
        `the bid ($${bid.bid.toFixed(4)}/h) caps the price: ${nodes} × ${hours} h × bid = $${(bid.bid * nodeHours).toFixed(2)} at most`,
      ],
    },
    notes: [
      'legacy rule: since 2017 a bid is only a price cap; a single type in a single zone is more likely to be ' +
        'interrupted or refused than a price-capacity-optimized fleet (the default strategy)',
    ],
  };
}
