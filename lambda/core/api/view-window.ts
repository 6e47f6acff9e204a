/**
 * Which slice of time a dashboard following the newest posts shows: computed by the page for the
 * windows it asks for, and by the API's /live route, so both choose the same window.
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
 * post is always in view), or starts at `start` when nothing has been processed yet. It never
 * starts before the step of the first post (`firstPostAt`, when given): early in a debate the few
 * minutes there are fill the chart instead of being squeezed against its right edge.
 */
export function followWindow(
  newest: number | null,
  start: number,
  windowMs: number,
  bucketMs: number,
  maxPoints: number,
  firstPostAt: number | null = null,
): ViewWindow {
  const stepMs = chooseStep(windowMs, bucketMs, maxPoints);
  const span = Math.ceil(windowMs / stepMs) * stepMs;
  if (newest === null) {
    const from = Math.floor(start / stepMs) * stepMs;
    return { from, to: from + span, stepMs };
  }
  const to = (Math.floor(newest / stepMs) + 1) * stepMs;
  const first = firstPostAt === null ? -Infinity : Math.floor(firstPostAt / stepMs) * stepMs;
  return { from: Math.min(to - stepMs, Math.max(to - span, first)), to, stepMs };
}
