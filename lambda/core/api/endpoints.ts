/**
 * What each route answers, computed from the stores through the aggregate core: every window is a
 * merge of stored base buckets (the store may answer from rollups that equal that merge), so the
 * API reports exactly what the core would compute from the same posts.
 */
import type { AggregateStore, ArchiveStore, DebateState } from '../../core/ports';
import { bucketStart, emptyAggregate, stats, topK, type AggregateStats, type Extreme } from '../aggregate';
import { isScorerName } from '../sentiment/scorer';
import { valenceLexicon, type ValenceLexicon } from '../sentiment/valence';
import { wordShift } from '../word-shift';
import { compareUsers } from './compare';
import { ratedWords } from './rated-words';
import { postUrl } from './post-link';
import { addBuckets, windowWords, type SettledWords, type WindowWords } from './settled-words';
import type {
  CompareResponse,
  DebatesResponse,
  ExtremePost,
  ExtremesResponse,
  GeoResponse,
  HashtagsResponse,
  HealthResponse,
  LiveResponse,
  PipelineInfo,
  SeriesColumns,
  SeriesColumnsResponse,
  SeriesResponse,
  WordShiftResponse,
} from './contract';
import { SERIES_COLUMN_DECIMALS } from './contract';
import { settledBefore } from './caching';
import {
  DEFAULT_LIVE_POINTS,
  DEFAULT_LIVE_WINDOW_MS,
  DEFAULT_SHIFT_WINDOW_MS,
  DEFAULT_WINDOW_MS,
  MAX_COMPARE_SCAN_BYTES,
  MAX_LIVE_WINDOW_MS,
  MAX_GEO_POSTS,
  MAX_RESPONSE_POINTS,
  MAX_SERIES_POINTS,
  MAX_SPAN_BUCKETS,
} from './limits';
import {
  parseCandidate,
  parseCandidates,
  parseDuration,
  parseLimit,
  parseSeriesFormat,
  parseShiftReference,
  parseTime,
  parseUsers,
  type Query,
} from './params';
import { dataSpan, defaultStep, describeMs, iso, maxSpanMs, resolveRange, stepCount } from './ranges';
import { ApiError, badParameter } from './responses';
import { followWindow } from './view-window';

/** What the endpoints read from. */
export interface Stores {
  readonly store: AggregateStore;
  readonly archive: ArchiveStore;
  /** The labMT 1.0 word list, for word shifts of debates scored with labmt. */
  readonly labmtWords?: ReadonlyMap<string, number>;
  /** The pipeline's state, where the host knows it (see {@link PipelineInfo}). */
  readonly pipeline?: () => PipelineInfo;
  /** Words so far kept between requests (one per API instance); without it, read whole each time. */
  readonly settledWords?: SettledWords;
}

/** GET /debates: every debate, by scheduled start, then id. */
export async function listDebates(stores: Stores): Promise<DebatesResponse> {
  const debates = await stores.store.listDebates();
  debates.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    debates: debates.map((d) => ({
      id: d.id,
      title: d.title,
      start: iso(d.start),
      end: iso(d.end),
      candidates: d.candidates,
      firstPostAt: d.firstPostAt === null ? null : iso(d.firstPostAt),
      lastPostAt: d.lastPostAt === null ? null : iso(d.lastPostAt),
      bucketMs: d.bucketMs,
      scorer: d.scorer,
      moments: (d.moments ?? []).map((m) => ({ at: iso(m.at), label: m.label })),
    })),
  };
}

/**
 * GET /debates/{id}/series: per candidate, one point per `step` (epoch-aligned) over [from, to), each
 * the merge of its base buckets; with `since`, only the steps from the one holding `since` on. The
 * answer's from/to are the bounds of the steps it holds; `settled` is where the next poll's `since`
 * may start. `format=columns` gives the same steps as columns of numbers.
 */
