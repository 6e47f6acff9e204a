/**
 * Instance fleets for the re-analysis cluster, built from a spot recommendation: an on-demand
 * primary node (losing it loses the cluster) and a core fleet that mixes spot and on-demand
 * capacity over many instance types, so EMR can find capacity where the spot pools are deep.
 */
import type { InstanceFleetConfig, InstanceTypeConfig } from '@aws-sdk/client-emr';

/** EMR accepts up to 30 instance types per fleet when an allocation strategy is set. */
export const MAX_FLEET_INSTANCE_TYPES = 30;

export type SpotAllocationStrategy =
  | 'price-capacity-optimized'
  | 'capacity-optimized'
  | 'capacity-optimized-prioritized'
  | 'lowest-price'
  | 'diversified';

/** One candidate instance type of a recommendation. */
export interface RecommendedType {
  readonly instanceType: string;
  /** Capacity units one instance counts for (e.g. its vCPUs / 4). */
  readonly weight: number;
  /** Cap on the spot price, USD per hour; AWS advises leaving it unset (more interruptions). */
  readonly maxPrice?: number;
}

/**
 * What the fleet builder needs from `trendoff spot`'s recommendation: types in order of
 * preference, with weights, and the capacity to buy on each market.
 */
export interface FleetRecommendation {
  readonly instanceTypes: readonly RecommendedType[];
  /** Capacity units to run on demand (at least one of the targets must be positive). */
  readonly onDemandTarget: number;
  readonly spotTarget: number;
  readonly allocationStrategy: SpotAllocationStrategy;
}

export interface FleetOptions {
  /** Instance type of the single on-demand primary node. @default the first recommended type */
  readonly primaryInstanceType?: string;
  /** Minutes to wait for spot capacity before switching to on demand (5 to 1440). @default 10 */
  readonly spotTimeoutMinutes?: number;
}

/** Why a recommendation cannot become a fleet. */
export class FleetError extends Error {
  override name = 'FleetError';
}

/**
 * PRIMARY (one on-demand instance) and CORE fleets, in the shape of the EMR API (RunJobFlow's
 * `Instances.InstanceFleets`). Types beyond the API's limit are dropped from the end (the least
 * preferred); duplicates keep their first place.
 * @throws FleetError on an empty recommendation, bad weights or targets, or a timeout out of range.
 */
