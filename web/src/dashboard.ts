/**
 * One debate's views, kept in step: each refresh places the window (following the newest posts,
 * as the API's /live route chooses it, or pinned to a past minute by time travel), fetches the
 * series (incrementally: only the steps after the settled edge of the last answer) and the
 * extremes for that window together, and only then updates both, so the chart and the extremes
 * never show different windows. Map and word shift follow the same window's end; one of them
 * failing says so in its own view and leaves the rest of the page live.
 */
import type {
  DebatesResponse,
  ExtremesResponse,
  HashtagsResponse,
  HealthResponse,
  SeriesColumnsResponse,
} from '../../lambda/core/api/contract';
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

/** The sliding window of trending hashtags and of the map (as /live's hashtags). */
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

  get bucketMs(): number {
    return this.debate.bucketMs;
  }

  /** The window shown by the last successful refresh. */
  get window(): ViewWindow | undefined {
    return this.lastWindow;
  }

  private chose(choice: ChartChoice): void {
    this.chart.arrange(choice.order, choice.visible);
    this.poke();
  }

  /**
   * Fetches and shows the latest data; rejects (leaving the views as they were) on any failure.
   * Following the head, one /live request brings the window, its series (since the settled edge),
   * extremes, hashtags and freshness; pinned to a past minute, the same parts come from their own
   * routes for that minute's window.
   */
  async refresh(): Promise<RefreshResult> {
    if (this.debate.firstPostAt === null) {
      const { debates } = await this.api.debates();
      this.debate = debates.find((d) => d.id === this.debate.id) ?? this.debate;
    }
    const { stepMs } = this.controls.choice;
    const spanMs = spanFor(stepMs, this.options.windowMs, this.options.maxPoints);
    const first = parseTime(this.debate.firstPostAt);
    const part =
      this.pinned === null
        ? await this.followHead(stepMs, spanMs)
        : await this.atMinute(this.pinned, first, stepMs, spanMs);
    const { window, health } = part;
    const mine = health.debates[0];
    const newest = parseTime(mine?.newestPostAt ?? null);
    this.timeTravel.setSpan(first, newest);
    const shift = this.shift.choice;
    await Promise.all([
      newest === null
        ? undefined
        : this.api.geo(this.debate.id, Math.max(0, window.to - RECENT_MS), window.to).then(
            (a) => this.map.update(a),
            () => undefined,
          ),
      newest === null
        ? undefined
        : this.api
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
                this.shift.update(a, this.candidates.find((c) => c.id === a.candidate)?.name ?? a.candidate),
              (e: unknown) => this.shift.failed(e instanceof Error ? e.message : String(e)),
            ),
    ]);
    this.series.merge(part.series, window);
    this.chart.update(this.series.points(), { ...window, stepMs: part.series.stepMs });
    this.extremes.update(part.extremes);
    if (part.hashtags !== undefined) this.hashtags.update(part.hashtags);
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

  /** The window following the newest post, and its parts, in one /live request. */
  private async followHead(stepMs: number, spanMs: number): Promise<Part> {
    // The steps held since the last answer's settled edge, for the window that answer followed
    // (the API clamps `since` into the window it follows now).
    const since = this.lastWindow === undefined ? undefined : this.series.since(this.lastWindow);
    const live = await this.api.live(
      this.debate.id,
      { windowMs: spanMs, points: Math.max(1, Math.round(spanMs / stepMs)) },
      since,
    );
    const window: ViewWindow = {
      from: Date.parse(live.window.from),
      to: Date.parse(live.window.to),
      stepMs: live.window.stepMs,
    };
    const health: HealthResponse = {
      status: 'ok',
      ...(live.pipeline !== undefined ? { pipeline: live.pipeline } : {}),
      debates: [
        {
          id: this.debate.id,
          newestPostAt: live.newestPostAt,
          processedAt: live.processedAt,
          processingLagMs: live.processingLagMs,
        },
      ],
    };
    return { window, health, series: live.series, extremes: live.extremes, hashtags: live.hashtags };
  }

  /** The window ending with the pinned minute, its parts from their own routes. */
  private async atMinute(head: number, first: number | null, stepMs: number, spanMs: number): Promise<Part> {
    const window = headWindow(head, first, Date.parse(this.debate.start), stepMs, spanMs);
    const [health, series, extremes, hashtags] = await Promise.all([
      this.api.health(),
      this.api.series(this.debate.id, window, this.series.since(window)),
      this.api.extremes(this.debate.id, window),
      this.api.hashtags(this.debate.id, head, RECENT_MS, HASHTAGS),
    ]);
    const mine = health.debates.filter((d) => d.id === this.debate.id);
    return { window, health: { ...health, debates: mine }, series, extremes, hashtags };
  }
}

/** What one refresh fetched for the window it shows. */
interface Part {
  readonly window: ViewWindow;
  /** The debate's freshness (its one entry) and the pipeline, as /health gives them. */
  readonly health: HealthResponse;
  readonly series: SeriesColumnsResponse;
  readonly extremes: ExtremesResponse;
  readonly hashtags?: HashtagsResponse;
}

function parseTime(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
