/**
 * The "seismograph": small multiples, one row per candidate (config order unless reordered). Each
 * row draws the mean sentiment as a line inside a ±1 sd band, with the post volume as bars in a
 * strip underneath whose scale is labelled on its left. The rows share one time axis, drawn once
 * above them and kept in view while scrolling, and the score range, so rows compare at a glance;
 * the volume strips each have their own labelled scale, so a quiet candidate's bars stay readable
 * beside a busy one's. The debate's moments (from its config) are marked across every row.
 *
 * The DOM is built once; each update only rewrites attributes (and joins bars by time), so
 * polling every few seconds redraws in place without flicker.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleTime } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { area, line } from 'd3-shape';
import type { CandidateView } from './candidate-view';
import { formatClock, formatDuration, formatMagnitude, formatScore } from './format';
import { scoreScale, type ScoreScale } from './score-scale';
import type { SeriesPoint as Point } from './series-cache';
import type { ViewWindow } from './time-window';

/** A marked moment of the debate. */
export interface Moment {
  readonly at: number;
  readonly label: string;
}

interface Row {
  readonly candidate: CandidateView;
  readonly figure: Selection<HTMLElement, unknown, null, undefined>;
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  readonly desc: Selection<SVGDescElement, unknown, null, undefined>;
  readonly readout: Selection<HTMLSpanElement, unknown, null, undefined>;
}

const MARGIN = { left: 56, right: 16 };
const SCORE_TOP = 6;
const SCORE_HEIGHT = 60;
const VOLUME_GAP = 16;
const VOLUME_HEIGHT = 36;
const ROW_HEIGHT = SCORE_TOP + SCORE_HEIGHT + VOLUME_GAP + VOLUME_HEIGHT + 2;
const AXIS_HEIGHT = 50;
/** Rows of moment labels above the axis, and their line height. */
const LABEL_ROWS = 2;
const LABEL_LINE = 12;
/** Rough width of a label character at 11 px, to keep labels from overlapping. */
const LABEL_CHAR_PX = 6.2;
const MIN_WIDTH = 300;
/** A step with posts never draws a bar lower than this, so "a few posts" is not "none". */
const MIN_BAR_PX = 2;

export class Seismograph {
  private readonly rows: Row[];
  private readonly root: Selection<HTMLDivElement, unknown, null, undefined>;
  private readonly axisSvg: Selection<SVGSVGElement, unknown, null, undefined>;
  private last: { readonly points: ReadonlyMap<string, Point[]>; readonly window: ViewWindow } | undefined;
  private moments: readonly Moment[] = [];
  private width = 0;