export async function series(
  stores: Stores,
  debate: DebateState,
  q: Query,
): Promise<SeriesResponse | SeriesColumnsResponse> {
  const candidates = parseCandidates(q.get('candidate'), candidateIds(debate));
  const format = parseSeriesFormat(q.get('format'));
  const range = resolveRange(q, debate);
  const { bucketMs } = debate;
  const stepText = q.get('step');
  const stepMs =
    stepText === undefined ? defaultStep(range, bucketMs) : multipleOfBucket('step', stepText, bucketMs);
  const n = stepCount(range, stepMs);
  if (n > MAX_SERIES_POINTS) {
    throw badParameter(
      'step',
      `step ${describeMs(stepMs)} over ${describeMs(range.to - range.from)} gives ${n} points, more than ` +
        `the limit of ${MAX_SERIES_POINTS} per series; use a larger step or narrow from/to`,
    );
  }
  if (n * candidates.length > MAX_RESPONSE_POINTS) {
    throw badParameter(
      'step',
      `${candidates.length} candidates × ${n} points is more than the limit of ${MAX_RESPONSE_POINTS} ` +
        'points per answer; use a larger step, fewer candidates or narrow from/to',
    );
  }
  const first = n === 0 ? range.from : bucketStart(range.from, stepMs);
  const end = first + n * stepMs;
  const sinceText = q.get('since');
  // Steps from the one holding `since`, within the range's.
  const start =
    sinceText === undefined
      ? first
      : Math.min(end, Math.max(first, bucketStart(parseTime('since', sinceText), stepMs)));
  const settled = Math.min(end, Math.max(start, bucketStart(settledBefore(debate), stepMs)));
  const read =
    start === end
      ? new Map()
      : await stores.store.readSeries({
          debateId: debate.id,
          bucketMs,
          candidates,
          from: start,
          to: end,
          stepMs,
        });
  const empty = emptyAggregate();
  const count = (end - start) / stepMs;
  const steps = candidates.map((candidate) => {
    const byStep = read.get(candidate);
    const points = Array.from({ length: count }, (_, i) => {
      const t = start + i * stepMs;
      return { t, ...stats(byStep?.get(t) ?? empty) };
    });
    return { candidate, points };
  });
  const head = { debate: debate.id, from: iso(start), to: iso(end), stepMs, settled: iso(settled) };
  if (format === 'columns') {
    return { format, ...head, series: steps.map((s) => columnsOf(s.candidate, s.points)) };
  }
  return {
    ...head,
    series: steps.map((s) => ({
      candidate: s.candidate,
      points: s.points.map((p) => ({ ...p, t: iso(p.t) })),
    })),
  };
}

/** A candidate's points as columns, mean and sd rounded. */
function columnsOf(candidate: string, points: readonly AggregateStats[]): SeriesColumns {
  const scale = 10 ** SERIES_COLUMN_DECIMALS;
  const round = (v: number | null): number | null => (v === null ? null : Math.round(v * scale) / scale);
  return {
    candidate,
    count: points.map((p) => p.count),
    mean: points.map((p) => round(p.mean)),
    sd: points.map((p) => round(p.sd)),
    pos: points.map((p) => p.pos),
    neu: points.map((p) => p.neu),
    neg: points.map((p) => p.neg),
  };
}

/**
 * GET /debates/{id}/extremes: per candidate, the most positive and most negative post of the whole
 * base buckets covering [from, to) (the answer's from/to are those buckets' bounds).
 */
export async function extremes(stores: Stores, debate: DebateState, q: Query): Promise<ExtremesResponse> {
  const candidates = parseCandidates(q.get('candidate'), candidateIds(debate));
  const range = resolveRange(q, debate);
  const { bucketMs } = debate;
  const from = bucketStart(range.from, bucketMs);
  const to = range.to === range.from ? from : bucketStart(range.to - 1, bucketMs) + bucketMs;
  const read =
    to > from
      ? await stores.store.readExtremes({ debateId: debate.id, bucketMs, candidates, from, to })
      : new Map();
  // The words that drove each score; a debate whose lexicon this API lacks still gets its posts.
  let lexicon: ValenceLexicon | undefined;
  try {
    lexicon = debateLexicon(debate, stores.labmtWords);
  } catch {
    lexicon = undefined;
  }
  const out = candidates.map((candidate) => {
    const e = read.get(candidate);
    return {
      candidate,
      mostPositive: extremePost(e?.mostPositive ?? null, lexicon),
      mostNegative: extremePost(e?.mostNegative ?? null, lexicon),
    };
  });
  return { debate: debate.id, from: iso(from), to: iso(to), extremes: out };
}

