/**
 * The query API's JSON contract: what every endpoint answers. The API handler builds these, the
 * dashboard reads them, and `openapi/trendoff-api.json` documents them (tests validate responses
 * against that file). Times in responses are ISO 8601 strings; requests accept ISO 8601 or epoch ms.
 */

/**
 * Where the dashboard's origin serves the API (a CloudFront behaviour in the cloud): a request
 * path under it names the route after it, so the API answers both on its own host and there.
 */
export const API_BASE_PATH = '/api';

export interface CandidateInfo {
  readonly id: string;
  readonly name: string;
  readonly party?: string;
  readonly color?: string;
}

/** GET /debates */
export interface DebatesResponse {
  readonly debates: readonly {
    readonly id: string;
    readonly title: string;
    /** Scheduled span from the debate config. */
    readonly start: string;
    readonly end: string;
    readonly candidates: readonly CandidateInfo[];
    /** Span of the posts processed so far (null before the first). */
    readonly firstPostAt: string | null;
    readonly lastPostAt: string | null;
    /** Base bucket length the aggregates are kept at; `step` must be a multiple of it. */
    readonly bucketMs: number;
    /** Which sentiment scorer produced the scores (their scales differ). */
    readonly scorer: string;
    /** Moments of the debate from its config, to mark on its charts, in time order. */
    readonly moments: readonly DebateMomentInfo[];
  }[];
}

export interface DebateMomentInfo {
  readonly at: string;
  readonly label: string;
}

export interface SeriesPoint {
  readonly t: string;
  readonly count: number;
  /** null when count is 0. */
  readonly mean: number | null;
  readonly sd: number | null;
  readonly pos: number;
  readonly neu: number;
  readonly neg: number;
}

/** GET /debates/{id}/series?candidate=&from=&to=&step=&since= (format=points, the default) */
export interface SeriesResponse {
  readonly debate: string;
  /** Start of the first step in the answer (with `since`, the step holding `since`). */
  readonly from: string;
  readonly to: string;
  readonly stepMs: number;
  /**
   * Steps starting before this are settled: they will not change. A poll that keeps them passes
   * this as its next `since` and receives only the steps from here on.
   */
  readonly settled: string;
  readonly series: readonly { readonly candidate: string; readonly points: readonly SeriesPoint[] }[];
}

/**
 * GET /debates/{id}/series?format=columns: the same steps as columns of numbers, step i starting
 * at `from` + i × `stepMs`; `mean` and `sd` rounded to {@link SERIES_COLUMN_DECIMALS} decimals.
 */
export interface SeriesColumnsResponse {
  readonly format: 'columns';
  readonly debate: string;
  readonly from: string;
  readonly to: string;
  readonly stepMs: number;
  readonly settled: string;
  readonly series: readonly SeriesColumns[];
}

export interface SeriesColumns {
  readonly candidate: string;
  readonly count: readonly number[];
  /** null where count is 0. */
  readonly mean: readonly (number | null)[];
  readonly sd: readonly (number | null)[];
  readonly pos: readonly number[];
  readonly neu: readonly number[];
  readonly neg: readonly number[];
}

/** Decimals kept of `mean` and `sd` in the columns format (scores are shown to three). */
export const SERIES_COLUMN_DECIMALS = 4;

export interface ExtremePost {
  readonly id: string;
  readonly text: string;
  readonly score: number;
  readonly authorId: string;
  /** The post's page on X; null for a generated post, which exists nowhere on X. */
  readonly url: string | null;
  /** The words of `text` the debate's lexicon rates: what drove the score (empty when the API lacks the lexicon). */
  readonly words: readonly RatedWord[];
}

/** A rated word of a post: `text.slice(start, end)`, its valence relative to the lexicon's neutral. */
export interface RatedWord {
  readonly start: number;
  readonly end: number;
  readonly valence: number;
}

/** GET /debates/{id}/extremes?from=&to=&candidate= */
export interface ExtremesResponse {
  readonly debate: string;
  readonly from: string;
  readonly to: string;
  readonly extremes: readonly {
    readonly candidate: string;
    readonly mostPositive: ExtremePost | null;
    readonly mostNegative: ExtremePost | null;
  }[];
}

/** GET /debates/{id}/hashtags?at=&window= */
export interface HashtagsResponse {
  readonly debate: string;
  /** The sliding window [at − window, at). */
  readonly at: string;
  readonly windowMs: number;
  readonly hashtags: readonly { readonly tag: string; readonly count: number }[];
}

/** A figure of a word shift's reference window and of its comparison window. */
export interface ShiftPair<T> {
  readonly reference: T;
  readonly comparison: T;
}

/** One word's part in a word shift (see lambda/core/word-shift.ts). */
export interface ShiftWord {
  readonly word: string;
  /** The word's valence in the debate's lexicon. */
  readonly valence: number;
  /** Posts using the word in each window (top-K per base bucket: lower bounds). */
  readonly referenceCount: number;
  readonly comparisonCount: number;
  /** Change in relative frequency × (valence − reference mean); the contributions sum to `shift`. */
  readonly contribution: number;
  /** contribution / |shift| (the Hedonometer's normalisation); null when the shift is 0. */
  readonly share: number | null;
  /** pos-up, pos-down: a word above the reference mean used more, less; neg-up, neg-down: below it. */
  readonly kind: 'pos-up' | 'pos-down' | 'neg-up' | 'neg-down';
}

