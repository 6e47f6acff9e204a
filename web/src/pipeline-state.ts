/**
 * Whether the pipeline feeding the page has stalled, from /health. Pure (no DOM).
 *
 * "Stalled" means posts should be arriving and none are processed: records wait in the stream while
 * processing is paused or silent (what `trendoff local` reports), or, where the host cannot tell
 * (the cloud), nothing processed for a minute while the debate is on by its schedule. A finished
 * or quiet replay is not a stall: nothing waits, and its schedule is long past.
 */
import type { HealthResponse } from '../../lambda/core/api/contract';
import { formatClock, formatDuration } from './format';

/** Records waiting this long with nothing processed is a stall (a batch takes well under a second). */
export const STALL_MS = 15_000;
/** During a scheduled debate, posts arrive every second: a minute without processing is a stall. */
export const LIVE_STALL_MS = 60_000;

export interface DebateSchedule {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/** A sentence for the stalled banner, or undefined when nothing is wrong. */
export function stallMessage(
  health: HealthResponse,
  debate: DebateSchedule | undefined,
  now: number,
): string | undefined {
  const mine = debate === undefined ? undefined : health.debates.find((d) => d.id === debate.id);
  const processedAt = latestProcessing(health, mine?.processedAt);
  const since = processedAt === null ? 'nothing processed yet' : `last processed ${formatClock(processedAt)}`;
  const pipeline = health.pipeline;
  if (pipeline !== undefined) {
    const waiting = `${pipeline.waiting.toLocaleString('en-US')} record${pipeline.waiting === 1 ? '' : 's'} waiting`;
    if (pipeline.state === 'paused') {
      return `Pipeline stalled: processing is paused (${waiting}, ${since}). The charts show the data processed so far.`;
    }
    if (pipeline.waiting > 0 && (processedAt === null || now - processedAt > STALL_MS)) {
      return `Pipeline stalled: ${waiting} and ${since}. The charts show the data processed so far.`;
    }
    return undefined;
  }
  if (debate === undefined || now < debate.start || now > debate.end) return undefined;
  const quietFor = now - (processedAt ?? debate.start);
  if (quietFor <= LIVE_STALL_MS) return undefined;
  return (
    `Pipeline stalled: nothing processed for ${formatDuration(quietFor)} during the scheduled ` +
    `debate (${since}). Check the stream and processor alarms.`
  );
}

function latestProcessing(health: HealthResponse, mine: string | null | undefined): number | null {
  const times = (mine !== undefined ? [mine] : health.debates.map((d) => d.processedAt))
    .filter((t): t is string => t !== null)
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return times.length === 0 ? null : Math.max(...times);
}
