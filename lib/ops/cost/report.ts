/** The cost estimate as a plain-text table for people (`--json` prints the estimate itself). */
import type { CostEstimate } from './model';

/** Renders line items (quantity × unit price = cost), the total, assumptions, warnings and free-tier notes. */
export function formatCostReport(e: CostEstimate): string {
  const rows = e.lineItems.map((i) => [
    i.service,
    i.item,
    `${num(i.quantity)} × $${num(i.unitPrice)}${i.verified ? '' : '*'}`,
    `$${i.cost.toFixed(4)}`,
    i.unit,
  ]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), 4));
  const line = (r: string[]): string =>
    [
      r[0]!.padEnd(widths[0]!),
      r[1]!.padEnd(widths[1]!),
      r[2]!.padStart(widths[2]!),
      r[3]!.padStart(widths[3]!),
      r[4],
    ]
      .join('  ')
      .trimEnd();
  const out: string[] = [
    `Estimated AWS bill for debate "${e.inputs.debateId}" (${e.region}, ${e.currency}, prices read ${e.pricesDated} or later)`,
    '',
    line(['service', 'item', 'quantity × unit price', 'cost', 'unit']),
    ...rows.map(line),
    '',
    `Total: $${e.total.toFixed(2)}`,
  ];
  if (e.lineItems.some((i) => !i.verified))
    out.push('* unit price not confirmed from its source on the date read: check it in the price table');
  out.push('', 'Assumptions:');
  for (const a of e.assumptions) out.push(`  ${a.name}: ${String(a.value)} (${a.basis})`);
  if (e.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of e.warnings) out.push(`  ${w}`);
  }
  out.push('', 'Free tier (not subtracted):');
  for (const f of e.freeTier) out.push(`  ${f}`);
  return out.join('\n') + '\n';
}

function num(n: number): string {
  if (n === 0) return '0';
  if (Math.abs(n) >= 1) return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return n.toPrecision(3);
}
