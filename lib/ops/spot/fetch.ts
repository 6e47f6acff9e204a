/**
 * The SDK-facing half of `trendoff spot`: reads spot price history, on-demand prices, the Spot
 * Instance Advisor file and placement scores. Clients come from the caller, built with the standard
 * credential chain and endpoint configuration. Every source but the price history is optional: its
 * failure becomes a `gap` with the reason, never an exception.
 */
import {
  type _InstanceType,
  DescribeAvailabilityZonesCommand,
  type EC2Client,
  paginateDescribeSpotPriceHistory,
  paginateGetSpotPlacementScores,
} from '@aws-sdk/client-ec2';
import { paginateGetProducts, type PricingClient } from '@aws-sdk/client-pricing';
import { advisorEntries, type AdvisorEntry } from './advisor';
import { onDemandFilters, onDemandPrices } from './on-demand';
import type { SpotPricePoint } from './price-history';

/** A source's value, or why it is missing. */
export type Sourced<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly gap: string };

/** Progress callback: a short line saying what is being fetched. */
export type Progress = (message: string) => void;

/** The regions that serve the Price List Query API. */
export const PRICING_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;

/** One line naming an SDK or network error. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.name}: ${err.message}${cause}`;
  }
  return String(err);
}

/**
 * All Linux/UNIX spot price changes of the given types, every zone, between `start` and `end` (the API
 * also returns each pool's last change before `start`), following NextToken to the end.
 */
export async function fetchSpotPriceHistory(
  ec2: EC2Client,
  query: { instanceTypes: readonly string[]; start: Date; end: Date },
  progress: Progress = () => undefined,
): Promise<SpotPricePoint[]> {
  const points: SpotPricePoint[] = [];
  let pages = 0;
  progress('spot price history');
  const pager = paginateDescribeSpotPriceHistory(
    { client: ec2, pageSize: 1000 },
    {
      InstanceTypes: query.instanceTypes as _InstanceType[],
      ProductDescriptions: ['Linux/UNIX'],
      StartTime: query.start,
      EndTime: query.end,
    },
  );
  for await (const page of pager) {
    pages += 1;
    for (const p of page.SpotPriceHistory ?? []) {
      const price = Number(p.SpotPrice);
      const time = p.Timestamp?.getTime();
      if (!p.InstanceType || !p.AvailabilityZone || !Number.isFinite(price) || time === undefined) continue;
      points.push({ instanceType: p.InstanceType, availabilityZone: p.AvailabilityZone, price, time });
    }
    progress(`spot price history: page ${pages}, ${points.length} prices`);
  }
  return points;
}

/** On-demand Linux prices (USD/hour) per type from the Price List API; one query per type. */
export async function fetchOnDemandPrices(
  pricing: PricingClient,
  region: string,
  instanceTypes: readonly string[],
  progress: Progress = () => undefined,
): Promise<Sourced<Map<string, number>>> {
  try {
    const entries: string[] = [];
    for (const [i, type] of instanceTypes.entries()) {
      progress(`on-demand prices: ${type} (${i + 1}/${instanceTypes.length})`);
      const pager = paginateGetProducts(
        { client: pricing, pageSize: 100 },
        { ServiceCode: 'AmazonEC2', Filters: onDemandFilters(region, type), FormatVersion: 'aws_v1' },
      );
      for await (const page of pager) {
        // The SDK may hand entries back as JSON-string wrappers; String() gives the document either way.
        for (const e of (page.PriceList ?? []) as unknown[]) entries.push(String(e));
      }
    }
    const prices = onDemandPrices(entries);
    const missing = instanceTypes.filter((t) => !prices.has(t));
    if (prices.size === 0) return { ok: false, gap: `no on-demand price found for ${missing.join(', ')}` };
    return { ok: true, value: prices };
  } catch (err) {
    return { ok: false, gap: `Price List API: ${describeError(err)}` };
  }
}

/** The Spot Instance Advisor's figures for the types, fetched from `url` within `timeoutMs`. */
export async function fetchAdvisor(
  url: string,
  region: string,
  instanceTypes: readonly string[],
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<Sourced<Map<string, AdvisorEntry>>> {
  const get = options.fetch ?? fetch;
  try {
    const res = await get(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    if (!res.ok) return { ok: false, gap: `Spot Instance Advisor: HTTP ${res.status} from ${url}` };
    const entries = advisorEntries(await res.json(), region, instanceTypes);
    if (entries.size === 0)
      return { ok: false, gap: `Spot Instance Advisor: no Linux data for these types in ${region}` };
    return { ok: true, value: entries };
  } catch (err) {
    return { ok: false, gap: `Spot Instance Advisor unreachable (${url}): ${describeError(err)}` };
  }
}

/**
 * Spot placement scores (1–10, advisory) per zone for running `nodes` instances of these types,
 * keyed by zone name when DescribeAvailabilityZones can map the zone ids, else by zone id.
 */
export async function fetchPlacementScores(
  ec2: EC2Client,
  region: string,
  instanceTypes: readonly string[],
  nodes: number,
): Promise<Sourced<Map<string, number>>> {
  const byId = new Map<string, number>();
  try {
    const pager = paginateGetSpotPlacementScores(
      { client: ec2, pageSize: 100 },
      {
        InstanceTypes: [...instanceTypes],
        TargetCapacity: nodes,
        TargetCapacityUnitType: 'units',
        SingleAvailabilityZone: true,
        RegionNames: [region],
      },
    );
    for await (const page of pager) {
      for (const s of page.SpotPlacementScores ?? []) {
        if (s.AvailabilityZoneId && s.Score !== undefined) byId.set(s.AvailabilityZoneId, s.Score);
      }
    }
  } catch (err) {
    return { ok: false, gap: `placement scores: ${describeError(err)}` };
  }
  if (byId.size === 0) return { ok: false, gap: 'placement scores: none returned' };
  try {
    const zones = await ec2.send(new DescribeAvailabilityZonesCommand({ ZoneIds: [...byId.keys()] }));
    const byName = new Map<string, number>();
    for (const z of zones.AvailabilityZones ?? []) {
      const score = z.ZoneId !== undefined ? byId.get(z.ZoneId) : undefined;
      if (z.ZoneName && score !== undefined) byName.set(z.ZoneName, score);
    }
    return { ok: true, value: byName.size === byId.size ? byName : byId };
  } catch {
    return { ok: true, value: byId };
  }
}
