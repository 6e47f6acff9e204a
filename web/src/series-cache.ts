/**
 * The series the dashboard holds between polls, so that each poll asks only for the steps that may
 * have changed (`since` = the previous answer's `settled`) and merges them in. Pure (no DOM).
 */
import type { SeriesColumnsResponse } from '../../lambda/core/api/contract';
import type { ViewWindow } from './time-window';

/** One step of one candidate, its time parsed. */
export interface SeriesPoint {
  readonly t: number;
  readonly count: number;
  readonly mean: number | null;
  readonly sd: number | null;
}

export class SeriesCache {
  private stepMs = 0;
  /** Start of the earliest step from which every step up to `settled` is held. */
  private heldFrom = Number.POSITIVE_INFINITY;
  private settled = Number.NEGATIVE_INFINITY;
  private readonly steps = new Map<string, Map<number, SeriesPoint>>();

  /**
   * What to pass as `since` for a window: the settled edge when the steps before it are held for
   * the whole window, else nothing (ask for the whole window).
   */
  since(window: ViewWindow): number | undefined {
    if (window.stepMs !== this.stepMs || this.heldFrom > window.from) return undefined;
    return this.settled > window.from ? this.settled : undefined;
  }

  /** Takes in an answer to a request for `window` (with or without `since`), forgetting what left it. */
  merge(answer: SeriesColumnsResponse, window: ViewWindow): void {
    const from = Date.parse(answer.from);
    if (answer.stepMs !== this.stepMs || from > this.settled || from < this.heldFrom) {
      // A different step, or an answer not joining what is held: start again from it.
      this.steps.clear();
      this.stepMs = answer.stepMs;
      this.heldFrom = from;
    }
    this.settled = Date.parse(answer.settled);
    for (const c of answer.series) {
      let held = this.steps.get(c.candidate);
      if (held === undefined) this.steps.set(c.candidate, (held = new Map()));
      for (let i = 0; i < c.count.length; i++) {
        const t = from + i * answer.stepMs;
        held.set(t, { t, count: c.count[i], mean: c.mean[i], sd: c.sd[i] });
      }
      for (const t of held.keys()) if (t < window.from || t >= window.to) held.delete(t);
    }
    this.heldFrom = Math.max(this.heldFrom, window.from);
  }

  /** Every candidate's steps, in time order. */
  points(): ReadonlyMap<string, SeriesPoint[]> {
    const out = new Map<string, SeriesPoint[]>();
    for (const [candidate, held] of this.steps) {
      out.set(
        candidate,
        [...held.values()].sort((a, b) => a.t - b.t),
      );
    }
    return out;
  }
}
