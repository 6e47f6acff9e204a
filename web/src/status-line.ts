/**
 * One line that says whether the page is live: newest post, processing lag and last update, or
 * the last error in plain words while the poller keeps retrying. `data-state` carries the state
 * for styling (loading | ok | error).
 *
 * The line itself changes every poll, far too often for a live region; screen readers are told
 * only when the state changes, through a separate polite live region.
 */
import { formatClock, formatDuration } from './format';

/** What a successful poll learnt about freshness. */
export interface Freshness {
  /** Epoch ms of the newest processed post, null before the first. */
  readonly newestPostAt: number | null;
  /** The API's processing lag (/health `processingLagMs`): the same number the terminal shows. */
  readonly processingLagMs: number | null;
  /** When the processor last wrote (/health `processedAt`): how fresh the newest data is. */
  readonly processedAt: number | null;
  /** When this poll completed (epoch ms). */
  readonly updatedAt: number;
}

type State = 'loading' | 'ok' | 'error';

export class StatusLine {
  private state: State | undefined;

  constructor(
    private readonly element: HTMLElement,
    private readonly announcer?: HTMLElement,
  ) {}

  loading(message: string): void {
    this.show('loading', message);
  }

  ok(f: Freshness): void {
    const parts = [
      f.newestPostAt === null ? 'no posts processed yet' : `newest post ${formatClock(f.newestPostAt)}`,
      f.processingLagMs === null
        ? 'processing lag unknown'
        : `processing lag ${formatDuration(f.processingLagMs)}`,
      f.processedAt === null
        ? 'nothing processed yet'
        : `last processed ${formatDuration(Math.max(0, f.updatedAt - f.processedAt))} ago`,
      `updated ${formatClock(f.updatedAt)}`,
    ];
    this.show('ok', parts.join(' · '));
  }

  /** Shows the failure as it is, and that it will be retried. */
  error(message: string, retryMs: number): void {
    this.show('error', `Connection problem: ${message}. Retrying every ${formatDuration(retryMs)}.`);
  }

  private show(state: State, text: string): void {
    this.element.dataset.state = state;
    this.element.textContent = text;
    if (this.announcer !== undefined && state !== this.state) {
      this.announcer.textContent = state === 'ok' ? 'Live data connected.' : text;
    }
    this.state = state;
  }
}
