/**
 * The "seismograph": small multiples, one row per candidate in config order. Each row draws the
 * mean sentiment as a line inside a ±1 sd band, with the post volume as bars underneath. All
 * rows share the time axis, the score range and the volume scale, so rows compare at a glance.
 *
 * The DOM is built once; each update only rewrites attributes (and joins bars by time), so
 * polling every few seconds redraws in place without flicker.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleTime } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { area, line } from 'd3-shape';
import type { CandidateView } from './candidate-view';
import { formatClock, formatMagnitude, formatScore } from './format';
import { scoreScale, type ScoreScale } from './score-scale';
import type { SeriesPoint as Point } from './series-cache';
import type { ViewWindow } from './time-window';

interface Row {
  readonly candidate: CandidateView;
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  readonly desc: Selection<SVGDescElement, unknown, null, undefined>;
  readonly readout: Selection<HTMLSpanElement, unknown, null, undefined>;
}

const MARGIN = { left: 48, right: 16 };
const SCORE_TOP = 6;
const SCORE_HEIGHT = 64;
const VOLUME_GAP = 10;
const VOLUME_HEIGHT = 24;
const ROW_HEIGHT = SCORE_TOP + SCORE_HEIGHT + VOLUME_GAP + VOLUME_HEIGHT + 2;
const AXIS_HEIGHT = 24;
const MIN_WIDTH = 320;

export class Seismograph {
  private readonly rows: Row[];
  private readonly axis: Selection<SVGGElement, unknown, null, undefined>;
  private readonly axisSvg: Selection<SVGSVGElement, unknown, null, undefined>;
  private last: { readonly points: ReadonlyMap<string, Point[]>; readonly window: ViewWindow } | undefined;
  private width = 0;

  constructor(
    private readonly container: HTMLElement,
    candidates: readonly CandidateView[],
    private readonly scorer: string,
  ) {
    const root = select(container).append('div').attr('class', 'seismograph');
    this.rows = candidates.map((c, i) => buildRow(root, c, `sg-${i}`, scorer));
    this.axisSvg = root.append('svg').attr('class', 'time-axis').attr('aria-hidden', 'true');
    this.axis = this.axisSvg.append('g').attr('class', 'x-axis');
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => this.redraw()).observe(container);
    }
  }

  /** Shows each candidate's points (in time order) over the window, a point per `window.stepMs`. */
  update(points: ReadonlyMap<string, Point[]>, window: ViewWindow): void {
    this.last = { points, window };
    this.draw();
  }

  /** On resize: redraws only when the width really changed (drawing never changes it). */
  private redraw(): void {
    if (Math.max(MIN_WIDTH, this.container.clientWidth) !== this.width) this.draw();
  }

  private draw(): void {
    if (this.last === undefined) return;
    const { points, window } = this.last;
    this.width = Math.max(MIN_WIDTH, this.container.clientWidth);
    const width = this.width;

    const x = scaleTime()
      .domain([new Date(window.from), new Date(window.to)])
      .range([MARGIN.left, width - MARGIN.right]);
    const all = [...points.values()].flat();
    const score = scoreScale(this.scorer, all);
    const y = scaleLinear()
      .domain([score.domain[0], score.domain[1]])
      .range([SCORE_TOP + SCORE_HEIGHT, SCORE_TOP]);
    const volumeBase = ROW_HEIGHT - 2;
    const maxCount = Math.max(1, ...all.map((p) => p.count));
    const v = scaleLinear()
      .domain([0, maxCount])
      .range([volumeBase, volumeBase - VOLUME_HEIGHT]);

    const clamp = (s: number): number => Math.min(score.domain[1], Math.max(score.domain[0], s));
    const mid = (p: Point): number => x(p.t + window.stepMs / 2);
    const hasMean = (p: Point): boolean => p.mean !== null;
    const meanLine = line<Point>()
      .defined(hasMean)
      .x(mid)
      .y((p) => y(clamp(p.mean ?? 0)));
    const band = area<Point>()
      .defined(hasMean)
      .x(mid)
      .y0((p) => y(clamp((p.mean ?? 0) - (p.sd ?? 0))))
      .y1((p) => y(clamp((p.mean ?? 0) + (p.sd ?? 0))));

    for (const row of this.rows) {
      const data = (points.get(row.candidate.id) ?? []).filter((p) => p.t >= window.from && p.t < window.to);
      const svg = row.svg
        .attr('width', width)
        .attr('height', ROW_HEIGHT)
        .attr('viewBox', `0 0 ${width} ${ROW_HEIGHT}`);
      svg
        .select<SVGGElement>('g.y-axis')
        .attr('transform', `translate(${MARGIN.left},0)`)
        .call(
          axisLeft(y)
            .tickValues(scoreTicks(score))
            .tickFormat((d) => formatTick(Number(d)))
            .tickSize(3),
        );
      svg
        .select('line.neutral')
        .attr('x1', MARGIN.left)
        .attr('x2', width - MARGIN.right)
        .attr('y1', y(score.neutral))
        .attr('y2', y(score.neutral));
      svg.select('path.band').attr('d', band(data) ?? '');
      svg.select('path.mean').attr('d', meanLine(data) ?? '');
      svg
        .select<SVGGElement>('g.bars')
        .selectAll<SVGRectElement, Point>('rect.bar')
        .data(
          data.filter((p) => p.count > 0),
          (p) => String(p.t),
        )
        .join('rect')
        .attr('class', 'bar')
        .attr('x', (p) => x(p.t))
        .attr('width', (p) => barWidth(x(p.t), x(p.t + window.stepMs)))
        .attr('y', (p) => v(p.count))
        .attr('height', (p) => volumeBase - v(p.count));
      svg
        .select('text.volume-max')
        .attr('x', MARGIN.left - 6)
        .attr('y', volumeBase - VOLUME_HEIGHT)
        .text(`${maxCount}`);
      describeRow(row, data, window, score);
    }

    this.axisSvg.attr('width', width).attr('height', AXIS_HEIGHT);
    this.axis.call(
      axisBottom(x)
        .ticks(Math.max(2, Math.floor((width - MARGIN.left - MARGIN.right) / 90)))
        .tickSizeOuter(0),
    );
  }
}

