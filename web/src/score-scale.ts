/**
 * The y range of the sentiment chart, in the scorer's own units. Pure (no DOM).
 *
 * Bounded scorers get their full, fixed range so rows and polls stay comparable (a line that
 * rescales every 2 s reads as movement that is not there). AFINN sums word valences and has no
 * bound, so its range grows with the data, symmetrically around neutral, never below ±5.
 */

export interface ScoreScale {
  readonly domain: readonly [number, number];
  /** The score that means "neutral", drawn as a reference line. */
  readonly neutral: number;
}

/** What the scale needs from a point: its mean and spread (null when the bucket is empty). */
export interface ScoreSample {
  readonly mean: number | null;
  readonly sd: number | null;
}

/** The y range for `scorer`, given the points on screen (used only by unbounded scorers). */
export function scoreScale(scorer: string, samples: Iterable<ScoreSample> = []): ScoreScale {
  switch (scorer) {
    case 'vader':
      return { domain: [-1, 1], neutral: 0 };
    case 'labmt':
      return { domain: [1, 9], neutral: 5 };
    default: {
      let reach = 5;
      for (const s of samples) {
        if (s.mean === null) continue;
        reach = Math.max(reach, Math.abs(s.mean) + (s.sd ?? 0));
      }
      const bound = Math.ceil(reach);
      return { domain: [-bound, bound], neutral: 0 };
    }
  }
}
