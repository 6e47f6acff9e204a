/**
 * Entry point of the dashboard bundle: finds the API, picks the debate, then polls once per base
 * bucket (every 5 s by default; `livePollMs`).
 * Until the first connection succeeds, connecting is itself what the poller retries, so a page
 * opened before the API is up (or before any debate has data) starts working as soon as it can.
 */
import type { DebatesResponse } from '../../lambda/core/api/contract';
import { DEFAULT_LIVE_POINTS, livePollMs } from '../../lambda/core/api/limits';
import { ApiClient, resolveApiBase } from './api-client';
import { loadConfig, viewRequest, type ViewRequest } from './config';
import { Dashboard, type RefreshResult } from './dashboard';
import { HealthView } from './health-view';
import { stallMessage } from './pipeline-state';
import { startPoller } from './poller';
import { setUpViewTabs } from './view-tabs';

/** Until a debate is chosen: how soon to try connecting again. */
const CONNECT_RETRY_MS = 2000;

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`index.html lacks #${id}`);
  return el;
}

/** What connecting found: the debate's views, or why there are none yet (not an error). */
type Connection =
  | { readonly kind: 'ready'; readonly dashboard: Dashboard }
  | { readonly kind: 'no-debates' }
  | { readonly kind: 'unknown'; readonly asked: string; readonly debates: DebatesResponse['debates'] };

async function connect(request: ViewRequest, poke: () => void): Promise<Connection> {
  const config = await loadConfig(location.href);
  const api = new ApiClient(resolveApiBase(config.apiUrl, location.href));
  const { debates } = await api.debates();
  if (debates.length === 0) return { kind: 'no-debates' };
  const debate = request.debate === undefined ? debates[0] : debates.find((d) => d.id === request.debate);
  if (debate === undefined) return { kind: 'unknown', asked: request.debate ?? '', debates };
  document.title = `${debate.title} · trendoff`;
  element('debate-title').textContent = debate.title;
  element('debate-subtitle').textContent =
    `${debate.scorer} sentiment per candidate, following the newest posts (or the minute picked in Time travel)`;
  const dashboard = new Dashboard(
    api,
    debate,
    debates,
    {
      chart: element('chart'),
      chartControls: element('chart-controls'),
      extremes: element('extremes-list'),
      wordshift: element('wordshift'),
      hashtags: element('hashtags'),
      map: element('map'),
      compare: element('compare'),
      timeTravel: element('timetravel'),
      tools: (view) => document.querySelector<HTMLElement>(`[data-export="${view}"]`),
    },
    { windowMs: request.windowMs, maxPoints: DEFAULT_LIVE_POINTS },
    poke,
  );
  return { kind: 'ready', dashboard };
}

function main(): void {
  const health = new HealthView({
    status: element('status'),
    announcer: element('announce'),
    banner: element('banner'),
    empty: element('empty'),
    views: element('views'),
  });
  health.loading('Connecting to the API…');
  setUpViewTabs(element('view-tabs'), element('views'));
  const request = viewRequest(location.href);
  if (request.problem !== undefined) {
    const notice = element('notice');
    notice.textContent = request.problem;
    notice.hidden = false;
  }
  let dashboard: Dashboard | undefined;
  const show = (r: RefreshResult): void => {
    const schedule = { id: r.debate.id, start: Date.parse(r.debate.start), end: Date.parse(r.debate.end) };
    health.live(
      {
        newestPostAt: r.newestPostAt,
        processingLagMs: r.processingLagMs,
        processedAt: r.processedAt,
        updatedAt: r.updatedAt,
      },
      stallMessage(r.health, schedule, r.updatedAt),
      r.debate.firstPostAt === null ? r.debate.title : undefined,
    );
  };
  // Once per base bucket, when a new point can appear (see livePollMs).
  const pollMs = (): number => (dashboard === undefined ? CONNECT_RETRY_MS : livePollMs(dashboard.bucketMs));
  const poller = startPoller(
    async () => {
      if (dashboard === undefined) {
        const c = await connect(request, () => poller.poke());
        if (c.kind === 'no-debates') return health.noDebates();
        if (c.kind === 'unknown') return health.unknownDebate(c.asked, c.debates);
        dashboard = c.dashboard;
      }
      show(await dashboard.refresh());
    },
    {
      get intervalMs() {
        return pollMs();
      },
      onError: (e) => health.unreachable(e instanceof Error ? e.message : String(e), pollMs()),
      // A hidden tab needs no updates (nor the API calls they cost); it catches up when shown.
      paused: () => document.hidden,
    },
  );
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poller.poke();
  });
}

main();