export function buildInstanceFleets(
  rec: FleetRecommendation,
  options: FleetOptions = {},
): InstanceFleetConfig[] {
  const types = distinctTypes(rec.instanceTypes).slice(0, MAX_FLEET_INSTANCE_TYPES);
  const first = types[0];
  if (first === undefined) throw new FleetError('the recommendation has no instance types');
  for (const t of types) {
    if (!Number.isInteger(t.weight) || t.weight < 1 || t.weight > 65_535)
      throw new FleetError(`${t.instanceType}: weight must be an integer from 1 to 65535, got ${t.weight}`);
    if (t.maxPrice !== undefined && !(t.maxPrice > 0))
      throw new FleetError(`${t.instanceType}: maxPrice must be positive, got ${t.maxPrice}`);
  }
  for (const [name, v] of [
    ['onDemandTarget', rec.onDemandTarget],
    ['spotTarget', rec.spotTarget],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new FleetError(`${name} must be a whole number ≥ 0, got ${v}`);
  }
  if (rec.onDemandTarget + rec.spotTarget === 0)
    throw new FleetError('the recommendation asks for no capacity');
  const timeout = options.spotTimeoutMinutes ?? 10;
  if (!Number.isInteger(timeout) || timeout < 5 || timeout > 1440)
    throw new FleetError(`the spot timeout must be 5 to 1440 minutes, got ${timeout}`);

  const typeConfigs: InstanceTypeConfig[] = types.map((t) => ({
    InstanceType: t.instanceType,
    WeightedCapacity: t.weight,
    // Without a cap EMR bids up to the on-demand price, which is what AWS recommends.
    ...(t.maxPrice !== undefined ? { BidPrice: t.maxPrice.toFixed(4) } : {}),
  }));
  return [
    {
      Name: 'Primary',
      InstanceFleetType: 'MASTER',
      TargetOnDemandCapacity: 1,
      TargetSpotCapacity: 0,
      InstanceTypeConfigs: [{ InstanceType: options.primaryInstanceType ?? first.instanceType }],
    },
    {
      Name: 'Core',
      InstanceFleetType: 'CORE',
      TargetOnDemandCapacity: rec.onDemandTarget,
      TargetSpotCapacity: rec.spotTarget,
      InstanceTypeConfigs: typeConfigs,
      LaunchSpecifications: {
        SpotSpecification: {
          TimeoutDurationMinutes: timeout,
          TimeoutAction: 'SWITCH_TO_ON_DEMAND',
          AllocationStrategy: rec.allocationStrategy,
        },
        OnDemandSpecification: { AllocationStrategy: 'lowest-price' },
      },
    },
  ];
}

function distinctTypes(types: readonly RecommendedType[]): RecommendedType[] {
  const seen = new Set<string>();
  return types.filter((t) => !seen.has(t.instanceType) && seen.add(t.instanceType) !== undefined);
}

/** A fleet recommendation read from a file, and the spot timeout it suggests (if it came from `trendoff spot`). */
export interface ReadRecommendation {
  readonly recommendation: FleetRecommendation;
  readonly spotTimeoutMinutes?: number;
}

/**
 * Reads what `--recommendation` points at: the output of `trendoff spot --json` (its
 * `recommendation`, fleet or legacy bid), that recommendation alone, or this module's own
 * {@link FleetRecommendation} shape.
 * @throws FleetError naming what is missing.
 */
export function readRecommendation(value: unknown): ReadRecommendation {
  const obj = asObject(value, 'the recommendation');
  const rec = 'recommendation' in obj ? obj.recommendation : obj;
  if (rec === null)
    throw new FleetError('the spot report has no recommendation (no spot prices for the requested types)');
  const r = asObject(rec, 'recommendation');
  if (r.kind === 'fleet') {
    const types = Array.isArray(r.instanceTypes) ? r.instanceTypes : [];
    const maxPrice = typeof r.maxPrice === 'number' ? r.maxPrice : undefined;
    const fallback =
      typeof r.onDemandFallback === 'object' && r.onDemandFallback !== null
        ? (r.onDemandFallback as Record<string, unknown>)
        : {};
    return {
      recommendation: {
        instanceTypes: types.map((t, i) => {
          const o = asObject(t, `instanceTypes[${i}]`);
          if (typeof o.instanceType !== 'string')
            throw new FleetError(`instanceTypes[${i}].instanceType is missing`);
          const weight = typeof o.weightedCapacity === 'number' ? o.weightedCapacity : 1;
          return { instanceType: o.instanceType, weight, ...(maxPrice !== undefined ? { maxPrice } : {}) };
        }),
        spotTarget: numberField(r, 'targetSpotCapacity'),
        onDemandTarget: numberField(r, 'targetOnDemandCapacity'),
        allocationStrategy: 'price-capacity-optimized',
      },
      ...(typeof fallback.timeoutMinutes === 'number' ? { spotTimeoutMinutes: fallback.timeoutMinutes } : {}),
    };
  }
  if (r.kind === 'legacy-bid') {
    // The original rule: one type, bid as a cap; the zone is chosen through the subnets given.
    if (typeof r.instanceType !== 'string' || typeof r.bid !== 'number') {
      throw new FleetError('the legacy-bid recommendation needs instanceType and bid');
    }
    return {
      recommendation: {
        instanceTypes: [{ instanceType: r.instanceType, weight: 1, maxPrice: r.bid }],
        spotTarget: 1,
        onDemandTarget: 0,
        allocationStrategy: 'lowest-price',
      },
    };
  }
  if (Array.isArray(r.instanceTypes)) return { recommendation: r as unknown as FleetRecommendation };
  throw new FleetError(
    'not a fleet recommendation: expected `trendoff spot --json` output or {instanceTypes, spotTarget, onDemandTarget, allocationStrategy}',
  );
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new FleetError(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

function numberField(o: Record<string, unknown>, name: string): number {
  const v = o[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FleetError(`${name} must be a number`);
  return v;
}
