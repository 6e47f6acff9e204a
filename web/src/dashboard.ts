/**
 * One debate's views, kept in step: each refresh asks /health and /debates where the data is,
 * places the window (following the newest posts, or pinned to a past minute by time travel), then
 * fetches the series (incrementally: only the steps after the settled edge of the last answer) and
 * the extremes for that window together, and only then updates both, so the chart and the
 * extremes never show different windows. Hashtags, map and word shift follow the same window's end;
 * one of them failing says so in its own view and leaves the rest of the page live.
 */
import type { DebatesResponse, HealthResponse } from '../../lambda/core/api/contract';
import type { ApiClient } from './api-client';
import { candidateViews, type CandidateView } from './candidate-view';
import { ChartControls, type ChartChoice } from './chart-controls';
import { CompareView } from './compare-view';
import { addExportButtons } from './export';
import { ExtremesList } from './extremes-list';
import { HashtagsView } from './hashtags-view';
import { MapView } from './map-view';
import { Seismograph } from './seismograph';
import { SeriesCache } from './series-cache';
import { TimeTravel } from './time-travel';
import { headWindow, spanFor, type ViewWindow } from './time-window';
import { WordShiftView } from './wordshift-view';

export type DebateSummary = DebatesResponse['debates'][number];

export interface DashboardOptions {
  readonly windowMs: number;
  /** Upper bound on points per series. */
  readonly maxPoints: number;
}

/** The elements the views draw into. */
export interface DashboardElements {
  readonly chart: HTMLElement;
  readonly chartControls: HTMLElement;
  readonly extremes: HTMLElement;
  readonly wordshift: HTMLElement;
  readonly hashtags: HTMLElement;
  readonly map: HTMLElement;
  readonly compare: HTMLElement;
  readonly timeTravel: HTMLElement;
  /** Where each view's export buttons go, by view name. */
  readonly tools: (view: string) => HTMLElement | null;
}

/** What a refresh learnt, for the Health view. */
export interface RefreshResult {
  readonly health: HealthResponse;
  readonly debate: DebateSummary;
  readonly newestPostAt: number | null;
  readonly processedAt: number | null;
  readonly processingLagMs: number | null;
  readonly updatedAt: number;
}

/** The sliding window of trending hashtags and of the map. */
export const RECENT_MS = 10 * 60_000;
const HASHTAGS = 10;
const SHIFT_WORDS = 30;

export class Dashboard {
  private readonly candidates: CandidateView[];
  private readonly chart: Seismograph;
  private readonly controls: ChartControls;
  private readonly extremes: ExtremesList;
  private readonly hashtags: HashtagsView;
  private readonly map: MapView;
  private readonly shift: WordShiftView;
  private readonly timeTravel: TimeTravel;
  private readonly series = new SeriesCache();
  private debate: DebateSummary;
  private pinned: number | null = null;
  private lastWindow: ViewWindow | undefined;

