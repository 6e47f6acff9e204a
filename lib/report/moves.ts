/**
 * The night's biggest moves: where a candidate's mean score changed most from one window to the
 * next. Windows are the series' epoch-aligned steps (e.g. 5 minutes); a pair counts only when both
 * windows hold at least `minPosts` posts, so a jump between two handfuls of posts is not a story.
 * Pure: series in, ranked moves out.
 */

/** One step of a candidate's series, as the API gives it (t epoch ms). */
export interface StepPoint {
  readonly t: number;
  readonly count: number;
  readonly mean: number | null;
}

export interface CandidateSteps {
  readonly candidate: string;
  readonly points: readonly StepPoint[];
}

export interface Move {
  readonly candidate: string;
  /** The window before and the window of the move, [from, to) epoch ms. */
  readonly before: {
    readonly from: number;
    readonly to: number;
    readonly mean: number;
    readonly count: number;
  };
  readonly after: {
    readonly from: number;
    readonly to: number;
    readonly mean: number;
    readonly count: number;
  };
  /** after.mean − before.mean. */
  readonly change: number;
}

export interface MoveOptions {
  readonly stepMs: number;
  readonly minPosts: number;
  /** How many moves to keep. */
  readonly limit: number;
}

/**
 * The `limit` largest |change| between consecutive steps of each candidate with enough posts,
 * largest first; ties by time, then candidate. Steps must be consecutive (t + stepMs) to pair.
 */
export function biggestMoves(series: readonly CandidateSteps[], o: MoveOptions): Move[] {
  const moves: Move[] = [];
  for (const { candidate, points } of series) {
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      if (b.t - a.t !== o.stepMs) continue;
      if (a.mean === null || b.mean === null || a.count < o.minPosts || b.count < o.minPosts) continue;
      moves.push({
        candidate,
        before: { from: a.t, to: b.t, mean: a.mean, count: a.count },
        after: { from: b.t, to: b.t + o.stepMs, mean: b.mean, count: b.count },
        change: b.mean - a.mean,
      });
    }
  }
  moves.sort(
    (x, y) =>
      Math.abs(y.change) - Math.abs(x.change) ||
      x.after.from - y.after.from ||
      (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0),
  );
  return moves.slice(0, o.limit);
}
