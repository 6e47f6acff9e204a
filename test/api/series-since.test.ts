import { bucketStart } from '../../lambda/core/aggregate';
import { settledBefore } from '../../lambda/core/api/caching';
import type { SeriesColumnsResponse, SeriesResponse } from '../../lambda/core/api/contract';
import { createQueryApi, type QueryApi } from '../../lambda/core/api/routes';
import type { DebateState } from '../../lambda/core/ports';
import { apiEvent, validBody } from './api-helpers';
import { buildDebateFixture, BUCKET_MS, type DebateFixture } from './debate-fixture';

const ID = 'gop-2015-09-16';
const ROUTE = '/debates/{id}/series';
const MIN = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

let fx: DebateFixture;
let api: QueryApi;
let debate: DebateState;
let dataEnd: number;

beforeAll(async () => {
  fx = await buildDebateFixture(10, 5, 'series-since');
  api = createQueryApi({ store: fx.store, archive: fx.archive });
  debate = (await fx.store.getDebate(ID)) as DebateState;
  dataEnd = Math.max(...fx.scored.map((s) => s.createdAt));
});

async function series<T = SeriesResponse>(query: Record<string, string>): Promise<T> {
  return validBody<T>(ROUTE, await api(apiEvent(`/debates/${ID}/series`, query)));
}

describe('series: since (incremental polling)', () => {
  // The dashboard's window: 30 minutes at 5 s ending just after the newest post.
  let to: number;
  let window: Record<string, string>;
  beforeAll(() => {
    to = bucketStart(dataEnd, BUCKET_MS) + BUCKET_MS;
    window = { from: String(to - 30 * MIN), to: String(to), step: String(BUCKET_MS) };
  });

  test('GIVEN a full answer WHEN polled with since = its settled THEN only the steps from there come back, equal to the full answer’s', async () => {
    // GIVEN
    const full = await series(window);
    expect(full.settled).toBe(iso(settledBefore(debate)));
    // WHEN
    const delta = await series({ ...window, since: full.settled });
    // THEN
    expect(delta.from).toBe(full.settled);
    expect(delta.to).toBe(full.to);
    expect(delta.settled).toBe(full.settled);
    const kept = (Date.parse(full.settled) - Date.parse(full.from)) / BUCKET_MS;
    for (const [i, s] of delta.series.entries()) {
      expect(s.candidate).toBe(full.series[i].candidate);
      expect(s.points).toEqual(full.series[i].points.slice(kept));
      // About a minute of 5-s steps: what a steady poll carries.
      expect(s.points).toHaveLength((to - Date.parse(full.settled)) / BUCKET_MS);
    }
  });

  test('GIVEN since inside a step WHEN polled THEN the answer starts at the step holding it', async () => {
    const delta = await series({ ...window, step: '1m', since: String(to - 5 * MIN + 1234) });
    expect(delta.from).toBe(iso(bucketStart(to - 5 * MIN, MIN)));
  });

  test('GIVEN since before from, or after to WHEN polled THEN the whole range, or no step at all', async () => {
    const before = await series({ ...window, since: String(Number(window.from) - MIN) });
    expect(before.from).toBe(iso(Number(window.from)));
    expect(before.series[0].points).toHaveLength(360);
    const after = await series({ ...window, since: String(to + MIN) });
    expect([after.from, after.to]).toEqual([iso(to), iso(to)]);
    expect(after.series.every((s) => s.points.length === 0)).toBe(true);
  });

  test('fails if since is not a time (400 naming it)', async () => {
    const res = await api(apiEvent(`/debates/${ID}/series`, { since: 'yesterday' }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body ?? '').error.parameter).toBe('since');
  });
});

describe('series: format=columns', () => {
  test('GIVEN points and columns of the same range WHEN compared THEN every column holds the points’ values, mean and sd to 4 decimals', async () => {
    // GIVEN
    const query = { from: String(dataEnd - 20 * MIN), to: String(dataEnd), step: '10s' };
    const points = await series(query);
    // WHEN
    const columns = await series<SeriesColumnsResponse>({ ...query, format: 'columns' });
    // THEN
    expect(columns.format).toBe('columns');
    expect([columns.from, columns.to, columns.stepMs, columns.settled]).toEqual([
      points.from,
      points.to,
      points.stepMs,
      points.settled,
    ]);
    const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 1e4) / 1e4);
    for (const [i, s] of columns.series.entries()) {
      const p = points.series[i].points;
      expect(s.candidate).toBe(points.series[i].candidate);
      expect(p.map((x, k) => Date.parse(x.t) - Date.parse(columns.from) - k * columns.stepMs)).toEqual(
        p.map(() => 0),
      );
      expect(s.count).toEqual(p.map((x) => x.count));
      expect(s.mean).toEqual(p.map((x) => round(x.mean)));
      expect(s.sd).toEqual(p.map((x) => round(x.sd)));
      expect([s.pos, s.neu, s.neg]).toEqual([p.map((x) => x.pos), p.map((x) => x.neu), p.map((x) => x.neg)]);
    }
  });

  test('GIVEN the dashboard’s steady poll (since = settled, columns) WHEN measured THEN its body is a few KB for every candidate', async () => {
    const to = bucketStart(dataEnd, BUCKET_MS) + BUCKET_MS;
    const query = { from: String(to - 30 * MIN), to: String(to), step: String(BUCKET_MS), format: 'columns' };
    const full = await api(apiEvent(`/debates/${ID}/series`, query));
    const { settled } = JSON.parse(full.body ?? '') as SeriesColumnsResponse;
    const poll = await api(apiEvent(`/debates/${ID}/series`, { ...query, since: settled }));
    expect(debate.candidates.length).toBe(11);
    expect(Buffer.byteLength(poll.body ?? '')).toBeLessThan(4096);
    expect(Buffer.byteLength(full.body ?? '')).toBeGreaterThan(10 * Buffer.byteLength(poll.body ?? ''));
  });

  test('fails if format is neither points nor columns (400 naming it)', async () => {
    const res = await api(apiEvent(`/debates/${ID}/series`, { format: 'csv' }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body ?? '').error).toEqual({
      message: 'format must be points or columns, got "csv"',
      parameter: 'format',
    });
  });
});