/** GET /debates/{id}/wordshift?candidate=&from=&to=&reference=&limit= */
export interface WordShiftResponse {
  readonly debate: string;
  readonly candidate: string;
  /** The lexicon the valences come from: the debate's scorer. */
  readonly lexicon: string;
  /** The comparison window, whole base buckets. */
  readonly from: string;
  readonly to: string;
  readonly reference: { readonly kind: 'previous' | 'sofar'; readonly from: string; readonly to: string };
  /** Posts about the candidate in each window, and their mean score (the seismograph's; null without posts). */
  readonly posts: ShiftPair<number>;
  readonly scoreMeans: ShiftPair<number | null>;
  /** Uses of rated words in each window: the totals the relative frequencies divide by. */
  readonly ratedWords: ShiftPair<number>;
  /** Word uses the store dropped past its top-K words per base bucket (not in any count above). */
  readonly otherWords: ShiftPair<number>;
  /** Average valence of the rated words in each window; null without rated words. */
  readonly means: ShiftPair<number | null>;
  /** means.comparison − means.reference; null unless both windows hold rated words. */
  readonly shift: number | null;
  /** Sum of the contributions of each kind of word (over every word, not only those listed). */
  readonly kinds: {
    readonly 'pos-up': number;
    readonly 'pos-down': number;
    readonly 'neg-up': number;
    readonly 'neg-down': number;
  };
  /** The `limit` words of largest |contribution|, largest first, ties by word. */
  readonly words: readonly ShiftWord[];
}

/**
 * GET /debates/{id}/live?window=&points=&since=: everything a dashboard following the newest posts
 * polls for, in one answer (one request per viewer and poll): the debate's freshness, the window
 * it follows, the series since `since` in columns, the window's extremes and the trending hashtags.
 */
export interface LiveResponse {
  readonly debate: string;
  /** As /health gives them for this debate. */
  readonly newestPostAt: string | null;
  readonly processedAt: string | null;
  readonly processingLagMs: number | null;
  /** As /health gives it: absent where the host cannot tell. */
  readonly pipeline?: PipelineInfo;
  /**
   * The window followed: [from, to) at `stepMs` per point, ending just after the newest post, and
   * starting no earlier than the step of the first post.
   */
  readonly window: { readonly from: string; readonly to: string; readonly stepMs: number };
  readonly series: SeriesColumnsResponse;
  readonly extremes: ExtremesResponse;
  readonly hashtags: HashtagsResponse;
}

/** GET /debates/{id}/compare?users=a,b */
export interface CompareResponse {
  readonly debate: string;
  readonly users: readonly [UserWords, UserWords];
  /** Words both used, most used (by the sum of both counts) first. */
  readonly shared: readonly { readonly word: string; readonly counts: readonly [number, number] }[];
}

export interface UserWords {
  /** Handle as asked (without @), lower-case. */
  readonly user: string;
  readonly posts: number;
  readonly topWords: readonly { readonly word: string; readonly count: number }[];
}

export interface GeoPost {
  readonly id: string;
  readonly t: string;
  readonly lon: number;
  readonly lat: number;
  readonly score: number;
  readonly candidates: readonly string[];
}

/** GET /debates/{id}/geo?from=&to= */
export interface GeoResponse {
  readonly debate: string;
  readonly from: string;
  readonly to: string;
  readonly posts: readonly GeoPost[];
}

/**
 * What the host running the pipeline knows of it beyond the store: `trendoff local` tells whether
 * its processing is paused and how many records wait in the stream; the cloud API does not (its
 * consumers' backlog is the iterator-age alarm's business).
 */
export interface PipelineInfo {
  readonly state: 'running' | 'paused';
  /** Records sent to the stream and not yet processed. */
  readonly waiting: number;
}

/** GET /health */
export interface HealthResponse {
  readonly status: 'ok';
  /** Absent when the host cannot tell (the cloud). */
  readonly pipeline?: PipelineInfo;
  readonly debates: readonly {
    readonly id: string;
    /** Creation time of the newest post processed (null before the first). */
    readonly newestPostAt: string | null;
    /** When the processor last wrote. */
    readonly processedAt: string | null;
    /**
     * The processing lag, the one "lag" trendoff reports (here, on the terminal's status line and on
     * the dashboard): how long a post took from its arrival in the stream to its aggregates being
     * stored, in ms, for the newest post of the latest batch processed; null before the first.
     * It does not grow while nothing arrives: `processedAt` says how old the figure is.
     */
    readonly processingLagMs: number | null;
  }[];
}

/** Every 4xx/5xx body. */
export interface ErrorResponse {
  readonly error: {
    readonly message: string;
    /** The query or path parameter at fault, for 400s. */
    readonly parameter?: string;
  };
}
