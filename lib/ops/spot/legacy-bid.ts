/**
 * The original system's hand-bidding rule, kept as an explicit strategy: for the primary node's type,
 * average (plainly, point by point) the spot prices the API returned for the lookback in each zone,
 * take the zone with the lowest mean and bid 20% above it, never below $0.02. Since 2017 a bid is only
 * a price cap, so this mainly reproduces old runs; the default strategy is in recommend.ts.
 */
import type { SpotPricePoint } from './price-history';

/** The rule's two knobs. */
export interface LegacyBidOptions {
  /** Multiplier over the zone's mean. @default 1.2 */
  readonly markup?: number;
  /** Lowest bid in USD per hour. @default 0.02 */
  readonly floor?: number;
}

/** One zone's plain mean. */
export interface ZoneMean {
  readonly availabilityZone: string;
  readonly mean: number;
  readonly points: number;
}

/** The rule's outcome: where to bid and how much. */
export interface LegacyBid {
  readonly instanceType: string;
  readonly availabilityZone: string;
  readonly mean: number;
  /** USD per instance-hour: max(mean × markup, floor). */
  readonly bid: number;
  readonly markup: number;
  readonly floor: number;
  /** Every zone's mean, lowest first, so the choice can be checked. */
  readonly zones: readonly ZoneMean[];
}

export const LEGACY_MARKUP = 1.2;
export const LEGACY_FLOOR = 0.02;

/**
 * Applies the legacy rule to the prices returned for `instanceType`; undefined when none were returned.
 * Ties between zones go to the alphabetically first, so the answer is deterministic.
 */
export function legacyBid(
  points: readonly SpotPricePoint[],
  instanceType: string,
  options: LegacyBidOptions = {},
): LegacyBid | undefined {
  const markup = options.markup ?? LEGACY_MARKUP;
  const floor = options.floor ?? LEGACY_FLOOR;
  const sums = new Map<string, { sum: number; n: number }>();
  for (const p of points) {
    if (p.instanceType !== instanceType) continue;
    const s = sums.get(p.availabilityZone) ?? { sum: 0, n: 0 };
    s.sum += p.price;
    s.n += 1;
    sums.set(p.availabilityZone, s);
  }
  const zones: ZoneMean[] = [...sums.entries()]
    .map(([availabilityZone, s]) => ({ availabilityZone, mean: s.sum / s.n, points: s.n }))
    .sort((a, b) => a.mean - b.mean || a.availabilityZone.localeCompare(b.availabilityZone));
  if (zones.length === 0) return undefined;
  const best = zones[0];
  return {
    instanceType,
    availabilityZone: best.availabilityZone,
    mean: best.mean,
    bid: Math.max(best.mean * markup, floor),
    markup,
    floor,
    zones,
  };
}