function extremePost(e: Extreme | null, lexicon: ValenceLexicon | undefined): ExtremePost | null {
  if (e === null) return null;
  const words = lexicon === undefined ? [] : ratedWords(e.text, lexicon);
  return { id: e.id, text: e.text, score: e.score, authorId: e.authorId, url: postUrl(e), words };
}

/**
 * GET /debates/{id}/hashtags: the top hashtags of the sliding window of `window` ending at the last
 * bucket boundary ≤ `at` (the answer's `at`), summed over candidates — a post about two candidates
 * counts for each, as the per-candidate aggregates hold it.
 */
export async function hashtags(stores: Stores, debate: DebateState, q: Query): Promise<HashtagsResponse> {
  const { bucketMs } = debate;
  const atText = q.get('at');
  const at = atText === undefined ? dataSpan(debate).to : parseTime('at', atText);
  const windowText = q.get('window');
  const windowMs =
    windowText === undefined
      ? Math.ceil(DEFAULT_WINDOW_MS / bucketMs) * bucketMs
      : multipleOfBucket('window', windowText, bucketMs);
  if (windowMs / bucketMs > MAX_SPAN_BUCKETS) {
    throw badParameter(
      'window',
      `window ${describeMs(windowMs)} is longer than the limit of ${MAX_SPAN_BUCKETS} base buckets ` +
        `(${describeMs(MAX_SPAN_BUCKETS * bucketMs)})`,
    );
  }
  const limit = parseLimit(q.get('limit'));
  const end = bucketStart(at, bucketMs);
  // Buckets never start before the epoch, so a window reaching before it reads from 0.
  const from = Math.max(0, end - windowMs);
  const total =
    end > from
      ? await stores.store.readHashtags({ debateId: debate.id, bucketMs, from, to: end })
      : new Map();
  return {
    debate: debate.id,
    at: iso(end),
    windowMs,
    hashtags: topK(total, limit).map((e) => ({ tag: e.key, count: e.count })),
  };
}

/** GET /debates/{id}/geo: geotagged posts created in [from, to), in time order. */
export async function geo(stores: Stores, debate: DebateState, q: Query): Promise<GeoResponse> {
  const range = resolveRange(q, debate);
  const posts = await stores.store.readGeo(debate.id, range.from, range.to);
  if (posts.length > MAX_GEO_POSTS) {
    throw badParameter(
      'from',
      `${posts.length} geotagged posts between ${iso(range.from)} and ${iso(range.to)}, more than the ` +
        `limit of ${MAX_GEO_POSTS} per answer; narrow from/to`,
    );
  }
  return {
    debate: debate.id,
    from: iso(range.from),
    to: iso(range.to),
    posts: posts.map((p) => ({
      id: p.id,
      t: iso(p.t),
      lon: p.lon,
      lat: p.lat,
      score: p.score,
      candidates: p.candidates,
    })),
  };
}

/** GET /debates/{id}/compare: two accounts' words, from the raw archive (see `compareUsers`). */
export async function compare(stores: Stores, debate: DebateState, q: Query): Promise<CompareResponse> {
  const users = parseUsers(q.get('users'));
  const fromText = q.get('from');
  const toText = q.get('to');
  const from = fromText === undefined ? undefined : parseTime('from', fromText);
  const to = toText === undefined ? undefined : parseTime('to', toText);
  if (from !== undefined && to !== undefined && to < from) {
    throw badParameter('to', `to (${iso(to)}) must not be before from (${iso(from)})`);
  }
  return compareUsers(stores.archive, {
    debateId: debate.id,
    users,
    from,
    to,
    limit: parseLimit(q.get('limit')),
    maxBytes: MAX_COMPARE_SCAN_BYTES,
  });
}

