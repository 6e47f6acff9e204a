/**
 * The report `trendoff spot` prints: one row per spot pool with every source's figure (or a marked
 * gap), the sources' status, and the recommendation; as an aligned table for people or JSON for scripts.
 */
import type { AdvisorEntry } from './advisor';
import type { Sourced } from './fetch';
import type { PoolSummary } from './price-history';
import { savingsPercent, type SpotRecommendation } from './recommend';

/** One pool's figures; `null` marks a gap in an optional source. */
export interface PoolRow {
  readonly instanceType: string;
  readonly availabilityZone: string;
  readonly currentPrice: number;
  readonly averagePrice: number;
  readonly pricePoints: number;
  readonly onDemandPrice: number | null;
  readonly savingsPercent: number | null;
  readonly interruption: string | null;
  readonly placementScore: number | null;
}

/** Whether each source answered; a gap carries the reason. */
export interface SourceStatus {
  readonly onDemand: { ok: true } | { ok: false; gap: string };
  readonly advisor: { ok: true } | { ok: false; gap: string };
  readonly placementScores: { ok: true } | { ok: false; gap: string };
}

/** Everything the command found and recommends. */
export interface SpotReport {
  readonly region: string;
  readonly strategy: 'price-capacity' | 'legacy-bid';
  readonly lookback: { readonly label: string; readonly from: string; readonly to: string };
  readonly pools: readonly PoolRow[];
  readonly sources: SourceStatus;
  readonly recommendation: SpotRecommendation | null;
}

const status = <T>(s: Sourced<T>): { ok: true } | { ok: false; gap: string } =>
  s.ok ? { ok: true } : { ok: false, gap: s.gap };

/** Joins pool summaries with the optional sources into report rows. */
export function poolRows(
  pools: readonly PoolSummary[],
  onDemand: Sourced<ReadonlyMap<string, number>>,
  advisor: Sourced<ReadonlyMap<string, AdvisorEntry>>,
  scores: Sourced<ReadonlyMap<string, number>>,
): { rows: PoolRow[]; sources: SourceStatus } {
  const rows = pools.map((p): PoolRow => {
    const od = onDemand.ok ? onDemand.value.get(p.instanceType) : undefined;
    const advice = advisor.ok ? advisor.value.get(p.instanceType) : undefined;
    const score = scores.ok ? scores.value.get(p.availabilityZone) : undefined;
    return {
      instanceType: p.instanceType,
      availabilityZone: p.availabilityZone,
      currentPrice: p.current,
      averagePrice: p.average,
      pricePoints: p.points,
      onDemandPrice: od ?? null,
      savingsPercent: od !== undefined ? savingsPercent(p.average, od) : null,
      interruption: advice?.interruption ?? null,
      placementScore: score ?? null,
    };
  });
  return {
    rows,
    sources: { onDemand: status(onDemand), advisor: status(advisor), placementScores: status(scores) },
  };
}

/** The report as JSON; numbers that could not be computed become null. */
export function reportJson(report: SpotReport): string {
  return JSON.stringify(
    report,
    (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}

const GAP = '—';
const usd = (n: number | null | undefined, digits = 4): string =>
  n === null || n === undefined || !Number.isFinite(n) ? GAP : `$${n.toFixed(digits)}`;

/** Columns padded to their widest cell; numbers right-aligned. */
export function alignColumns(
  header: readonly string[],
  rows: readonly string[][],
  right: ReadonlySet<number>,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The report as text for people: the pool table, the gaps, then the recommendation. */
export function reportTable(report: SpotReport): string {
  const header = [
    'TYPE',
    'ZONE',
    'SPOT NOW',
    `AVG ${report.lookback.label}`,
    'ON-DEMAND',
    'SAVINGS',
    'INTERRUPTS',
    'PLACEMENT',
  ];
  const rows = report.pools.map((r) => [
    r.instanceType,
    r.availabilityZone,
    usd(r.currentPrice),
    usd(r.averagePrice),
    usd(r.onDemandPrice),
    r.savingsPercent === null ? GAP : `${r.savingsPercent.toFixed(1)}%`,
    r.interruption ?? GAP,
    r.placementScore === null ? GAP : String(r.placementScore),
  ]);
  const out = [
    `Spot prices in ${report.region}, Linux/UNIX, ${report.lookback.from} → ${report.lookback.to}`,
    alignColumns(header, rows, new Set([2, 3, 4, 5, 7])),
  ];
  const gaps = Object.entries(report.sources).flatMap(([name, s]: [string, { ok: boolean; gap?: string }]) =>
    s.ok ? [] : [`  ${GAP} ${name}: ${s.gap}`],
  );
  if (gaps.length > 0) out.push('', `Gaps (${GAP} in the table):`, ...gaps);
  out.push('', ...recommendationText(report.recommendation, report.lookback.label));
  return out.join('\n') + '\n';
}

function recommendationText(rec: SpotRecommendation | null, lookback: string): string[] {
  if (rec === null) return ['No recommendation: no spot prices for the requested types.'];
  const c = rec.cost;
  const list = (title: string, items: readonly string[]) =>
    items.length === 0 ? [] : [`  ${title}:`, ...items.map((i) => `    - ${i}`)];
  if (rec.kind === 'legacy-bid') {
    return [
      `Legacy bid (${rec.instanceType}): zone ${rec.availabilityZone}, mean ${usd(rec.mean)} over ${lookback}, ` +
        `bid ${usd(rec.bid)}/h (mean × ${rec.markup}, floor ${usd(rec.floor, 2)})`,
      `  zone means: ${rec.zones.map((z) => `${z.availabilityZone} ${usd(z.mean)} (${z.points})`).join(', ')}`,
      `  expected cost for ${c.nodes} node(s) × ${c.hours} h: ${usd(c.expected, 2)}`,
      ...list('assumptions', c.assumptions),
      ...list('notes', rec.notes),
    ];
  }
  const fallback = c.onDemandFallback !== undefined ? `, all on-demand ${usd(c.onDemandFallback, 2)}` : '';
  return [
    `Recommendation: instance fleet, ${rec.allocationStrategy}, ${rec.targetSpotCapacity} spot node(s), ` +
      `on-demand fallback after ${rec.onDemandFallback.timeoutMinutes} min`,
    `  types:     ${rec.instanceTypes.map((t) => t.instanceType).join(', ') || GAP} (weighted capacity 1 each)`,
    `  zones:     ${rec.availabilityZones.join(', ') || GAP} (a subnet in each)`,
    `  max price: ${rec.maxPrice !== undefined ? `${usd(rec.maxPrice)}/h` : 'none (you pay the spot price; on-demand is the cap)'}`,
    ...rec.excluded.map((e) => `  excluded:  ${e.instanceType}: ${e.reason}`),
    `  expected cost for ${c.nodes} node(s) × ${c.hours} h: ${usd(c.expected, 2)} (low ${usd(c.low, 2)}${fallback})`,
    ...list('assumptions', c.assumptions),
    ...list('notes', rec.notes),
  ];
}
