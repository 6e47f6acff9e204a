/**
 * The Spot Instance Advisor's public (undocumented) data file: per region, OS and instance type the
 * savings over on-demand (`s`, %) and an index (`r`) into `ranges`, the bands of monthly interruption
 * frequency (`<5%` … `>20%`). Parsed defensively: a file of another shape is an error, not a crash.
 */

/** Where the advisor page loads its data from. */
export const SPOT_ADVISOR_URL = 'https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json';

/** One type's advisor figures in one region (Linux). */
export interface AdvisorEntry {
  /** Savings over on-demand, percent, as the advisor states it. */
  readonly savingsPercent: number;
  /** Band index, 0 = least interrupted. */
  readonly band: number;
  /** The band's label, e.g. "<5%" or "5-10%". */
  readonly interruption: string;
}

/** Advisor figures for the requested types; types the advisor does not list are left out. */
export function advisorEntries(
  data: unknown,
  region: string,
  instanceTypes: readonly string[],
): Map<string, AdvisorEntry> {
  const root = record(data);
  const ranges = root?.ranges;
  const advisor = record(root?.spot_advisor);
  if (!Array.isArray(ranges) || advisor === undefined) {
    throw new Error('not Spot Instance Advisor data (no "spot_advisor" object or "ranges" list)');
  }
  const labels = new Map<number, string>();
  for (const r of ranges) {
    const range = record(r);
    if (typeof range?.index === 'number' && typeof range.label === 'string')
      labels.set(range.index, range.label);
  }
  const linux = record(record(advisor[region])?.Linux);
  const out = new Map<string, AdvisorEntry>();
  if (linux === undefined) return out;
  for (const type of instanceTypes) {
    const e = record(linux[type]);
    if (typeof e?.s !== 'number' || typeof e.r !== 'number') continue;
    out.set(type, { savingsPercent: e.s, band: e.r, interruption: labels.get(e.r) ?? `band ${e.r}` });
  }
  return out;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
