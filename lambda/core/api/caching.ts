/**
 * HTTP caching of the query API's answers: how long each may be kept (`Cache-Control`), its entity
 * tag (`ETag`, a hash of the body) and the `If-None-Match` check that turns a repeat into a 304.
 * Browsers and CloudFront honour these, so N viewers of one view cost about one origin request per
 * max-age, and a poll whose answer has not changed costs no body.
 */
import type { DebateState } from '../../core/ports';
import { bucketStart } from '../aggregate';
import { SETTLE_MS } from './limits';

/**
 * `Cache-Control` of each kind of answer:
 * - `settled`: a window that ended before the settled edge ({@link settledBefore}) of the data.
 * - `live`: anything that may still change — the live edge, /health, /debates: a second, enough
 *   for a shared cache to answer every viewer of the same second; for two more, a shared cache may
 *   answer with it while it fetches the next (stale-while-revalidate, which CloudFront honours), so
 *   no viewer waits for the origin when the second ends.
 * - `archive`: /compare, read from the archive, which Firehose fills every few minutes.
 * - `error`: refused requests and failures, never kept.
 */
export const CACHE_CONTROL = {
  settled: 'public, max-age=86400, immutable',
  live: 'public, max-age=1, stale-while-revalidate=2',
  archive: 'public, max-age=60',
  error: 'no-store',
} as const;

export type CacheKind = keyof typeof CACHE_CONTROL;

/**
 * The TTLs of the shared cache in front of the API (CloudFront's cache policy in the cloud, the
 * local server's edge cache), seconds: an answer is kept for its `max-age` within [min, max], for
 * `default` when it names none; at least a second, so every viewer of one second shares one origin
 * request.
 */
export const EDGE_TTL_SECONDS = { min: 1, default: 1, max: 86_400 } as const;

/**
 * The settled edge of a debate's data, epoch ms: buckets ending at or before it receive no more
 * posts (anything arriving more than {@link SETTLE_MS} behind the newest post processed). 0, nothing
 * settled, before the first post.
 */
export function settledBefore(debate: DebateState): number {
  if (debate.lastPostAt === null) return 0;
  return Math.max(0, bucketStart(debate.lastPostAt - SETTLE_MS, debate.bucketMs));
}

/** The kind of an answer about debate data ending at `end` (exclusive, epoch ms). */
export function windowKind(debate: DebateState, end: number): CacheKind {
  return end <= settledBefore(debate) ? 'settled' : 'live';
}

/**
 * A strong entity tag of a body: a 64-bit hash (two 32-bit FNV-1a lanes with different offsets),
 * quoted. Not cryptographic: it only tells one answer of a URL from the next.
 */
export function entityTag(body: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
  return `"${hex(a)}${hex(b)}"`;
}

/**
 * Whether an `If-None-Match` header matches the tag: `*`, or any listed tag by the weak comparison
 * RFC 9110 prescribes for it (so `W/"x"`, as a compressing proxy sends it back, matches `"x"`).
 */
export function noneMatchHits(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const opaque = tag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const candidate = t.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === opaque;
  });
}
