/**
 * How aggregates, geo posts and debates are stored as DynamoDB items (plain attribute values), and
 * how stored items are read back defensively: an item that does not parse yields an error message
 * instead of an exception, so one bad item never takes a query down.
 *
 * Block and geo items carry `wm` (shard id → padded sequence number of the last batch applied
 * to the item) and `ver` (a counter every write bumps, for optimistic locking).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  MAX_EXTREME_TEXT_CHARS,
  blockFromJSON,
  blockToJSON,
  type BlockBody,
  type BlockKind,
  type CompactLimits,
} from '../core/aggregate';
import type { CandidateInfo } from '../core/api/contract';
import type { DebateMoment } from '../core/debate-config';
import type { DebateMeta, DebateState, GeoPostRecord } from '../core/ports';
import { SEQUENCE_DIGITS } from './table-keys';

export type Item = Record<string, AttributeValue>;

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const SEQUENCE_PATTERN = new RegExp(`^[0-9]{${SEQUENCE_DIGITS}}$`);

/** The item's shard watermarks; entries that are not padded sequence numbers are dropped. */
export function readWatermarks(item: Item | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const m = item?.wm?.M;
  if (m === undefined) return out;
  for (const [shard, v] of Object.entries(m)) {
    if (v.S !== undefined && SEQUENCE_PATTERN.test(v.S)) out.set(shard, v.S);
  }
  return out;
}

export function watermarksAttribute(wm: ReadonlyMap<string, string>): AttributeValue {
  // fromEntries defines own properties: a shard named `__proto__` stays data.
  return { M: Object.fromEntries([...wm].map(([shard, seq]) => [shard, { S: seq }])) };
}

/** The item's version, undefined when the item (or its counter) does not exist yet. */
export function readVersion(item: Item | undefined): number | undefined {
  const n = item?.ver?.N;
  if (n === undefined) return undefined;
  const v = Number(n);
  return Number.isSafeInteger(v) ? v : undefined;
}

/**
 * Most bytes of a block's `v`: DynamoDB items hold at most 400 KB, and the key, the watermarks
 * (one per shard) and the version need the rest.
 */
export const MAX_BLOCK_BYTES = 384 * 1024;

/**
 * Stored form of a block body: its canonical JSON text in `v` (floats and count maps survive
 * exactly). A body that would not fit in {@link MAX_BLOCK_BYTES} (many candidates, long multi-byte
 * texts or tags) is stored with the texts of its extremes and its top-K hashtags and words halved
 * until it fits: a coarser card, never a write DynamoDB refuses.
 * @throws RangeError if even the bare counts do not fit (hundreds of candidates).
 */
export function blockAttributes(
  kind: BlockKind,
  body: BlockBody,
  limits: CompactLimits,
  maxBytes: number = MAX_BLOCK_BYTES,
): Item {
  let l = limits;
  let textChars = MAX_EXTREME_TEXT_CHARS;
  for (;;) {
    const text = JSON.stringify(blockToJSON(kind, body, l, textChars));
    // Length in UTF-16 units bounds the UTF-8 bytes from below: count bytes only when it may matter.
    if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return { v: { S: text } };
    if (textChars === 0 && l.hashtags === 0 && l.words === 0) {
      throw new RangeError(
        `a ${kind} block of ${body.size} slots needs ${Buffer.byteLength(text)} bytes even without ` +
          `texts or tags, over the ${maxBytes} an item can hold: too many candidates`,
      );
    }
    textChars >>= 1;
    l = { hashtags: l.hashtags >> 1, words: l.words >> 1 };
  }
}

/** The block body of an item; an item without one is an error too (the caller decides what that means). */
export function readBlock(item: Item, kind: BlockKind): Parsed<BlockBody> {
  const text = item.v?.S;
  if (text === undefined) return { ok: false, error: 'no "v" string attribute' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `"v" is not JSON: ${(err as Error).message}` };
  }
  const r = blockFromJSON(kind, value);
  return r.ok ? { ok: true, value: r.body } : { ok: false, error: r.error };
}

/** Geo posts of one minute as stored: in (t, id) order, at most the cap, with a count of the posts the cap dropped. */
export interface GeoMinute {
  readonly posts: readonly GeoPostRecord[];
  readonly dropped: number;
}

export function geoAttributes(minute: GeoMinute): Item {
  return { posts: { S: JSON.stringify(minute.posts) }, dropped: { N: String(minute.dropped) } };
}

export function readGeoMinute(item: Item): Parsed<GeoMinute> {
  const text = item.posts?.S;
  if (text === undefined) return { ok: false, error: 'no "posts" string attribute' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `"posts" is not JSON: ${(err as Error).message}` };
  }
  if (!Array.isArray(value)) return { ok: false, error: '"posts" is not an array' };
  const posts: GeoPostRecord[] = [];
  for (let i = 0; i < value.length; i++) {
    const p = readGeoPost(value[i]);
    if (p === undefined) return { ok: false, error: `posts[${i}] is not a geo post` };
    posts.push(p);
  }
  const dropped = Number(item.dropped?.N ?? '0');
  return { ok: true, value: { posts, dropped: Number.isSafeInteger(dropped) && dropped > 0 ? dropped : 0 } };
}

