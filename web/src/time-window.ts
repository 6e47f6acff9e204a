/**
 * Which slice of time the dashboard asks for: the API's own window rule (the /live route follows
 * the newest posts with the same one), re-exported for the page.
 */
export { chooseStep, followWindow, type ViewWindow } from '../../lambda/core/api/view-window';
import type { ViewWindow } from '../../lambda/core/api/view-window';

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
