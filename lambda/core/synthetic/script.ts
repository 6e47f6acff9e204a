/**
 * The story of a synthetic debate: when the "moments" happen (a gaffe, a zinger, a clash), how the
 * volume of posts rises and decays around them, quiet stretches, and how each candidate's latent
 * sentiment and share of attention drift second by second. It draws from its own random stream, so a
 * seed tells the same story whatever the post rate.
 */
import { exp, tanh } from './portable-math';
import type { Random } from './prng';

/** What kind of event a moment is. */
export type MomentKind = 'gaffe' | 'zinger' | 'clash';

/** One burst of attention on the timeline. */
export interface Moment {
  /** Seconds from the start of the run when the rise begins. */
  readonly at: number;
  readonly kind: MomentKind;
  /** Index (in config order) of the candidate at the centre of it. */
  readonly protagonist: number;
  /** For a clash, the candidate on the receiving end; otherwise -1. */
  readonly opponent: number;
  /** Extra volume at the peak, in multiples of the baseline. */
  readonly amplitude: number;
  /** Seconds of linear rise to the peak. */
  readonly rise: number;
  /** Time constant, in seconds, of the exponential decay after the peak. */
  readonly decay: number;
  /** Jump of the protagonist's latent sentiment (the opponent's jumps the other way). */
  readonly shock: number;
}

/** A stretch with fewer posts (a segment nobody cares about). */
export interface QuietStretch {
  readonly from: number;
  readonly to: number;
}

export interface DebatePlan {
  readonly moments: readonly Moment[];
  readonly quiet: readonly QuietStretch[];
  /** Relative volume share of each candidate outside moments. */
  readonly baseShares: readonly number[];
  /** Long-run mean of each candidate's latent sentiment. */
  readonly meanSentiment: readonly number[];
}

const QUIET_LEVEL = 0.3;
/** After this many decay constants a pulse is negligible (e^-8 ≈ 0.03 %). */
const PULSE_TAIL = 8;
const MAX_PULSE_SECONDS = 20 + PULSE_TAIL * 120;
/** Mean reversion of sentiment: a shock halves in about 2 minutes. */
const REVERSION_PER_SECOND = 1 / 180;
const SENTIMENT_SD = 0.3;
/** Volume noise on top of Poisson jitter: an AR(1) on log-intensity, ~5 s memory, 8 % spread. */
const NOISE_KEEP = 0.8;
const NOISE_SD = 0.08;

/** Draws the timeline of a run lasting `seconds`, for `candidates` candidates. */
export function planDebate(rng: Random, seconds: number, candidates: number): DebatePlan {
  const baseShares: number[] = [];
  const meanSentiment: number[] = [];
  for (let i = 0; i < candidates; i++) {
    // Log-normal shares with a floor, so minor candidates still show up.
    baseShares.push(Math.max(0.35, exp(0.6 * rng.normal())));
    meanSentiment.push(0.35 * rng.normal());
  }
  const moments: Moment[] = [];
  if (candidates > 0) {
    const count = Math.max(1, Math.round((seconds / 300) * rng.range(0.7, 1.3)));
    for (let i = 0; i < count; i++) {
      const at = seconds * rng.range(0.04, 0.94);
      const protagonist = pickWeighted(baseShares, rng.next());
      let kind: MomentKind = rng.chance(0.4) ? 'gaffe' : rng.chance(0.6) ? 'zinger' : 'clash';
      let opponent = -1;
      if (kind === 'clash') {
        if (candidates < 2) kind = 'zinger';
        else opponent = (protagonist + 1 + rng.int(candidates - 1)) % candidates;
      }
      const magnitude = rng.range(0.8, 1.6);
      moments.push({
        at,
        kind,
        protagonist,
        opponent,
        amplitude: rng.range(2.5, 7),
        rise: rng.range(4, 20),
        decay: rng.range(40, 120),
        shock: kind === 'gaffe' ? -magnitude : kind === 'zinger' ? magnitude : magnitude * 0.6,
      });
    }
    moments.sort((a, b) => a.at - b.at);
  }
  const quiet: QuietStretch[] = [];
  const quietCount = Math.round(seconds / 1200);
  for (let i = 0; i < quietCount; i++) {
    const from = seconds * rng.range(0.02, 0.95);
    quiet.push({ from, to: Math.min(seconds, from + rng.range(45, 150)) });
  }
  quiet.sort((a, b) => a.from - b.from);
  return { moments, quiet, baseShares, meanSentiment };
}

/** Height (0..1) of a moment's pulse `t` seconds into the run. */
function pulse(m: Moment, t: number): number {
  const dt = t - m.at;
  if (dt < 0) return 0;
  if (dt < m.rise) return dt / m.rise;
  const after = (dt - m.rise) / m.decay;
  return after > PULSE_TAIL ? 0 : exp(-after);
}