function readGeoPost(v: unknown): GeoPostRecord | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const p = v as Record<string, unknown>;
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (typeof p.id !== 'string' || !finite(p.t) || !finite(p.lon) || !finite(p.lat) || !finite(p.score)) {
    return undefined;
  }
  if (!Array.isArray(p.candidates) || !p.candidates.every((c) => typeof c === 'string')) return undefined;
  return { id: p.id, t: p.t, lon: p.lon, lat: p.lat, score: p.score, candidates: p.candidates as string[] };
}

/** Order of stored geo posts: time, then id. */
export function compareGeo(a: GeoPostRecord, b: GeoPostRecord): number {
  return a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Adds posts to a minute: posts whose id is already there are ignored, and of the union the
 * `cap` earliest in (t, id) order are kept. Keeping a prefix of a total order makes the result
 * independent of the order batches arrive in.
 */
export function addGeoPosts(minute: GeoMinute, posts: readonly GeoPostRecord[], cap: number): GeoMinute {
  const ids = new Set(minute.posts.map((p) => p.id));
  const all = [...minute.posts];
  for (const p of posts) {
    if (ids.has(p.id)) continue;
    ids.add(p.id);
    all.push(p);
  }
  all.sort(compareGeo);
  const kept = all.slice(0, cap);
  return { posts: kept, dropped: minute.dropped + (all.length - kept.length) };
}

/** Attributes of a debate's metadata (processing state lives in other attributes of the same item). */
export function debateMetaAttributes(meta: DebateMeta): Item {
  return {
    title: { S: meta.title },
    start: { N: String(meta.start) },
    end: { N: String(meta.end) },
    candidates: { S: JSON.stringify(meta.candidates.map(candidateJSON)) },
    bucketMs: { N: String(meta.bucketMs) },
    scorer: { S: meta.scorer },
    // Always written, so moments removed from the config do not linger.
    moments: { S: JSON.stringify(meta.moments ?? []) },
  };
}

function candidateJSON(c: CandidateInfo): CandidateInfo {
  return {
    id: c.id,
    name: c.name,
    ...(c.party !== undefined ? { party: c.party } : {}),
    ...(c.color !== undefined ? { color: c.color } : {}),
  };
}

/**
 * The debate of an item. `undefined` value: the item holds processing state only (a batch was
 * applied before the debate's metadata was stored), which is not an error.
 */
export function readDebate(item: Item): Parsed<DebateState | undefined> {
  if (item.title === undefined) return { ok: true, value: undefined };
  const id = item.sk?.S;
  const title = item.title.S;
  const start = num(item.start);
  const end = num(item.end);
  const bucketMs = num(item.bucketMs);
  const scorer = item.scorer?.S;
  if (id === undefined || title === undefined || scorer === undefined) {
    return { ok: false, error: 'missing sk, title or scorer string' };
  }
  if (start === undefined || end === undefined || bucketMs === undefined) {
    return { ok: false, error: 'missing start, end or bucketMs number' };
  }
  const candidates = readCandidates(item.candidates?.S);
  if (candidates === undefined) return { ok: false, error: '"candidates" is not a JSON list of candidates' };
  const moments = readMoments(item.moments?.S);
  if (moments === undefined) return { ok: false, error: '"moments" is not a JSON list of {at, label}' };
  return {
    ok: true,
    value: {
      id,
      title,
      start,
      end,
      candidates,
      bucketMs,
      scorer,
      ...(moments.length > 0 ? { moments } : {}),
      firstPostAt: num(item.firstPostAt) ?? null,
      lastPostAt: num(item.lastPostAt) ?? null,
      processedAt: num(item.processedAt) ?? null,
      lagMs: num(item.lagMs) ?? null,
    },
  };
}

/** Stored moments; items written before moments existed have none. */
function readMoments(text: string | undefined): DebateMoment[] | undefined {
  if (text === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const out: DebateMoment[] = [];
  for (const v of value) {
    const m = v as Partial<DebateMoment> | null;
    if (typeof m?.at !== 'number' || typeof m.label !== 'string') return undefined;
    out.push({ at: m.at, label: m.label });
  }
  return out;
}

function readCandidates(text: string | undefined): CandidateInfo[] | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const out: CandidateInfo[] = [];
  for (const v of value) {
    if (typeof v !== 'object' || v === null) return undefined;
    const c = v as Record<string, unknown>;
    if (typeof c.id !== 'string' || typeof c.name !== 'string') return undefined;
    if (c.party !== undefined && typeof c.party !== 'string') return undefined;
    if (c.color !== undefined && typeof c.color !== 'string') return undefined;
    out.push(candidateJSON(c as unknown as CandidateInfo));
  }
  return out;
}

function num(v: AttributeValue | undefined): number | undefined {
  if (v?.N === undefined) return undefined;
  const n = Number(v.N);
  return Number.isFinite(n) ? n : undefined;
}