  constructor(
    private readonly api: ApiClient,
    debate: DebateSummary,
    debates: DebatesResponse['debates'],
    el: DashboardElements,
    private readonly options: DashboardOptions,
    /** Asks for a refresh now (after a control changed). */
    private readonly poke: () => void,
  ) {
    this.debate = debate;
    this.candidates = candidateViews(debate.candidates);
    this.chart = new Seismograph(el.chart, this.candidates, debate.scorer);
    this.chart.setMoments(debate.moments.map((m) => ({ at: Date.parse(m.at), label: m.label })));
    this.controls = new ChartControls(el.chartControls, this.candidates, debate.bucketMs, (c) =>
      this.chose(c),
    );
    this.extremes = new ExtremesList(el.extremes, this.candidates);
    this.shift = new WordShiftView(el.wordshift, this.candidates, poke);
    this.hashtags = new HashtagsView(el.hashtags);
    this.map = new MapView(el.map, debate.scorer);
    const compare = new CompareView(el.compare, (users) => api.compare(debate.id, users));
    this.timeTravel = new TimeTravel(el.timeTravel, debates, debate.id, (head) => {
      this.pinned = head;
      poke();
    });
    const tools = (name: string, label: string, what: Parameters<typeof addExportButtons>[1]): void => {
      const t = el.tools(name);
      if (t !== null) addExportButtons(t, what, label);
    };
    tools('seismograph', 'the seismograph', {
      name: `${debate.id}-seismograph`,
      svgs: () => this.chart.svgs(),
      rows: () => this.chart.csv(),
    });
    tools('extremes', 'the extreme posts', {
      name: `${debate.id}-extremes`,
      rows: () => this.extremes.csv(),
    });
    tools('wordshift', 'the word shift', {
      name: `${debate.id}-wordshift`,
      svgs: () => this.shift.svgs(),
      rows: () => this.shift.csv(),
    });
    tools('hashtags', 'the trending hashtags', {
      name: `${debate.id}-hashtags`,
      svgs: () => this.hashtags.svgs(),
      rows: () => this.hashtags.csv(),
    });
    tools('map', 'the map', {
      name: `${debate.id}-map`,
      svgs: () => this.map.svgs(),
      rows: () => this.map.csv(),
    });
    tools('compare', 'the comparison', {
      name: `${debate.id}-compare`,
      svgs: () => compare.svgs(),
      rows: () => compare.csv(),
    });
  }

  get id(): string {
    return this.debate.id;
  }

  /** The window shown by the last successful refresh. */
  get window(): ViewWindow | undefined {
    return this.lastWindow;
  }

  private chose(choice: ChartChoice): void {
    this.chart.arrange(choice.order, choice.visible);
    this.poke();
  }

  /** Fetches and shows the latest data; rejects (leaving the views as they were) on any failure. */
  async refresh(): Promise<RefreshResult> {
    const [health, { debates }] = await Promise.all([this.api.health(), this.api.debates()]);
    this.debate = debates.find((d) => d.id === this.debate.id) ?? this.debate;
    const mine = health.debates.find((d) => d.id === this.debate.id);
    const newest = parseTime(mine?.newestPostAt ?? this.debate.lastPostAt);
    const first = parseTime(this.debate.firstPostAt);
    this.timeTravel.setSpan(first, newest);
    const { stepMs } = this.controls.choice;
    const head = this.pinned ?? newest;
    const window = headWindow(
      head,
      first,
      Date.parse(this.debate.start),
      stepMs,
      spanFor(stepMs, this.options.windowMs, this.options.maxPoints),
    );
    const recentFrom = Math.max(0, window.to - RECENT_MS);
    const shift = this.shift.choice;
    const [series, extremes] = await Promise.all([
      this.api.series(this.debate.id, window, this.series.since(window)),
      this.api.extremes(this.debate.id, window),
      newest === null
        ? undefined
        : Promise.all([
            this.api.hashtags(this.debate.id, window.to, RECENT_MS, HASHTAGS).then(
              (a) => this.hashtags.update(a),
              () => undefined,
            ),
            this.api.geo(this.debate.id, recentFrom, window.to).then(
              (a) => this.map.update(a),
              () => undefined,
            ),
            this.api
              .wordshift(
                this.debate.id,
                shift.candidate,
                Math.max(0, window.to - shift.windowMs),
                window.to,
                shift.reference,
                SHIFT_WORDS,
              )
              .then(
                (a) =>
                  this.shift.update(
                    a,
                    this.candidates.find((c) => c.id === a.candidate)?.name ?? a.candidate,
                  ),
                (e: unknown) => this.shift.failed(e instanceof Error ? e.message : String(e)),
              ),
          ]),
    ]);
    this.series.merge(series, window);
    this.chart.update(this.series.points(), { ...window, stepMs: series.stepMs });
    this.extremes.update(extremes);
    this.lastWindow = window;
    return {
      health,
      debate: this.debate,
      newestPostAt: newest,
      processedAt: parseTime(mine?.processedAt ?? null),
      processingLagMs: mine?.processingLagMs ?? null,
      updatedAt: Date.now(),
    };
  }
}

function parseTime(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
