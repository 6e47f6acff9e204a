/**
 * Time ranges of a request: `from`/`to` with their defaults (the debate's data, else its schedule),
 * the cap on their width, and the default series step.
 */
import type { DebateState } from '../../core/ports';
import { bucketStart } from '../aggregate';
import { DEFAULT_SERIES_POINTS, MAX_SPAN_BUCKETS } from './limits';
import { parseTime, type Query } from './params';
import { badParameter } from './responses';

/** [from, to) in epoch ms. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Where a debate's data lies: from the bucket of its first post to the end of the bucket of its
 * newest one once posts were processed, else its scheduled start and end.
 */
export function dataSpan(debate: DebateState): TimeRange {
  const { firstPostAt, lastPostAt, bucketMs } = debate;
  if (firstPostAt !== null && lastPostAt !== null) {
    return { from: bucketStart(firstPostAt, bucketMs), to: bucketStart(lastPostAt, bucketMs) + bucketMs };
  }
  return { from: debate.start, to: debate.end };
}

/** Widest range a request may cover for this debate: {@link MAX_SPAN_BUCKETS} base buckets. */
export function maxSpanMs(debate: DebateState): number {
  return MAX_SPAN_BUCKETS * debate.bucketMs;
}

/**
 * The `from`/`to` of a request. A missing end defaults to the debate's {@link dataSpan}, moved so
 * that it is never on the wrong side of the given end and the range never exceeds
 * {@link maxSpanMs} (defaults keep the newest data); given ends are checked, never moved.
 */
export function resolveRange(query: Query, debate: DebateState): TimeRange {
  const fromText = query.get('from');
  const toText = query.get('to');
  const givenFrom = fromText === undefined ? undefined : parseTime('from', fromText);
  const givenTo = toText === undefined ? undefined : parseTime('to', toText);
  const span = dataSpan(debate);
  const cap = maxSpanMs(debate);

  let from = givenFrom ?? span.from;
  let to = givenTo ?? span.to;
  if (givenTo === undefined) to = Math.max(to, from);
  if (givenFrom === undefined) from = Math.min(from, to);
  if (to < from) {
    throw badParameter('to', `to (${iso(to)}) must not be before from (${iso(from)})`);
  }
  if (to - from > cap) {
    if (givenFrom === undefined) from = Math.max(0, to - cap);
    else if (givenTo === undefined) to = from + cap;
    else {
      throw badParameter(
        'to',
        `from ${iso(from)} to ${iso(to)} is wider than the limit of ${MAX_SPAN_BUCKETS} base buckets ` +
          `(${describeMs(cap)} at ${describeMs(debate.bucketMs)} per bucket); narrow from/to`,
      );
    }
  }
  return { from, to };
}

/** Number of `stepMs` steps aligned to the epoch that [from, to) touches (what `resample` returns). */
export function stepCount(range: TimeRange, stepMs: number): number {
  if (range.to <= range.from) return 0;
  return (bucketStart(range.to - 1, stepMs) - bucketStart(range.from, stepMs)) / stepMs + 1;
}

/** Steps a person reads easily, tried in order for the default series step. */
const ROUND_STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/**
 * The default step of a series: the smallest round step (5 s, 10 s, 1 min, 5 min, …) that is a
 * multiple of the base bucket and gives at most {@link DEFAULT_SERIES_POINTS} points; failing that,
 * the smallest such multiple of the bucket.
 */
export function defaultStep(range: TimeRange, bucketMs: number): number {
  for (const step of ROUND_STEPS_MS) {
    if (step % bucketMs === 0 && stepCount(range, step) <= DEFAULT_SERIES_POINTS) return step;
  }
  let k = Math.max(1, Math.ceil((range.to - range.from) / (bucketMs * DEFAULT_SERIES_POINTS)));
  // Alignment to the epoch can add one step to the plain quotient.
  while (stepCount(range, k * bucketMs) > DEFAULT_SERIES_POINTS) k++;
  return k * bucketMs;
}

/** ISO 8601 form of an epoch-ms instant. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `27 h 46 min 40 s`, `5 s`, `250 ms`: a length of time for messages. */
export function describeMs(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return parts.length === 0 ? '0 ms' : parts.join(' ');
}