/**
 * GET /debates/{id}/wordshift: which words moved one candidate's mean in a window (whole base
 * buckets; by default the last minute of data) against a reference — the window of equal length
 * before it, or everything since the debate's first post (at most the widest range a request may
 * read) — as the Hedonometer's word shift over the aggregates' word counts, valences from the
 * debate's scorer lexicon (see lambda/core/word-shift.ts).
 */
export async function wordshift(stores: Stores, debate: DebateState, q: Query): Promise<WordShiftResponse> {
  const candidate = parseCandidate(q.get('candidate'), candidateIds(debate));
  const kind = parseShiftReference(q.get('reference'));
  const limit = parseLimit(q.get('limit'));
  const lexicon = debateLexicon(debate, stores.labmtWords);
  const { bucketMs } = debate;
  const span = dataSpan(debate);
  const range =
    q.get('from') === undefined && q.get('to') === undefined
      ? { from: Math.max(0, span.to - DEFAULT_SHIFT_WINDOW_MS), to: span.to }
      : resolveRange(q, debate);
  const from = bucketStart(range.from, bucketMs);
  const to = range.to === range.from ? from : bucketStart(range.to - 1, bucketMs) + bucketMs;
  const refFrom =
    kind === 'previous'
      ? Math.max(0, from - (to - from))
      : Math.max(0, from - maxSpanMs(debate), Math.min(span.from, from));
  // The reference's settled part comes from the kept totals when there are any (the debate so far
  // grows all night; reading it whole on every poll would too), the rest from the store.
  const settledTo = Math.min(from, settledBefore(debate));
  const keep = kind === 'sofar' && stores.settledWords !== undefined && settledTo > refFrom;
  const ref = keep
    ? await (stores.settledWords as SettledWords).through(
        stores.store,
        debate.id,
        candidate,
        refFrom,
        settledTo,
      )
    : windowWords();
  const readFrom = keep ? settledTo : refFrom;
  const buckets =
    to > readFrom ? await stores.store.readBuckets(debate.id, candidate, readFrom, to) : new Map();
  const comp = windowWords();
  addBuckets(ref, buckets, readFrom, from);
  addBuckets(comp, buckets, from);
  const shift = wordShift(ref.words, comp.words, (word) => lexicon.valence(word));
  const pair = <T>(f: (w: WindowWords) => T) => ({ reference: f(ref), comparison: f(comp) });
  return {
    debate: debate.id,
    candidate,
    lexicon: lexicon.scorer,
    from: iso(from),
    to: iso(to),
    reference: { kind, from: iso(refFrom), to: iso(from) },
    posts: pair((w) => w.posts),
    scoreMeans: pair((w) => (w.posts === 0 ? null : w.sum / w.posts)),
    ratedWords: { reference: shift.referenceTotal, comparison: shift.comparisonTotal },
    otherWords: pair((w) => w.other),
    means: { reference: shift.referenceMean, comparison: shift.comparisonMean },
    shift: shift.shift,
    kinds: shift.kinds,
    words: shift.words.slice(0, limit),
  };
}

/** The valences of the debate's scorer, or a 501 when this API cannot have them. */
function debateLexicon(
  debate: DebateState,
  labmtWords: ReadonlyMap<string, number> | undefined,
): ValenceLexicon {
  const { scorer } = debate;
  if (!isScorerName(scorer)) {
    throw new ApiError(
      501,
      `debate "${debate.id}" was scored with "${scorer}", a lexicon this API does not know`,
    );
  }
  if (scorer === 'labmt' && labmtWords === undefined) {
    throw new ApiError(
      501,
      `debate "${debate.id}" was scored with labmt, and this API was not given the labMT 1.0 word list ` +
        'the processor scored it with; start the API with that list',
    );
  }
  return valenceLexicon(scorer, labmtWords);
}