  constructor(
    private readonly container: HTMLElement,
    candidates: readonly CandidateView[],
    private readonly scorer: string,
  ) {
    this.root = select(container).append('div').attr('class', 'seismograph');
    this.axisSvg = this.root
      .append('svg')
      .attr('class', 'time-axis')
      .attr('role', 'img')
      .attr('aria-label', 'Time axis shared by every row');
    this.axisSvg.append('g').attr('class', 'x-axis');
    this.axisSvg.append('g').attr('class', 'moment-labels');
    this.axisSvg
      .append('text')
      .attr('class', 'axis-label')
      .attr('x', 0)
      .attr('y', 12)
      .text('Time (your time zone)');
    this.rows = candidates.map((c, i) => buildRow(this.root, c, `sg-${i}`, scorer));
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => this.redraw()).observe(container);
    }
  }

  /** Shows each candidate's points (in time order) over the window, a point per `window.stepMs`. */
  update(points: ReadonlyMap<string, Point[]>, window: ViewWindow): void {
    this.last = { points, window };
    this.draw();
  }

  setMoments(moments: readonly Moment[]): void {
    this.moments = moments;
    this.draw();
  }

  /** Shows the candidates in this order, only those listed as visible. */
  arrange(order: readonly string[], visible: ReadonlySet<string>): void {
    for (const id of order) {
      const row = this.rows.find((r) => r.candidate.id === id);
      if (row === undefined) continue;
      row.figure.attr('hidden', visible.has(id) ? null : '');
      this.root.node()?.append(row.figure.node() as HTMLElement);
    }
  }

  /** The axis and the visible rows, for export. */
  svgs(): SVGSVGElement[] {
    const rows = this.rows.filter((r) => r.figure.attr('hidden') === null).map((r) => r.svg.node());
    return [this.axisSvg.node(), ...rows].filter((s): s is SVGSVGElement => s !== null);
  }

  /** The data shown, one line per candidate and step. */
  csv(): (string | number | null)[][] {
    const out: (string | number | null)[][] = [['time', 'candidate', 'posts', 'mean', 'sd']];
    if (this.last === undefined) return out;
    for (const row of this.rows) {
      for (const p of this.last.points.get(row.candidate.id) ?? []) {
        out.push([new Date(p.t).toISOString(), row.candidate.id, p.count, p.mean, p.sd]);
      }
    }
    return out;
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
    this.root.attr('data-from', window.from).attr('data-to', window.to).attr('data-step', window.stepMs);

    const x = scaleTime()
      .domain([new Date(window.from), new Date(window.to)])
      .range([MARGIN.left, width - MARGIN.right]);
    const all = [...points.values()].flat();
    const score = scoreScale(this.scorer, all);
    const y = scaleLinear()
      .domain([score.domain[0], score.domain[1]])
      .range([SCORE_TOP + SCORE_HEIGHT, SCORE_TOP]);
    const volumeBase = ROW_HEIGHT - 2;
    const perStep = formatDuration(window.stepMs).replace(/\.0 s$/, ' s');
    const moments = this.moments.filter((m) => m.at >= window.from && m.at <= window.to);

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
      const maxCount = Math.max(1, ...data.map((p) => p.count));
      const v = scaleLinear()
        .domain([0, maxCount])
        .range([volumeBase, volumeBase - VOLUME_HEIGHT]);
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
        .select<SVGGElement>('g.v-axis')
        .attr('transform', `translate(${MARGIN.left},0)`)
        .call(
          axisLeft(v)
            .tickValues([0, maxCount])
            .tickFormat((d) => String(d))
            .tickSize(3),
        );
      // Above the strip's right end, clear of the tick labels on its left.
      svg
        .select('text.volume-label')
        .attr('x', width - MARGIN.right)
        .attr('y', volumeBase - VOLUME_HEIGHT - 3)
        .text(`posts per ${perStep} (0–${maxCount})`);
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
        .attr('y', (p) => Math.min(v(p.count), volumeBase - MIN_BAR_PX))
        .attr('height', (p) => Math.max(MIN_BAR_PX, volumeBase - v(p.count)));
      svg
        .select<SVGGElement>('g.moments')
        .selectAll<SVGLineElement, Moment>('line')
        .data(moments, (m) => `${m.at}`)
        .join('line')
        .attr('x1', (m) => x(m.at))
        .attr('x2', (m) => x(m.at))
        .attr('y1', SCORE_TOP)
        .attr('y2', volumeBase);
      describeRow(row, data, window, score);
    }

    this.axisSvg
      .attr('width', width)
      .attr('height', AXIS_HEIGHT)
      .attr('viewBox', `0 0 ${width} ${AXIS_HEIGHT}`);
    this.axisSvg
      .select<SVGGElement>('g.x-axis')
      .attr('transform', `translate(0,${AXIS_HEIGHT - 4})`)
      .call(
        axisBottom(x)
          .ticks(Math.max(2, Math.floor((width - MARGIN.left - MARGIN.right) / 90)))
          .tickSize(-4)
          .tickSizeOuter(0),
      )
      .call((g) => g.selectAll('.tick text').attr('y', -8).attr('dy', null));
    // Each label on the first line where it does not run into the one before (else the last line).
    const labelRow = new Map<Moment, number>();
    const lineEnds: number[] = Array.from({ length: LABEL_ROWS }, () => -Infinity);
    for (const m of moments) {
      const left = x(m.at);
      const free = lineEnds.findIndex((end) => end < left);
      const line = free < 0 ? LABEL_ROWS - 1 : free;
      labelRow.set(m, line);
      lineEnds[line] = left + (m.label.length + 3) * LABEL_CHAR_PX;
    }
    this.axisSvg
      .select<SVGGElement>('g.moment-labels')
      .selectAll<SVGTextElement, Moment>('text')
      .data(moments, (m) => `${m.at}`)
      .join('text')
      .attr('class', 'moment-label')
      .attr('x', (m) => x(m.at))
      .attr('y', (m) => LABEL_LINE * (1 + (labelRow.get(m) ?? 0)))
      .attr('text-anchor', (m) => (x(m.at) > width - 120 ? 'end' : 'start'))
      .text((m) => `▾ ${m.label}`);
    this.axisSvg.select('text.axis-label').attr('visibility', moments.length > 0 ? 'hidden' : null);
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
  svg.append('g').attr('class', 'v-axis');
  svg.append('text').attr('class', 'volume-label').attr('text-anchor', 'end');
  svg.append('line').attr('class', 'neutral');
  svg.append('path').attr('class', 'band').attr('fill', candidate.colour);
  svg.append('path').attr('class', 'mean').attr('stroke', candidate.colour);
  svg.append('g').attr('class', 'bars').attr('fill', candidate.colour);
  svg.append('g').attr('class', 'moments');
  return { candidate, figure: figure as unknown as Row['figure'], svg, desc, readout };
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
    row.figure.attr('data-last-mean', null).attr('data-last-t', null);
    row.readout.text('no posts in view');
    row.desc.text(`No posts about ${row.candidate.name} between ${span}.`);
    return;
  }
  row.figure.attr('data-last-mean', latest.mean).attr('data-last-t', latest.t);
  const sd = latest.sd === null ? '' : ` ± ${formatMagnitude(latest.sd)}`;
  const reading = `${formatScore(latest.mean)}${sd} (${latest.count} posts at ${formatClock(latest.t)})`;
  row.readout.text(`latest ${reading}`);
  row.desc.text(
    `${posts} posts about ${row.candidate.name} between ${span}; scores range from ` +
      `${formatScore(score.domain[0])} to ${formatScore(score.domain[1])}; latest mean ${reading}.`,
  );
}
