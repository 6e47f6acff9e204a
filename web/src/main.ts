/**
 * Entry point of the dashboard bundle: finds the API, picks the debate, then polls every 2 s.
 * Until the first connection succeeds, connecting is itself what the poller retries, so a page
 * opened before the API is up starts working as soon as it is.
 */
import { ApiClient, resolveApiBase } from './api-client';
import { loadConfig, viewRequest, type ViewRequest } from './config';
import { Dashboard } from './dashboard';
import { startPoller } from './poller';
import { StatusLine } from './status-line';

const POLL_MS = 2000;
/** About one point per 2–3 px of a laptop-wide chart. */
const MAX_POINTS = 400;

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
    { windowMs: request.windowMs, maxPoints: MAX_POINTS },
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
  const poller = startPoller(
    async () => {
      dashboard ??= await connect(request);
      status.ok(await dashboard.refresh());
    },
    {
      intervalMs: POLL_MS,
      onError: (e) => status.error(e instanceof Error ? e.message : String(e), POLL_MS),
      // A hidden tab needs no updates (nor the API calls they cost); it catches up when shown.
      paused: () => document.hidden,
    },
  );
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poller.poke();
  });
}

main();
