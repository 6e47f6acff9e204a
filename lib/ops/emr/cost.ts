/**
 * Cost of the cluster in USD: an estimate per hour before it starts (from the fleets' targets)
 * and the spend so far (from the instances EMR launched and how long each ran). EC2 plus the EMR
 * fee; EBS and data transfer are left out. Pure: prices come in as data.
 */
import type { InstanceFleetConfig } from '@aws-sdk/client-emr';

/** USD per instance-hour of one instance type. */
export interface TypePrices {
  readonly onDemand: number;
  /** Current spot price; absent when the type has no spot offer here. */
  readonly spot?: number;
  /** The EMR fee, charged on top of EC2 whatever the market. */
  readonly emr: number;
}

export type PriceTable = ReadonlyMap<string, TypePrices>;

/** Cheapest and dearest hourly cost the fleets' targets can come to, over their instance types. */
export interface HourlyEstimate {
  readonly low: number;
  readonly high: number;
}

/**
 * Per fleet and market, the capacity target times the cheapest and the dearest price per unit
 * (price / weight) among its types: price-capacity-optimized lands in between.
 * @throws Error when a type of the fleets has no price.
 */
export function estimateHourly(fleets: readonly InstanceFleetConfig[], prices: PriceTable): HourlyEstimate {
  let low = 0;
  let high = 0;
  for (const f of fleets) {
    for (const market of ['onDemand', 'spot'] as const) {
      const target = (market === 'onDemand' ? f.TargetOnDemandCapacity : f.TargetSpotCapacity) ?? 0;
      if (target === 0) continue;
      const perUnit = (f.InstanceTypeConfigs ?? []).map((c) => {
        const type = c.InstanceType ?? '';
        const p = prices.get(type);
        if (p === undefined) throw new Error(`no price for ${type}`);
        // A type without a spot offer is bought on demand after the spot timeout.
        const ec2 = market === 'spot' ? (p.spot ?? p.onDemand) : p.onDemand;
        return (ec2 + p.emr) / (c.WeightedCapacity ?? 1);
      });
      if (perUnit.length === 0) continue;
      low += target * Math.min(...perUnit);
      high += target * Math.max(...perUnit);
    }
  }
  return { low, high };
}

/** One launched instance, as EMR's ListInstances reports it. */
export interface RanInstance {
  readonly instanceType: string;
  readonly market: 'ON_DEMAND' | 'SPOT';
  /** Epoch ms. */
  readonly startedAt: number;
  /** Epoch ms; absent while it runs. */
  readonly endedAt?: number;
}

/**
 * Spend so far: each instance's run time (to `now` if still running) at today's price. Spot is
 * billed per second at the price of the time, so this is an estimate, not the bill.
 * @throws Error when an instance's type has no price.
 */
export function spendSoFar(instances: readonly RanInstance[], prices: PriceTable, now: number): number {
  let usd = 0;
  for (const i of instances) {
    const p = prices.get(i.instanceType);
    if (p === undefined) throw new Error(`no price for ${i.instanceType}`);
    const hours = Math.max(0, (i.endedAt ?? now) - i.startedAt) / 3_600_000;
    const ec2 = i.market === 'SPOT' ? (p.spot ?? p.onDemand) : p.onDemand;
    usd += hours * (ec2 + p.emr);
  }
  return usd;
}

/** Instance types named by fleets, once each. */
export function fleetInstanceTypes(fleets: readonly InstanceFleetConfig[]): string[] {
  return [
    ...new Set(fleets.flatMap((f) => (f.InstanceTypeConfigs ?? []).map((c) => c.InstanceType ?? ''))),
  ].filter((t) => t !== '');
}
