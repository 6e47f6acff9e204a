/**
 * A processed synthetic debate for the query API tests: the generator's posts run through the real
 * core (pipeline, base buckets), loaded into the in-memory stores the way the processor and the
 * archiver would, with everything the tests need to compute expected answers straight from the
 * same posts.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { DebateMeta, GeoPostRecord } from '../../lambda/core/ports';
import { addToBuckets, bucketStart, type CandidateBuckets } from '../../lambda/core/aggregate';
import { archiveKey } from '../../lambda/core/archive-keys';
import { parseDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { debateMetaOf } from '../../lambda/core/debate-meta';
import { createTweetPipeline } from '../../lambda/core/pipeline';
import type { ScoredTweet } from '../../lambda/core/scored-tweet';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeV2, generateDebate } from '../../lambda/core/synthetic';
import type { Tweet } from '../../lambda/core/tweet';
import { MemoryAggregateStore, MemoryArchiveStore } from '../support/memory-store';

export const BUCKET_MS = 5000;
const HOUR_MS = 3_600_000;

export interface DebateFixture {
  readonly config: DebateConfig;
  readonly meta: DebateMeta;
  readonly store: MemoryAggregateStore;
  readonly archive: MemoryArchiveStore;
  /** The base buckets as the core built them (the store holds copies). */
  readonly buckets: CandidateBuckets;
  readonly scored: readonly ScoredTweet[];
  /** Every valid post, matched or not, as archived. */
  readonly tweets: readonly Tweet[];
  readonly geo: readonly GeoPostRecord[];
  /** The store's clock and the arrival time of the newest record, for /health. */
  readonly processedAt: number;
  readonly newestArrivalAt: number;
}

export function loadConfig(): DebateConfig {
  const file = path.join(__dirname, '..', '..', 'examples', 'gop-2015-09-16.json');
  const parsed = parseDebateConfig(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error('example config is invalid');
  return parsed.config;
}

/**
 * `minutes` of synthetic debate at `rate` posts/s starting 50 minutes into the debate's first hour
 * (00:50Z), so the posts and the archive span two hour partitions.
 */
export async function buildDebateFixture(
  minutes = 20,
  rate = 10,
  seed = 'api-tests',
): Promise<DebateFixture> {
  const config = loadConfig();
  const startAt = bucketStart(config.start, HOUR_MS) + 50 * 60_000;
  const pipeline = createTweetPipeline({ config, scorer: createScorer('vader') });
  const buckets: CandidateBuckets = new Map();
  const scored: ScoredTweet[] = [];
  const tweets: Tweet[] = [];
  const geo: GeoPostRecord[] = [];
  let n = 0;
  for (const r of generateDebate(config, { minutes, rate, seed, startAt })) {
    if (r.kind !== 'tweet') continue;
    // Every other post stands for a real one, as a replayed X archive holds it (without the
    // generated mark), so answers show both kinds.
    const tweet = n++ % 2 === 1 ? asReal(r.tweet) : r.tweet;
    const outcome = pipeline.fromTweet(tweet);
    if (outcome.kind === 'duplicate' || outcome.kind === 'rejected') continue;
    tweets.push(tweet);
    if (outcome.kind !== 'scored') continue;
    const s = outcome.scored;
    scored.push(s);
    addToBuckets(buckets, s, BUCKET_MS);
    const c = tweet.coordinates;
    if (c !== undefined) {
      geo.push({
        id: s.id,
        t: s.createdAt,
        lon: c.lon,
        lat: c.lat,
        score: s.score,
        candidates: s.candidates,
      });
    }
  }

  const meta: DebateMeta = debateMetaOf(config, BUCKET_MS, 'vader');
  const times = scored.map((s) => s.createdAt);
  const newestPostAt = Math.max(...times);
  const newestArrivalAt = newestPostAt + 1500;
  const processedAt = newestPostAt + 4000;
  const store = new MemoryAggregateStore({ now: () => processedAt });
  await store.putDebate(meta);
  const geoByMinute = new Map<number, GeoPostRecord[]>();
  for (const g of geo) {
    const m = bucketStart(g.t, 60_000);
    geoByMinute.set(m, [...(geoByMinute.get(m) ?? []), g]);
  }
  await store.applyBatch({
    debateId: config.id,
    shardId: 'shardId-000000000000',
    bucketMs: BUCKET_MS,
    firstSequence: '1',
    lastSequence: '100',
    buckets: [...buckets].flatMap(([candidate, series]) =>
      [...series].map(([start, aggregate]) => ({ candidate, bucketStart: start, aggregate })),
    ),
    geo: [...geoByMinute].map(([minuteStart, posts]) => ({ minuteStart, posts })),
    newestPostAt,
    oldestPostAt: Math.min(...times),
    newestArrivalAt,
  });

  const archive = new MemoryArchiveStore();
  await writeArchive(archive, config, tweets);
  return { config, meta, store, archive, buckets, scored, tweets, geo, processedAt, newestArrivalAt };
}

/**
 * The raw archive as the pipeline leaves it: per hour of the posts, objects of 500 posts, the even
 * ones as trendoff records and the odd ones as X API v2 lines (the archive keeps posts as they
 * came), each object with one unreadable line; and one object written twice under two keys, as a
 * redelivered batch with another sequence range would be.
 */
async function writeArchive(archive: MemoryArchiveStore, config: DebateConfig, tweets: readonly Tweet[]) {
  const byHour = new Map<number, Tweet[]>();
  for (const t of tweets) {
    const h = bucketStart(t.createdAt, HOUR_MS);
    byHour.set(h, [...(byHour.get(h) ?? []), t]);
  }
  let seq = 1000;
  for (const [hour, list] of byHour) {
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      const lines = chunk.map((t) => ((i / 500) % 2 === 0 ? JSON.stringify(t) : encodeV2(t, config)));
      lines.splice(1, 0, '{"not": "a post"');
      const body = zlib.gzipSync(lines.join('\n') + '\n');
      const key = (first: number) =>
        archiveKey({
          kind: 'raw',
          debateId: config.id,
          at: hour,
          shardId: 'shardId-000000000000',
          firstSequence: String(first),
          lastSequence: String(first + chunk.length - 1),
        });
      await archive.put(key(seq), body);
      if (i === 0) await archive.put(key(seq + 1_000_000), body);
      seq += chunk.length;
    }
  }
}

/** Hour partitions the fixture's archive holds, in time order. */
export function archiveHours(tweets: readonly Tweet[]): number[] {
  return [...new Set(tweets.map((t) => bucketStart(t.createdAt, HOUR_MS)))].sort((a, b) => a - b);
}

/** The post as if it had come from X: the same, without the generated mark. */
export function asReal(t: Tweet): Tweet {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { synthetic, ...real } = t;
  return real;
}
