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
