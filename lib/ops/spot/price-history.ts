/**
 * Spot price histories as DescribeSpotPriceHistory returns them: change points, each price holding
 * until the next change. Pure: no SDK types, times in epoch milliseconds.
 */

/** One price change of one spot pool (instance type × availability zone). */
export interface SpotPricePoint {
  readonly instanceType: string;
  readonly availabilityZone: string;
  /** USD per instance-hour. */
  readonly price: number;
  /** When this price took effect (epoch ms). */
  readonly time: number;
}

/** What one pool cost over a window. */
export interface PoolSummary {
  readonly instanceType: string;
  readonly availabilityZone: string;
  /** The price in effect at the end of the window (the latest change at or before it). */
  readonly current: number;
  /** Time-weighted average over the covered part of the window; the current price if nothing is covered. */
  readonly average: number;
  /** Milliseconds of the window the history covers (from the first known price to the window's end). */
  readonly coveredMs: number;
  /** Change points the API returned for this pool (the legacy rule averages these). */
  readonly points: number;
}

/**
 * Time-weighted average price over [from, to): each price holds until the next change, so a price that
 * held for six days weighs six days, not one point. Before the first known change nothing is known and
 * that span is left out. Undefined when the history covers none of the window.
 */
export function timeWeightedAverage(
  points: readonly Pick<SpotPricePoint, 'price' | 'time'>[],
  from: number,
  to: number,
): { average: number; coveredMs: number } | undefined {
  const sorted = [...points].sort((a, b) => a.time - b.time);
  let weighted = 0;
  let covered = 0;
  for (let i = 0; i < sorted.length; i++) {
    const start = Math.max(sorted[i].time, from);
    const end = Math.min(i + 1 < sorted.length ? sorted[i + 1].time : to, to);
    if (end <= start) continue;
    weighted += sorted[i].price * (end - start);
    covered += end - start;
  }
  return covered > 0 ? { average: weighted / covered, coveredMs: covered } : undefined;
}

/** The price in effect at `at`: the latest change at or before it, else the earliest one known. */
export function priceAt(points: readonly Pick<SpotPricePoint, 'price' | 'time'>[], at: number): number {
  if (points.length === 0) throw new RangeError('priceAt needs at least one price');
  let best: Pick<SpotPricePoint, 'price' | 'time'> | undefined;
  let earliest = points[0];
  for (const p of points) {
    if (p.time <= at && (best === undefined || p.time >= best.time)) best = p;
    if (p.time < earliest.time) earliest = p;
  }
  return (best ?? earliest).price;
}

/** Groups change points by pool, keyed `type|az`, in first-seen order. */
export function groupByPool(points: readonly SpotPricePoint[]): Map<string, SpotPricePoint[]> {
  const pools = new Map<string, SpotPricePoint[]>();
  for (const p of points) {
    const key = `${p.instanceType}|${p.availabilityZone}`;
    const list = pools.get(key);
    if (list) list.push(p);
    else pools.set(key, [p]);
  }
  return pools;
}

/** Current price and time-weighted average of every pool over [from, to), sorted by type then zone. */
export function summarisePools(points: readonly SpotPricePoint[], from: number, to: number): PoolSummary[] {
  const out: PoolSummary[] = [];
  for (const list of groupByPool(points).values()) {
    const current = priceAt(list, to);
    const tw = timeWeightedAverage(list, from, to);
    out.push({
      instanceType: list[0].instanceType,
      availabilityZone: list[0].availabilityZone,
      current,
      average: tw?.average ?? current,
      coveredMs: tw?.coveredMs ?? 0,
      points: list.length,
    });
  }
  return out.sort(
    (a, b) =>
      a.instanceType.localeCompare(b.instanceType) || a.availabilityZone.localeCompare(b.availabilityZone),
  );
}
