/**
 * One debate's live view: each refresh is one /live request, whose answer holds the window that
 * follows the newest post, that window's series and extremes and the debate's freshness, so the
 * chart and the extremes never show different windows, and every viewer of the debate asks the
 * same URL (a shared cache answers them all). The series is fetched incrementally: only the steps
 * after the settled edge of the last answer, merged into those held.
 */
import type { DebatesResponse } from '../../lambda/core/api/contract';
import type { ApiClient } from './api-client';
import { candidateViews } from './candidate-view';
import { ExtremesList } from './extremes-list';
import { Seismograph } from './seismograph';
import { SeriesCache } from './series-cache';
import type { Freshness } from './status-line';
import type { ViewWindow } from './time-window';

export type DebateSummary = DebatesResponse['debates'][number];

export interface DashboardOptions {
  readonly windowMs: number;
  /** Upper bound on points per series; sets the step. */
  readonly maxPoints: number;
}

export class Dashboard {
  private readonly chart: Seismograph;
  private readonly extremes: ExtremesList;
  private readonly series = new SeriesCache();
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
    // The steps held since the last answer's settled edge, for the window that answer followed
    // (the API clamps `since` into the window it follows now).
    const since = this.lastWindow === undefined ? undefined : this.series.since(this.lastWindow);
    const live = await this.api.live(
      this.debate.id,
      { windowMs: this.options.windowMs, points: this.options.maxPoints },
      since,
    );
    const window: ViewWindow = {
      from: Date.parse(live.window.from),
      to: Date.parse(live.window.to),
      stepMs: live.window.stepMs,
    };
    this.series.merge(live.series, window);
    this.chart.update(this.series.points(), { ...window, stepMs: live.series.stepMs });
    this.extremes.update(live.extremes);
    this.lastWindow = window;
    return {
      newestPostAt: parseTime(live.newestPostAt),
      processingLagMs: live.processingLagMs,
      updatedAt: Date.now(),
    };
  }
}

function parseTime(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
