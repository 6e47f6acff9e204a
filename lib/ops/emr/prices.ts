/**
 * Hourly prices of instance types for the cost estimates: on-demand EC2 and the EMR fee from the
 * Price List API, the current spot price from the EC2 spot price history (mean over the region's
 * Availability Zones, since EMR picks the zone).
 */
import { DescribeSpotPriceHistoryCommand, type _InstanceType, type EC2Client } from '@aws-sdk/client-ec2';
import { GetProductsCommand, type Filter, type PricingClient } from '@aws-sdk/client-pricing';
import type { PriceTable, TypePrices } from './cost';

export interface PriceClients {
  /** A Price List client in us-east-1 or ap-south-1 (the API's only endpoints). */
  readonly pricing: PricingClient;
  /** An EC2 client in the cluster's region. */
  readonly ec2: EC2Client;
}

/** @throws Error when a type has no on-demand or no EMR price in the region. */
export async function lookUpPrices(
  c: PriceClients,
  region: string,
  types: readonly string[],
): Promise<PriceTable> {
  const spot = await spotPrices(c.ec2, types);
  const out = new Map<string, TypePrices>();
  for (const type of types) {
    const onDemand = await onDemandPrice(c.pricing, 'AmazonEC2', [
      term('instanceType', type),
      term('regionCode', region),
      term('operatingSystem', 'Linux'),
      term('tenancy', 'Shared'),
      term('preInstalledSw', 'NA'),
      term('capacitystatus', 'Used'),
    ]);
    const emr = await onDemandPrice(c.pricing, 'ElasticMapReduce', [
      term('instanceType', type),
      term('regionCode', region),
      term('softwareType', 'EMR'),
    ]);
    if (onDemand === undefined) throw new Error(`no on-demand Linux price for ${type} in ${region}`);
    if (emr === undefined) throw new Error(`no EMR price for ${type} in ${region}`);
    out.set(type, { onDemand, emr, ...(spot.has(type) ? { spot: spot.get(type) } : {}) });
  }
  return out;
}

function term(Field: string, Value: string): Filter {
  return { Type: 'TERM_MATCH', Field, Value };
}

/** The first hourly USD price of the first product matching the filters. */
async function onDemandPrice(
  pricing: PricingClient,
  ServiceCode: string,
  Filters: Filter[],
): Promise<number | undefined> {
  const r = await pricing.send(new GetProductsCommand({ ServiceCode, Filters, MaxResults: 10 }));
  // Each entry is a JSON document as a string: the SDK hands it over as a String object, so String().
  for (const doc of r.PriceList ?? []) {
    const usd = hourlyUsd(String(doc));
    if (usd !== undefined) return usd;
  }
  return undefined;
}

/** USD per hour from one Price List product document (`terms.OnDemand.*.priceDimensions.*`). */
export function hourlyUsd(doc: string): number | undefined {
  const product = JSON.parse(doc) as {
    terms?: {
      OnDemand?: Record<
        string,
        { priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> }
      >;
    };
  };
  for (const offer of Object.values(product.terms?.OnDemand ?? {})) {
    for (const dim of Object.values(offer.priceDimensions ?? {})) {
      const usd = Number(dim.pricePerUnit?.USD);
      if (/^hrs?$/i.test(dim.unit ?? '') && Number.isFinite(usd) && usd > 0) return usd;
    }
  }
  return undefined;
}

/** Latest Linux spot price per type, averaged over zones (history also returns the last change before now). */
async function spotPrices(ec2: EC2Client, types: readonly string[]): Promise<Map<string, number>> {
  const latest = new Map<string, { t: number; price: number }>();
  let NextToken: string | undefined;
  const now = new Date();
  do {
    const r = await ec2.send(
      new DescribeSpotPriceHistoryCommand({
        InstanceTypes: types as _InstanceType[],
        ProductDescriptions: ['Linux/UNIX'],
        StartTime: now,
        EndTime: now,
        NextToken,
      }),
    );
    for (const p of r.SpotPriceHistory ?? []) {
      const key = `${p.InstanceType}\u0000${p.AvailabilityZone}`;
      const t = p.Timestamp?.getTime() ?? 0;
      const price = Number(p.SpotPrice);
      if (!Number.isFinite(price)) continue;
      const seen = latest.get(key);
      if (seen === undefined || t > seen.t) latest.set(key, { t, price });
    }
    NextToken = r.NextToken || undefined;
  } while (NextToken !== undefined);
  const sums = new Map<string, { sum: number; n: number }>();
  for (const [key, { price }] of latest) {
    const type = key.slice(0, key.indexOf('\u0000'));
    const s = sums.get(type) ?? { sum: 0, n: 0 };
    sums.set(type, { sum: s.sum + price, n: s.n + 1 });
  }
  return new Map([...sums].map(([type, s]) => [type, s.sum / s.n]));
}