function buildRow(
  root: Selection<HTMLDivElement, unknown, null, undefined>,
  candidate: CandidateView,
  domId: string,
  scorer: string,
): Row {
  const figure = root.append('figure').attr('class', 'row').attr('data-candidate', candidate.id);
  const caption = figure.append('figcaption');
  caption
    .append('span')
    .attr('class', 'swatch')
    .attr('aria-hidden', 'true')
    .style('background-color', candidate.colour);
  caption.append('span').attr('class', 'name').text(candidate.name);
  if (candidate.party !== undefined) caption.append('span').attr('class', 'party').text(candidate.party);
  const readout = caption.append('span').attr('class', 'readout').text('waiting for data');

  const svg = figure
    .append('svg')
    .attr('class', 'row-chart')
    .attr('role', 'img')
    .attr('aria-labelledby', `${domId}-title ${domId}-desc`);
  svg
    .append('title')
    .attr('id', `${domId}-title`)
    .text(`${candidate.name}: mean ${scorer} sentiment with a ±1 sd band, and post volume`);
  const desc = svg.append('desc').attr('id', `${domId}-desc`);
  svg.append('g').attr('class', 'y-axis');
  svg.append('line').attr('class', 'neutral');
  svg.append('path').attr('class', 'band').attr('fill', candidate.colour);
  svg.append('path').attr('class', 'mean').attr('stroke', candidate.colour);
  svg.append('g').attr('class', 'bars').attr('fill', candidate.colour);
  // The tallest bar's count, at the top of the volume strip: the strip's only scale mark.
  svg
    .append('text')
    .attr('class', 'volume-max')
    .attr('text-anchor', 'end')
    .attr('dominant-baseline', 'hanging');
  return { candidate, svg, desc, readout };
}

/** Bars keep a 1 px gap when there is room for one, and never vanish below 1 px. */
function barWidth(x0: number, x1: number): number {
  const w = x1 - x0;
  return Math.max(1, w > 3 ? w - 1 : w);
}

/** Bottom, neutral and top of the range: enough to read a row without clutter. */
function scoreTicks(score: ScoreScale): number[] {
  return [score.domain[0], score.neutral, score.domain[1]];
}

/** Tick labels: as short as the range allows ("+1", "0", "−1"). */
function formatTick(value: number): string {
  if (value === 0) return '0';
  return `${value < 0 ? '\u2212' : '+'}${Math.abs(value)}`;
}

/** The row's latest reading, as text for the caption and for screen readers. */
function describeRow(row: Row, data: readonly Point[], window: ViewWindow, score: ScoreScale): void {
  const posts = data.reduce((n, p) => n + p.count, 0);
  let latest: Point | undefined;
  for (let i = data.length - 1; i >= 0 && latest === undefined; i--) {
    if (data[i].mean !== null) latest = data[i];
  }
  const span = `${formatClock(window.from)}–${formatClock(window.to)}`;
  if (latest === undefined || latest.mean === null) {
    row.readout.text('no posts in view');
    row.desc.text(`No posts about ${row.candidate.name} between ${span}.`);
    return;
  }
  const sd = latest.sd === null ? '' : ` ± ${formatMagnitude(latest.sd)}`;
  const reading = `${formatScore(latest.mean)}${sd} (${latest.count} posts at ${formatClock(latest.t)})`;
  row.readout.text(`latest ${reading}`);
  row.desc.text(
    `${posts} posts about ${row.candidate.name} between ${span}; scores range from ` +
      `${formatScore(score.domain[0])} to ${formatScore(score.domain[1])}; latest mean ${reading}.`,
  );
}
