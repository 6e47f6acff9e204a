import type {
  ExtremesResponse,
  HashtagsResponse,
  HealthResponse,
  LiveResponse,
  SeriesColumnsResponse,
} from '../../lambda/core/api/contract';
import { DEFAULT_LIVE_POINTS, DEFAULT_LIVE_WINDOW_MS } from '../../lambda/core/api/limits';
import { createQueryApi, type QueryApi } from '../../lambda/core/api/routes';
import { followWindow } from '../../lambda/core/api/view-window';
import type { DebateState } from '../../lambda/core/ports';
import { MemoryAggregateStore, MemoryArchiveStore } from '../support/memory-store';
import { apiEvent, validBody } from './api-helpers';
import { buildDebateFixture, BUCKET_MS, type DebateFixture } from './debate-fixture';

const ID = 'gop-2015-09-16';
const MIN = 60_000;

let fx: DebateFixture;
let api: QueryApi;
let debate: DebateState;

beforeAll(async () => {
  fx = await buildDebateFixture(40, 5, 'live');
  api = createQueryApi({ store: fx.store, archive: fx.archive });
  debate = (await fx.store.getDebate(ID)) as DebateState;
});

async function get<T>(route: string, query: Record<string, string> = {}): Promise<T> {
  const path = route.replace('{id}', ID);
  return validBody<T>(route, await api(apiEvent(path, query)));
}

describe('GET /debates/{id}/live: the dashboard poll in one answer', () => {
  test('GIVEN a debate with posts WHEN asked with the defaults THEN each part equals its own route for the window a page following the newest post chooses', async () => {
    // GIVEN the window the page would follow
    const w = followWindow(
      debate.lastPostAt,
      debate.start,
      DEFAULT_LIVE_WINDOW_MS,
      BUCKET_MS,
      DEFAULT_LIVE_POINTS,
    );
    const window = { from: String(w.from), to: String(w.to) };
    // WHEN
    const live = await get<LiveResponse>('/debates/{id}/live');
    // THEN
    expect(live.window).toEqual({
      from: new Date(w.from).toISOString(),
      to: new Date(w.to).toISOString(),
      stepMs: w.stepMs,
    });
    expect(w.to).toBeGreaterThan(debate.lastPostAt as number);
    expect(live.series).toEqual(
      await get<SeriesColumnsResponse>('/debates/{id}/series', {
        ...window,
        step: String(w.stepMs),
        format: 'columns',
      }),
    );
    expect(live.extremes).toEqual(await get<ExtremesResponse>('/debates/{id}/extremes', window));
    expect(live.hashtags).toEqual(
      await get<HashtagsResponse>('/debates/{id}/hashtags', { at: String(debate.lastPostAt) }),
    );
    const health = (await get<HealthResponse>('/health')).debates.find((d) => d.id === ID);
    expect({
      newestPostAt: live.newestPostAt,
      processedAt: live.processedAt,
      processingLagMs: live.processingLagMs,
    }).toEqual({
      newestPostAt: health?.newestPostAt,
      processedAt: health?.processedAt,
      processingLagMs: health?.processingLagMs,
    });
    // the window held posts: the poll is not trivially empty
    expect(live.series.series.some((s) => s.count.some((c) => c > 0))).toBe(true);
  });

  test('GIVEN the previous answer WHEN polled with since = its settled THEN only the steps from there come back, equal to the full answer’s', async () => {
    // GIVEN
    const full = await get<LiveResponse>('/debates/{id}/live', { window: '20m', points: '120' });
    // WHEN
    const poll = await get<LiveResponse>('/debates/{id}/live', {
      window: '20m',
      points: '120',
      since: full.series.settled,
    });
    // THEN
    const skip = (Date.parse(poll.series.from) - Date.parse(full.series.from)) / full.series.stepMs;
    expect(skip).toBeGreaterThan(0);
    expect(poll.series.to).toBe(full.series.to);
    for (const [i, s] of poll.series.series.entries()) {
      expect(s.count).toEqual(full.series.series[i].count.slice(skip));
      expect(s.mean).toEqual(full.series.series[i].mean.slice(skip));
    }
    expect(full.window.stepMs).toBe(10_000); // 240 buckets in at most 120 points
    expect(Date.parse(full.window.to) - Date.parse(full.window.from)).toBe(20 * MIN);
  });

  test('GIVEN a debate without posts WHEN asked THEN the window starts at its scheduled start and every part is empty', async () => {
    // GIVEN
    const store = new MemoryAggregateStore();
    const { id, title, start, end, candidates, bucketMs, scorer } = debate;
    await store.putDebate({ id, title, start, end, candidates, bucketMs, scorer });
    const emptyApi = createQueryApi({ store, archive: new MemoryArchiveStore() });
    // WHEN
    const live = validBody<LiveResponse>(
      '/debates/{id}/live',
      await emptyApi(apiEvent(`/debates/${id}/live`)),
    );
    // THEN
    expect(Date.parse(live.window.from)).toBeLessThanOrEqual(debate.start);
    expect(live.newestPostAt).toBeNull();
    expect(live.series.series.every((s) => s.count.every((c) => c === 0))).toBe(true);
    expect(live.hashtags.hashtags).toEqual([]);
  });

  test.each([
    [{ window: '7s' }, 'window'],
    [{ window: '13h' }, 'window'],
    [{ points: '0' }, 'points'],
    [{ points: 'lots' }, 'points'],
    [{ since: 'yesterday' }, 'since'],
    [{ from: '0' }, 'from'],
  ])('GIVEN %p THEN a 400 names %p', async (query, name) => {
    const res = await api(apiEvent(`/debates/${ID}/live`, query));
    expect(res.statusCode).toBe(400);
    expect(String(res.body)).toContain(name);
  });
});

describe('GET /debates/{id}/live early in a debate and on a local host', () => {
  test('GIVEN a debate five minutes in WHEN polled for 30 minutes THEN the window starts at the first post, not 30 minutes before the newest', async () => {
    // GIVEN
    const short = await buildDebateFixture(5, 5, 'live-early');
    const state = (await short.store.getDebate(ID)) as DebateState;
    const shortApi = createQueryApi({ store: short.store, archive: short.archive });
    // WHEN
    const live = validBody<LiveResponse>(
      '/debates/{id}/live',
      await shortApi(apiEvent(`/debates/${ID}/live`, { window: String(30 * MIN), points: '360' })),
    );
    // THEN
    const first = Math.floor((state.firstPostAt as number) / BUCKET_MS) * BUCKET_MS;
    expect(Date.parse(live.window.from)).toBe(first);
    expect(Date.parse(live.window.to)).toBeGreaterThan(state.lastPostAt as number);
    expect(Date.parse(live.window.to) - first).toBeLessThan(6 * MIN);
  });

  test('GIVEN a host that knows its pipeline WHEN /live THEN it reports the pipeline as /health does', async () => {
    // GIVEN
    const local = createQueryApi({
      store: fx.store,
      archive: fx.archive,
      pipeline: () => ({ state: 'paused', waiting: 7 }),
    });
    // WHEN
    const live = validBody<LiveResponse>('/debates/{id}/live', await local(apiEvent(`/debates/${ID}/live`)));
    // THEN
    expect(live.pipeline).toEqual({ state: 'paused', waiting: 7 });
    expect((await get<LiveResponse>('/debates/{id}/live')).pipeline).toBeUndefined();
  });
});
