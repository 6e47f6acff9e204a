/**
 * One debate's live view: each refresh asks /health where the newest data is, moves the window
 * to follow it, fetches series and extremes for that window together, and only then updates
 * both views, so the chart and the extremes never show different windows.
 */
import type { DebatesResponse } from '../../lambda/core/api/contract';
import type { ApiClient } from './api-client';
import { candidateViews } from './candidate-view';
import { ExtremesList } from './extremes-list';
import { Seismograph } from './seismograph';
import type { Freshness } from './status-line';
import { followWindow, type ViewWindow } from './time-window';

export type DebateSummary = DebatesResponse['debates'][number];

export interface DashboardOptions {
  readonly windowMs: number;
  /** Upper bound on points per series; sets the step. */
  readonly maxPoints: number;
}

export class Dashboard {
  private readonly chart: Seismograph;
  private readonly extremes: ExtremesList;
  private lastWindow: ViewWindow | undefined;

  constructor(
    private readonly api: ApiClient,
    readonly debate: DebateSummary,
    views: { readonly chart: HTMLElement; readonly extremes: HTMLElement },
    private readonly options: DashboardOptions,
  ) {
    const candidates = candidateViews(debate.candidates);
    this.chart = new Seismograph(views.chart, candidates, debate.scorer);
    this.extremes = new ExtremesList(views.extremes, candidates);
  }

  /** The window shown by the last successful refresh. */
  get window(): ViewWindow | undefined {
    return this.lastWindow;
  }

  /** Fetches and shows the latest data; rejects (leaving the views as they were) on any failure. */
  async refresh(): Promise<Freshness> {
    const health = await this.api.health();
    const mine = health.debates.find((d) => d.id === this.debate.id);
    const newest = parseTime(mine === undefined ? this.debate.lastPostAt : mine.newestPostAt);
    const window = followWindow(
      newest,
      Date.parse(this.debate.start),
      this.options.windowMs,
      this.debate.bucketMs,
      this.options.maxPoints,
    );
    const [series, extremes] = await Promise.all([
      this.api.series(this.debate.id, window),
      this.api.extremes(this.debate.id, window),
    ]);
    this.chart.update(series, window);
    this.extremes.update(extremes);
    this.lastWindow = window;
    return { newestPostAt: newest, processingLagMs: mine?.processingLagMs ?? null, updatedAt: Date.now() };
  }
}

function parseTime(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
