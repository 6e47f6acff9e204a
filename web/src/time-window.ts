/**
 * Which slice of time the dashboard asks for. Pure (no DOM), so it is unit-tested on its own.
 *
 * Windows are aligned to multiples of the step (from the epoch), so consecutive polls ask for the
 * same buckets and points stay put while the window slides: no jitter, and the API can answer
 * each point from whole base buckets.
 */

/** The span [from, to) asked for, in epoch ms, at `stepMs` per point. */
export interface ViewWindow {
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
}

/**
 * The smallest step that is a whole number of base buckets and keeps the window within
 * `maxPoints` points (the API only accepts multiples of the bucket).
 */
export function chooseStep(windowMs: number, bucketMs: number, maxPoints: number): number {
  if (!(windowMs > 0) || !(bucketMs > 0) || !(maxPoints >= 1)) {
    throw new RangeError(
      `window, bucket and point budget must be positive: ${windowMs}, ${bucketMs}, ${maxPoints}`,
    );
  }
  const buckets = Math.ceil(windowMs / bucketMs);
  return bucketMs * Math.max(1, Math.ceil(buckets / maxPoints));
}

/**
 * A window of about `windowMs` that ends just after the bucket holding `newest` (so the newest
 * post is always in view), or starts at `start` when nothing has been processed yet.
 */
export function followWindow(
  newest: number | null,
  start: number,
  windowMs: number,
  bucketMs: number,
  maxPoints: number,
): ViewWindow {
  const stepMs = chooseStep(windowMs, bucketMs, maxPoints);
  const span = Math.ceil(windowMs / stepMs) * stepMs;
  if (newest === null) {
    const from = Math.floor(start / stepMs) * stepMs;
    return { from, to: from + span, stepMs };
  }
  const to = (Math.floor(newest / stepMs) + 1) * stepMs;
  return { from: to - span, to, stepMs };
}

/** The steps a person can pick for the seismograph. */
export const STEP_CHOICES: readonly { readonly label: string; readonly ms: number }[] = [
  { label: '5 s', ms: 5000 },
  { label: '1 min', ms: 60_000 },
  { label: '5 min', ms: 300_000 },
];

/**
 * How much time a step shows: at least `windowMs`, at least 60 steps (a coarse step is for seeing
 * the whole night), at most `maxPoints` steps.
 */
export function spanFor(stepMs: number, windowMs: number, maxPoints: number): number {
  return Math.min(stepMs * maxPoints, Math.max(windowMs, stepMs * 60));
}

/**
 * The window of `spanMs` at `stepMs` that ends just after the step holding `head` (the newest post,
 * or a past minute picked by the person), but never starts before the step of the first post: early
 * in a debate the few minutes there are fill the chart instead of being squeezed against its right
 * edge. With no post yet, the span from the debate's scheduled start.
 */
export function headWindow(
  head: number | null,
  firstPostAt: number | null,
  start: number,
  stepMs: number,
  spanMs: number,
): ViewWindow {
  const span = Math.ceil(spanMs / stepMs) * stepMs;
  if (head === null) {
    const from = Math.floor(start / stepMs) * stepMs;
    return { from, to: from + span, stepMs };
  }
  const to = (Math.floor(head / stepMs) + 1) * stepMs;
  const first = firstPostAt === null ? -Infinity : Math.floor(firstPostAt / stepMs) * stepMs;
  return { from: Math.min(to - stepMs, Math.max(to - span, first)), to, stepMs };
}
