/**
 * The dashboard's incremental polling against the real query API over real HTTP: the client and
 * the series cache of web/src, the local server (compression, weak etags), the core routes. Data
 * "arrives" by moving a cut-off through a processed debate; the newest 30 s before the cut-off are
 * withheld, as if a shard trailed, so a poll that failed to refresh unsettled steps would show it.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { bucketStart, mergeInto, type BucketAggregate } from '../../lambda/core/aggregate';
import { createQueryApi } from '../../lambda/core/api/routes';
import type { AggregateStore, DebateState } from '../../lambda/core/ports';
import { startApiServer, type ApiServer } from '../../lib/local/api-server';
import { ApiClient } from '../../web/src/api-client';
import { SeriesCache } from '../../web/src/series-cache';
import { followWindow } from '../../web/src/time-window';
import { buildDebateFixture, BUCKET_MS, type DebateFixture } from '../api/debate-fixture';

const ID = 'gop-2015-09-16';
const TRAILING_MS = 30_000;

let fx: DebateFixture;
let server: ApiServer;
let cutoff: number;
const statuses: number[] = [];

/** The fixture's store as it looked at `cutoff`, the newest 30 s not yet in. */
function storeAt(store: AggregateStore): AggregateStore {
  const at = (d: DebateState): DebateState => ({ ...d, lastPostAt: cutoff });
  const readBuckets: AggregateStore['readBuckets'] = async (debateId, candidate, from, to) => {
    const all = await store.readBuckets(debateId, candidate, from, to);
    const shown = new Map<number, BucketAggregate>();
    for (const [t, agg] of all) if (t + BUCKET_MS <= cutoff - TRAILING_MS) shown.set(t, agg);
    return shown;
  };
  return {
    putDebate: (m) => store.putDebate(m),
    applyBatch: (b) => store.applyBatch(b),
    listDebates: async () => (await store.listDebates()).map(at),
    getDebate: async (id) => {
      const d = await store.getDebate(id);
      return d === undefined ? undefined : at(d);
    },
    readBuckets,
    // The series as the shown buckets merge per step, so the withheld ones stay out of it too.
    readSeries: async (q) => {
      const out = new Map<string, Map<number, BucketAggregate>>();
      for (const c of q.candidates) {
        const steps = new Map<number, BucketAggregate>();
        for (const [t, agg] of await readBuckets(q.debateId, c, q.from, q.to)) {
          const step = bucketStart(t, q.stepMs);
          const seen = steps.get(step);
          if (seen === undefined) steps.set(step, agg);
          else mergeInto(seen, agg);
        }
        out.set(c, steps);
      }
      return out;
    },
    readExtremes: (q) => store.readExtremes(q),
    readHashtags: (q) => store.readHashtags(q),
    readGeo: (debateId, from, to) => store.readGeo(debateId, from, to),
  };
}

beforeAll(async () => {
  fx = await buildDebateFixture(10, 5, 'incremental-poll');
  const api = createQueryApi({ store: storeAt(fx.store), archive: fx.archive });
  server = await startApiServer({
    handler: async (e: APIGatewayProxyEventV2) => {
      const res = await api(e);
      statuses.push(res.statusCode ?? 0);
      return res;
    },
  });
});

afterAll(() => server.close());

describe('incremental polling against the real API', () => {
  test('GIVEN a dashboard polling as data arrives WHEN it merges since-answers THEN it always holds exactly the full answer, and repeats cost 304s', async () => {
    // GIVEN
    const client = new ApiClient(`${server.url}/api/`);
    const cache = new SeriesCache();
    const dataStart = Math.min(...fx.scored.map((s) => s.createdAt));
    const poll = async () => {
      const window = followWindow(cutoff, dataStart, 30 * 60_000, BUCKET_MS, 400);
      const since = cache.since(window);
      cache.merge(await client.series(ID, window, since), window);
      const full = new SeriesCache();
      full.merge(await new ApiClient(`${server.url}/`).series(ID, window), window);
      return { since, held: cache.points(), full: full.points() };
    };

    for (let minute = 3; minute <= 8; minute++) {
      // WHEN the data reaches a new cut-off (every 20 s), and the page polls twice
      for (const step of [0, 20_000, 40_000]) {
        cutoff = dataStart + minute * 60_000 + step;
        const first = await poll();
        const second = await poll(); // since the edge the first answer moved to
        const before = statuses.length;
        const third = await poll();
        // THEN the merged series is the full answer each time; the repeated URL was a 304 (the
        // full one asked beside it a 200)
        for (const p of [first, second, third]) expect(p.held).toEqual(p.full);
        expect(statuses.slice(before)).toEqual([304, 200]);
        if (minute > 3 || step > 0) {
          // after the first poll, each asks only from the settled edge a minute behind the cut-off
          expect(first.since).toBe(bucketStart(cutoff - 20_000 - 60_000, BUCKET_MS));
        }
      }
    }
  });
});
