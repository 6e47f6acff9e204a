/**
 * The report's seismograph as inline SVG: one row per candidate (mean score with a ±1 sd band over
 * bars of posts per step), one shared time axis, the night's biggest moves numbered in their rows
 * and the debate's moments as lettered lines across all rows.
 */
import type { CandidateInfo } from '../../lambda/core/api/contract';
import type { CandidateSeries, ReportMoment } from './gather';
import { clock, count, esc, fixed, px } from './html';
import type { Move } from './moves';

export const SEISMOGRAPH_WIDTH = 960;
const LEFT = 150;
const RIGHT = 56;
const TOP = 22;
const ROW = 66;
const LINE_H = 44;
const BAR_H = 16;
const AXIS = 28;

/** Okabe–Ito colours, safe for colour-blind readers, used when a candidate has no colour of its own. */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#8C6D31',
];

export interface SeismographInput {
  readonly candidates: readonly CandidateInfo[];
  readonly series: readonly CandidateSeries[];
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
  /** Where scores are neutral (0; 5 for labMT). */
  readonly neutral: number;
  readonly moves: readonly Move[];
  readonly moments: readonly ReportMoment[];
}

/** Letters of moments: A, B, … Z, then AA. */
export function momentLetter(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : momentLetter(Math.floor(i / 26) - 1) + momentLetter(i % 26);
}

/** A candidate's colour: its own, else the palette's by position. */
export function candidateColour(candidates: readonly CandidateInfo[], id: string): string {
  const i = candidates.findIndex((c) => c.id === id);
  const own = candidates[i]?.color;
  return own !== undefined && /^#[0-9a-fA-F]{3,8}$/.test(own)
    ? own
    : PALETTE[Math.max(0, i) % PALETTE.length];
}

/** The y range shared by every row: every mean and the neutral value, padded by a tenth. */
export function meanDomain(series: readonly CandidateSeries[], neutral: number): [number, number] {
  let lo = neutral;
  let hi = neutral;
  for (const s of series) {
    for (const p of s.points) {
      if (p.mean === null) continue;
      lo = Math.min(lo, p.mean);
      hi = Math.max(hi, p.mean);
    }
  }
  const pad = (hi - lo || 1) * 0.1;
  return [lo - pad, hi + pad];
}

/** Tick spacing giving at most 12 ticks over the span. */
function tickStep(spanMs: number): number {
  const choices = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * 60_000);
  return choices.find((c) => spanMs / c <= 12) ?? choices[choices.length - 1];
}

