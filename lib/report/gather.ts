/**
 * What a report shows, gathered through the query API's JSON contract only (over HTTP from a
 * running API, or in-process over a local data directory), so the report states exactly what the
 * dashboard and the API state. Reads are few and whole-night: one series for the seismograph, one
 * at the move step, the night's extremes and hashtags, and one word shift per move.
 */
import type {
  DebatesResponse,
  ExtremesResponse,
  HashtagsResponse,
  SeriesResponse,
  WordShiftResponse,
} from '../../lambda/core/api/contract';
import { MAX_SPAN_BUCKETS } from '../../lambda/core/api/limits';
import { biggestMoves, type CandidateSteps, type Move } from './moves';

/** GET of an API route (e.g. `/debates/x/series`) with its query; resolves with the JSON body. */
export type ApiGet = (route: string, query: Readonly<Record<string, string>>) => Promise<unknown>;

/** A report that cannot be made, with the one line that says why and what to do. */
export class ReportError extends Error {
  override name = 'ReportError';
}

export type DebateEntry = DebatesResponse['debates'][number];

export interface ReportOptions {
  /** Seismograph step. @default 1 min */
  readonly stepMs: number;
  /** Window length of a move. @default 5 min */
  readonly moveStepMs: number;
  /** Posts both windows of a move need. @default 30 */
  readonly minPosts: number;
  /** Moves shown, each with its word shift. @default 3 */
  readonly moves: number;
  /** Words per word shift. @default 10 */
  readonly words: number;
  /** Hashtags ranked. @default 20 */
  readonly hashtags: number;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = {
  stepMs: 60_000,
  moveStepMs: 300_000,
  minPosts: 30,
  moves: 3,
  words: 10,
  hashtags: 20,
};

export interface SeriesStep {
  readonly t: number;
  readonly count: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly pos: number;
  readonly neu: number;
  readonly neg: number;
}

export interface CandidateSeries {
  readonly candidate: string;
  readonly points: readonly SeriesStep[];
}

export interface MoveWithShift {
  readonly move: Move;
  readonly shift: WordShiftResponse;
}

export interface ReportMoment {
  readonly at: number;
  readonly label: string;
}

export interface ReportData {
  readonly debate: DebateEntry;
  /** The data's span, [from, to) epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
  readonly moveStepMs: number;
  readonly minPosts: number;
  readonly series: readonly CandidateSeries[];
  readonly extremes: ExtremesResponse['extremes'];
  readonly hashtags: HashtagsResponse['hashtags'];
  readonly hashtagWindow: { readonly from: number; readonly to: number };
  readonly moves: readonly MoveWithShift[];
  /** The debate config's moments, when the API lists them. */
  readonly moments: readonly ReportMoment[];
}

/** A step of `wantMs` rounded up to a whole number of base buckets. */
function stepOf(wantMs: number, bucketMs: number): number {
  return Math.max(1, Math.ceil(wantMs / bucketMs)) * bucketMs;
}

/** Everything the report of `debateId` shows. */
export async function gatherReport(
  get: ApiGet,
  debateId: string,
  options: ReportOptions = DEFAULT_REPORT_OPTIONS,
): Promise<ReportData> {
  const { debates } = (await get('/debates', {})) as DebatesResponse;
  const debate = debates.find((d) => d.id === debateId);
  if (debate === undefined) {
    const known = debates.map((d) => d.id);
    throw new ReportError(
      `unknown debate "${debateId}": ` +
        (known.length === 0 ? 'the API knows no debate yet' : `the API knows ${known.join(', ')}`),
    );
  }
  if (debate.firstPostAt === null || debate.lastPostAt === null) {
    throw new ReportError(
      `debate "${debateId}" has no posts yet: run it (trendoff local) or wait for posts, then make the report`,
    );
  }
  const { bucketMs } = debate;
  const base = `/debates/${encodeURIComponent(debate.id)}`;
  const from = Math.floor(Date.parse(debate.firstPostAt) / bucketMs) * bucketMs;
  const to = Math.floor(Date.parse(debate.lastPostAt) / bucketMs) * bucketMs + bucketMs;
  const range = { from: String(from), to: String(to) };
  const stepMs = stepOf(options.stepMs, bucketMs);
  const moveStepMs = stepOf(options.moveStepMs, bucketMs);

  const seismograph = (await get(`${base}/series`, { ...range, step: `${stepMs}ms` })) as SeriesResponse;
  const series = seismograph.series.map((s) => ({
    candidate: s.candidate,
    points: s.points.map((p) => ({ ...p, t: Date.parse(p.t) })),
  }));
  const coarse = (await get(`${base}/series`, { ...range, step: `${moveStepMs}ms` })) as SeriesResponse;
  const steps: CandidateSteps[] = coarse.series.map((s) => ({
    candidate: s.candidate,
    points: s.points.map((p) => ({ t: Date.parse(p.t), count: p.count, mean: p.mean })),
  }));
  const moves = biggestMoves(steps, { stepMs: moveStepMs, minPosts: options.minPosts, limit: options.moves });

  const extremes = ((await get(`${base}/extremes`, range)) as ExtremesResponse).extremes;
  const windowMs = Math.min(to - from, MAX_SPAN_BUCKETS * bucketMs);
  const tags = (await get(`${base}/hashtags`, {
    at: String(to),
    window: `${windowMs}ms`,
    limit: String(options.hashtags),
  })) as HashtagsResponse;

  const withShifts: MoveWithShift[] = [];
  for (const move of moves) {
    const shift = (await get(`${base}/wordshift`, {
      candidate: move.candidate,
      from: String(move.after.from),
      to: String(move.after.to),
      reference: 'previous',
      limit: String(options.words),
    })) as WordShiftResponse;
    withShifts.push({ move, shift });
  }
  const listed = (debate as { moments?: readonly { at: string; label: string }[] }).moments ?? [];
  return {
    debate,
    from,
    to,
    stepMs,
    moveStepMs,
    minPosts: options.minPosts,
    series,
    extremes,
    hashtags: tags.hashtags,
    hashtagWindow: { from: Date.parse(tags.at) - tags.windowMs, to: Date.parse(tags.at) },
    moves: withShifts,
    moments: listed.map((m) => ({ at: Date.parse(m.at), label: m.label })),
  };
}