/**
 * Steps through a plan one second at a time and exposes the current post intensity, the
 * candidates' volume weights and their sentiment. Memory is O(candidates + moments).
 */
export class DebateState {
  /** Posts per second during the current second. */
  intensity = 0;
  /** Cumulative volume weights of the candidates for the current second. */
  readonly shareCdf: number[];
  /** Latent sentiment of each candidate in (-1, 1) for the current second (before author lean). */
  readonly sentiment: number[];

  private readonly latent: number[];
  private readonly boost: number[];
  private readonly scale: number;
  private noise = 0;
  private second = -1;
  private readonly cursor: Cursor = { moment: 0, quiet: 0 };
  private nextShock = 0;

  constructor(
    private readonly plan: DebatePlan,
    private readonly rng: Random,
    rate: number,
    private readonly seconds: number,
  ) {
    const n = plan.baseShares.length;
    this.shareCdf = new Array<number>(n).fill(0);
    this.sentiment = new Array<number>(n).fill(0);
    this.latent = plan.meanSentiment.slice();
    this.boost = new Array<number>(n).fill(0);
    // Normalise the volume shape so the run averages exactly `rate` before noise: one pass over the
    // seconds, evaluated exactly as advance() will.
    let total = 0;
    const cursor: Cursor = { moment: 0, quiet: 0 };
    for (let s = 0; s < seconds; s++) {
      const width = Math.min(1, seconds - s);
      total += this.shapeAt(s + width / 2, cursor) * width;
    }
    this.scale = total > 0 ? (rate * seconds) / total : rate;
  }

  /** Moves to second `s` (must not go backwards) and updates all per-second quantities. */
  advance(s: number): void {
    while (this.second < s) {
      this.second++;
      this.stepSecond(this.second);
    }
  }

  private stepSecond(s: number): void {
    const t = s + Math.min(1, this.seconds - s) / 2;
    const shape = this.shapeAt(t, this.cursor);
    this.noise =
      NOISE_KEEP * this.noise + NOISE_SD * Math.sqrt(1 - NOISE_KEEP * NOISE_KEEP) * this.rng.normal();
    // exp(noise - sd²/2) has mean 1, so the noise does not bias the average rate.
    this.intensity = this.scale * shape * exp(this.noise - (NOISE_SD * NOISE_SD) / 2);

    const moments = this.plan.moments;
    while (this.nextShock < moments.length && moments[this.nextShock].at < s + 1) {
      const m = moments[this.nextShock++];
      this.latent[m.protagonist] += m.shock;
      if (m.opponent >= 0) this.latent[m.opponent] -= m.shock;
    }
    const n = this.latent.length;
    const sigma = SENTIMENT_SD * Math.sqrt(2 * REVERSION_PER_SECOND);
    this.boost.fill(0);
    for (let i = this.cursor.moment; i < moments.length && moments[i].at <= t; i++) {
      const m = moments[i];
      const p = pulse(m, t);
      this.boost[m.protagonist] += 5 * p;
      if (m.opponent >= 0) this.boost[m.opponent] += 3 * p;
    }
    let cum = 0;
    for (let c = 0; c < n; c++) {
      const x = this.latent[c];
      this.latent[c] =
        x + REVERSION_PER_SECOND * (this.plan.meanSentiment[c] - x) + sigma * this.rng.normal();
      this.sentiment[c] = tanh(this.latent[c]);
      // Attention follows moments, and drifts towards whoever is currently loved or hated.
      cum += this.plan.baseShares[c] * (1 + this.boost[c]) * (1 + 0.6 * Math.abs(this.sentiment[c]));
      this.shareCdf[c] = cum;
    }
  }

  /**
   * Unnormalised volume at time t: baseline (lower when quiet) plus the pulses of live moments.
   * Times only increase, so the cursor skips moments and quiet stretches that are over for good.
   */
  private shapeAt(t: number, cursor: Cursor): number {
    const { quiet, moments } = this.plan;
    while (cursor.quiet < quiet.length && quiet[cursor.quiet].to <= t) cursor.quiet++;
    let base = 1;
    for (let i = cursor.quiet; i < quiet.length && quiet[i].from <= t; i++) {
      if (t < quiet[i].to) base = QUIET_LEVEL;
    }
    while (cursor.moment < moments.length && moments[cursor.moment].at + MAX_PULSE_SECONDS < t)
      cursor.moment++;
    let extra = 0;
    for (let i = cursor.moment; i < moments.length && moments[i].at <= t; i++) {
      extra += moments[i].amplitude * pulse(moments[i], t);
    }
    return base + extra;
  }
}

interface Cursor {
  moment: number;
  quiet: number;
}

function pickWeighted(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let target = u * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}
