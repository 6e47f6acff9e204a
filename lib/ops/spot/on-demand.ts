/**
 * On-demand prices from AWS Price List API (GetProducts) entries. Each entry is a JSON document (sent
 * as a string) with `product.attributes` and `terms.OnDemand.<offer>.priceDimensions.<rate>.pricePerUnit`.
 */

/** The filters that narrow EC2 products to one type's plain Linux, shared-tenancy, on-demand row. */
export function onDemandFilters(
  region: string,
  instanceType: string,
): { Type: 'TERM_MATCH'; Field: string; Value: string }[] {
  const match = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });
  return [
    match('instanceType', instanceType),
    match('regionCode', region),
    match('operatingSystem', 'Linux'),
    match('tenancy', 'Shared'),
    match('preInstalledSw', 'NA'),
    match('capacitystatus', 'Used'),
  ];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function obj(v: Json | undefined): { [k: string]: Json } | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/**
 * The hourly USD on-demand price of one price-list entry, with its instance type; undefined when the
 * entry is not JSON, has no hourly on-demand USD price, or the price is zero (free or placeholder rows).
 */
export function parseOnDemandEntry(entry: string): { instanceType: string; usdPerHour: number } | undefined {
  let doc: Json;
  try {
    doc = JSON.parse(entry) as Json;
  } catch {
    return undefined;
  }
  const type = obj(obj(obj(doc)?.product)?.attributes)?.instanceType;
  const onDemand = obj(obj(obj(doc)?.terms)?.OnDemand);
  if (typeof type !== 'string' || onDemand === undefined) return undefined;
  for (const term of Object.values(onDemand)) {
    for (const dim of Object.values(obj(obj(term)?.priceDimensions) ?? {})) {
      const d = obj(dim);
      const usd = obj(d?.pricePerUnit)?.USD;
      const price = typeof usd === 'string' ? Number(usd) : NaN;
      if (d?.unit === 'Hrs' && Number.isFinite(price) && price > 0)
        return { instanceType: type, usdPerHour: price };
    }
  }
  return undefined;
}

/**
 * One price per instance type from many entries. Should the filters still leave several products for a
 * type, the lowest price wins: it is the plain row, the others carry extras (licences, reservations).
 */
export function onDemandPrices(entries: readonly string[]): Map<string, number> {
  const prices = new Map<string, number>();
  for (const e of entries) {
    const p = parseOnDemandEntry(e);
    if (p === undefined) continue;
    const seen = prices.get(p.instanceType);
    if (seen === undefined || p.usdPerHour < seen) prices.set(p.instanceType, p.usdPerHour);
  }
  return prices;
}