/**
 * GET /debates/{id}/live: the dashboard's whole poll in one answer. The window follows the newest
 * post exactly as the page would choose it ({@link followWindow}), so every viewer of one debate
 * and window asks the same URL (the series part differs only by `since`, which moves once per
 * base bucket) and a shared cache answers them all from one origin request per TTL.
 */
export async function live(stores: Stores, debate: DebateState, q: Query): Promise<LiveResponse> {
  const { bucketMs } = debate;
  const windowText = q.get('window');
  const windowMs =
    windowText === undefined
      ? Math.ceil(DEFAULT_LIVE_WINDOW_MS / bucketMs) * bucketMs
      : multipleOfBucket('window', windowText, bucketMs);
  if (windowMs > MAX_LIVE_WINDOW_MS) {
    throw badParameter(
      'window',
      `window ${describeMs(windowMs)} is longer than the limit of ${describeMs(MAX_LIVE_WINDOW_MS)}`,
    );
  }
  const pointsText = q.get('points');
  const points = pointsText === undefined ? DEFAULT_LIVE_POINTS : Number(pointsText);
  if (!/^\d{1,5}$/.test(pointsText ?? '1') || !(points >= 1 && points <= MAX_SERIES_POINTS)) {
    throw badParameter('points', `points must be a whole number from 1 to ${MAX_SERIES_POINTS}`);
  }
  const w = followWindow(debate.lastPostAt, debate.start, windowMs, bucketMs, points, debate.firstPostAt);
  const window = new Map([
    ['from', String(w.from)],
    ['to', String(w.to)],
  ]);
  const sinceText = q.get('since');
  const seriesQuery = new Map([
    ...window,
    ['step', String(w.stepMs)],
    ['format', 'columns'],
    ...(sinceText === undefined ? [] : [['since', sinceText] as const]),
  ]);
  const hashtagQuery = new Map(debate.lastPostAt === null ? [] : [['at', String(debate.lastPostAt)]]);
  const [seriesAnswer, extremesAnswer, hashtagsAnswer] = await Promise.all([
    series(stores, debate, seriesQuery),
    extremes(stores, debate, window),
    hashtags(stores, debate, hashtagQuery),
  ]);
  return {
    debate: debate.id,
    newestPostAt: debate.lastPostAt === null ? null : iso(debate.lastPostAt),
    processedAt: debate.processedAt === null ? null : iso(debate.processedAt),
    processingLagMs: debate.lagMs,
    ...(stores.pipeline !== undefined ? { pipeline: stores.pipeline() } : {}),
    window: { from: iso(w.from), to: iso(w.to), stepMs: w.stepMs },
    series: seriesAnswer as SeriesColumnsResponse,
    extremes: extremesAnswer,
    hashtags: hashtagsAnswer,
  };
}

/** GET /health: each debate's freshness, by id, and the pipeline's state where the host knows it. */
export async function health(stores: Stores): Promise<HealthResponse> {
  const { pipeline } = stores;
  const debates = await stores.store.listDebates();
  debates.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    status: 'ok',
    ...(pipeline !== undefined ? { pipeline: pipeline() } : {}),
    debates: debates.map((d) => ({
      id: d.id,
      newestPostAt: d.lastPostAt === null ? null : iso(d.lastPostAt),
      processedAt: d.processedAt === null ? null : iso(d.processedAt),
      processingLagMs: d.lagMs,
    })),
  };
}

function candidateIds(debate: DebateState): string[] {
  return debate.candidates.map((c) => c.id);
}

/** A duration parameter that must be a whole number of the debate's base buckets. */
function multipleOfBucket(name: string, text: string, bucketMs: number): number {
  const ms = parseDuration(name, text);
  if (ms % bucketMs !== 0) {
    throw badParameter(
      name,
      `${name} (${describeMs(ms)}) must be a multiple of the debate's base bucket (${describeMs(bucketMs)})`,
    );
  }
  return ms;
}
