/**
 * Limits and defaults of the query API. Every answer must fit a Lambda response (6 MB through API
 * Gateway) and one request must not read an unbounded amount of the store, so each range a caller
 * can stretch is capped here, and the 400 that enforces a cap quotes it.
 */

/** Most points one series may have (`step` too small for the range). */
export const MAX_SERIES_POINTS = 10_000;

/**
 * Most points in one /series answer, summed over candidates: about 110 bytes of JSON each, so 40,000
 * stay under 4.5 MB.
 */
export const MAX_RESPONSE_POINTS = 40_000;

/** Widest `from`/`to` range (or hashtag `window`), in base buckets: 20,000 × 5 s ≈ 27.8 hours. */
export const MAX_SPAN_BUCKETS = 20_000;

/** Points the default `step` of /series aims at (at most this many, per candidate). */
export const DEFAULT_SERIES_POINTS = 500;

/** Default hashtag `window`: the last ten minutes. */
export const DEFAULT_WINDOW_MS = 600_000;

/** Default comparison window of /wordshift without from/to: the last minute of data. */
export const DEFAULT_SHIFT_WINDOW_MS = 60_000;

/** The window a dashboard follows (/live `window`): 30 minutes by default, at most twelve hours. */
export const DEFAULT_LIVE_WINDOW_MS = 30 * 60_000;
export const MAX_LIVE_WINDOW_MS = 720 * 60_000;
/**
 * How often a dashboard polls /live for a debate of base bucket `bucketMs`: once per bucket, when a
 * new point can appear (polling faster only redraws a bucket still filling), within 2–15 s.
 */
export function livePollMs(bucketMs: number): number {
  return Math.min(15_000, Math.max(2_000, bucketMs));
}

/** Points per series a dashboard draws (/live `points`): about one per 2–3 px of a laptop-wide chart. */
export const DEFAULT_LIVE_POINTS = 400;

/** Default and largest `limit` of /hashtags and /compare. */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Most geotagged posts in one /geo answer (about 130 bytes each). */
export const MAX_GEO_POSTS = 25_000;

/**
 * Most archive bytes (decompressed JSON Lines) one /compare request reads: a few seconds of parsing
 * in a Lambda function. Narrowing `from`/`to` reads fewer hour partitions.
 */
export const MAX_COMPARE_SCAN_BYTES = 256 * 1024 * 1024;

/**
 * How far behind the newest processed post a post may still arrive: posts reach the stream a few
 * seconds late and shards are processed side by side, each a second or so behind the other. Steps
 * ending this long before the newest post are settled: cacheable for good, and skipped by a
 * series poll's `since`. A shard trailing the others by more is caught up only by a fresh load.
 */
export const SETTLE_MS = 60_000;
