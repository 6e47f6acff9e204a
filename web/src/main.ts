/**
 * Entry point of the dashboard bundle: finds the API, picks the debate, then polls /live once per
 * base bucket (every 5 s by default; `livePollMs`).
 * Until the first connection succeeds, connecting is itself what the poller retries, so a page
 * opened before the API is up starts working as soon as it is.
 */
import { DEFAULT_LIVE_POINTS, livePollMs } from '../../lambda/core/api/limits';
import { ApiClient, resolveApiBase } from './api-client';
import { loadConfig, viewRequest, type ViewRequest } from './config';
import { Dashboard } from './dashboard';
import { startPoller } from './poller';
import { StatusLine } from './status-line';

/** Until a debate is chosen: how soon to try connecting again. */
const CONNECT_RETRY_MS = 2000;

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`index.html lacks #${id}`);
  return el;
}

async function connect(request: ViewRequest): Promise<Dashboard> {
  const config = await loadConfig(location.href);
  const api = new ApiClient(resolveApiBase(config.apiUrl, location.href));
  const { debates } = await api.debates();
  const debate = request.debate === undefined ? debates[0] : debates.find((d) => d.id === request.debate);
  if (debate === undefined) {
    throw new Error(
      request.debate === undefined
        ? 'the API knows no debate yet'
        : `the API knows no debate "${request.debate}"`,
    );
  }
  document.title = `${debate.title} · trendoff`;
  element('debate-title').textContent = debate.title;
  element('debate-subtitle').textContent =
    `${debate.scorer} sentiment per candidate over the last ${request.windowMs / 60_000} min, ` +
    `following the newest posts`;
  return new Dashboard(
    api,
    debate,
    { chart: element('chart'), extremes: element('extremes-list') },
    { windowMs: request.windowMs, maxPoints: DEFAULT_LIVE_POINTS },
  );
}

function main(): void {
  const status = new StatusLine(element('status'), element('announce'));
  status.loading('Connecting to the API…');
  const request = viewRequest(location.href);
  if (request.problem !== undefined) {
    const notice = element('notice');
    notice.textContent = request.problem;
    notice.hidden = false;
  }
  let dashboard: Dashboard | undefined;
  const pollMs = (): number =>
    dashboard === undefined ? CONNECT_RETRY_MS : livePollMs(dashboard.debate.bucketMs);
  const poller = startPoller(
    async () => {
      dashboard ??= await connect(request);
      status.ok(await dashboard.refresh());
    },
    {
      get intervalMs() {
        return pollMs();
      },
      onError: (e) => status.error(e instanceof Error ? e.message : String(e), pollMs()),
      // A hidden tab needs no updates (nor the API calls they cost); it catches up when shown.
      paused: () => document.hidden,
    },
  );
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poller.poke();
  });
}

main();