export function seismographSvg(o: SeismographInput): string {
  const plotW = SEISMOGRAPH_WIDTH - LEFT - RIGHT;
  const height = TOP + o.series.length * ROW + AXIS;
  const x = (t: number): number => LEFT + ((t - o.from) / Math.max(1, o.to - o.from)) * plotW;
  const [lo, hi] = meanDomain(o.series, o.neutral);
  let maxCount = 1;
  for (const s of o.series) for (const p of s.points) maxCount = Math.max(maxCount, p.count);
  const barW = Math.max(1, (o.stepMs / Math.max(1, o.to - o.from)) * plotW - 1);
  const parts: string[] = [];
  const name = (id: string): string => o.candidates.find((c) => c.id === id)?.name ?? id;

  o.series.forEach((s, row) => {
    const top = TOP + row * ROW;
    const y = (v: number): number => top + LINE_H - ((v - lo) / (hi - lo)) * LINE_H;
    const colour = candidateColour(o.candidates, s.candidate);
    const g: string[] = [];
    g.push(
      `<text x="${LEFT - 8}" y="${px(top + LINE_H / 2 + 4)}" text-anchor="end" class="name">${esc(name(s.candidate))}</text>`,
    );
    g.push(
      `<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${px(y(o.neutral))}" y2="${px(y(o.neutral))}" class="neutral"/>`,
    );
    // ±1 sd band and mean line, broken where a step has no posts.
    const runs: { t: number; mean: number; sd: number }[][] = [[]];
    for (const p of s.points) {
      if (p.mean === null) {
        if (runs[runs.length - 1].length > 0) runs.push([]);
        continue;
      }
      runs[runs.length - 1].push({ t: p.t + o.stepMs / 2, mean: p.mean, sd: p.sd ?? 0 });
    }
    const clamp = (v: number): number => Math.min(hi, Math.max(lo, v));
    for (const run of runs.filter((r) => r.length > 0)) {
      const upper = run.map((p) => `${px(x(p.t))},${px(y(clamp(p.mean + p.sd)))}`);
      const lower = run.map((p) => `${px(x(p.t))},${px(y(clamp(p.mean - p.sd)))}`).reverse();
      g.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}" class="band"/>`);
      const line = run.map((p) => `${px(x(p.t))},${px(y(p.mean))}`).join(' ');
      g.push(`<polyline points="${line}" stroke="${colour}" class="mean"/>`);
    }
    const barBase = top + LINE_H + 4 + BAR_H;
    for (const p of s.points) {
      if (p.count === 0) continue;
      const h = Math.max(1, (p.count / maxCount) * BAR_H);
      g.push(
        `<rect x="${px(x(p.t))}" y="${px(barBase - h)}" width="${px(barW)}" height="${px(h)}" fill="${colour}" class="bar"/>`,
      );
    }
    g.push(`<text x="${LEFT + plotW + 4}" y="${px(y(hi) + 8)}" class="tick">${fixed(hi, 2)}</text>`);
    g.push(`<text x="${LEFT + plotW + 4}" y="${px(y(lo))}" class="tick">${fixed(lo, 2)}</text>`);
    o.moves.forEach((m, i) => {
      if (m.candidate !== s.candidate) return;
      const mx = x(m.after.from);
      g.push(
        `<g class="move"><line x1="${px(mx)}" x2="${px(mx)}" y1="${top}" y2="${top + LINE_H}"/>` +
          `<circle cx="${px(mx)}" cy="${top + 7}" r="7"/><text x="${px(mx)}" y="${top + 11}" text-anchor="middle">${i + 1}</text></g>`,
      );
    });
    parts.push(`<g class="row" data-candidate="${esc(s.candidate)}">${g.join('')}</g>`);
  });

  // Shared time axis.
  const axisY = TOP + o.series.length * ROW;
  const step = tickStep(o.to - o.from);
  const ticks: string[] = [
    `<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${axisY}" y2="${axisY}" class="axis"/>`,
  ];
  for (let t = Math.ceil(o.from / step) * step; t <= o.to; t += step) {
    ticks.push(
      `<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${axisY}" y2="${axisY + 5}" class="axis"/>` +
        `<text x="${px(x(t))}" y="${axisY + 18}" text-anchor="middle" class="tick">${clock(t)}</text>`,
    );
  }
  ticks.push(`<text x="${LEFT + plotW + 4}" y="${axisY + 18}" class="tick">UTC</text>`);
  parts.push(`<g class="time-axis">${ticks.join('')}</g>`);

  o.moments.forEach((m, i) => {
    if (m.at < o.from || m.at > o.to) return;
    const mx = x(m.at);
    parts.push(
      `<g class="moment"><title>${esc(m.label)}</title><line x1="${px(mx)}" x2="${px(mx)}" y1="${TOP - 4}" y2="${axisY}"/>` +
        `<text x="${px(mx)}" y="${TOP - 8}" text-anchor="middle">${momentLetter(i)}</text></g>`,
    );
  });

  const desc =
    `Mean score per ${Math.round(o.stepMs / 1000)} s step for ${o.series.length} candidates, ` +
    `${clock(o.from)} to ${clock(o.to)} UTC; bars show posts per step (tallest ${count(maxCount)}).`;
  return (
    `<svg class="seismograph" viewBox="0 0 ${SEISMOGRAPH_WIDTH} ${height}" width="${SEISMOGRAPH_WIDTH}" height="${height}" ` +
    `role="img" aria-label="${esc(desc)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`
  );
}
