/** The status line of `trendoff local`: what has been sent and processed, and what the source is doing. */
import type { Writable } from 'stream';

/** What the line shows, read at each refresh. */
export interface ProgressCounts {
  readonly sent: number;
  readonly handled: number;
  readonly rejected: number;
  /** The processing lag (see HealthResponse in lambda/core/api/contract.ts) of the latest batch, ms. */
  latestLag(): number | null;
}

/** Refresh period on a terminal, and the shortest gap between lines in a file or pipe. */
export const TTY_EVERY_MS = 500;
export const FILE_EVERY_MS = 5000;

/**
 * A live status line for a person on stderr: rewritten in place on a terminal; when stderr is a file
 * or a pipe, a line every 5 s at most and only when something changed. A change of what the source
 * is doing (connecting, stalled…) shows at once.
 */
export class ProgressLine {
  private readonly timer: NodeJS.Timeout;
  private readonly tty: boolean;
  private lastHandled = 0;
  private lastAt = Date.now();
  private lastPrinted = '';
  private sourceState = '';

  constructor(
    private readonly out: Writable,
    private readonly stats: ProgressCounts,
  ) {
    this.tty = (out as { isTTY?: boolean }).isTTY === true;
    this.timer = setInterval(() => this.print(), this.tty ? TTY_EVERY_MS : FILE_EVERY_MS);
    this.timer.unref();
  }

  /** What the source is doing now; printed at once when it changes. */
  source(state: string): void {
    if (state === this.sourceState) return;
    this.sourceState = state;
    this.print();
  }

  private print(): void {
    const now = Date.now();
    const rate = ((this.stats.handled - this.lastHandled) * 1000) / Math.max(1, now - this.lastAt);
    this.lastHandled = this.stats.handled;
    this.lastAt = now;
    const lag = this.stats.latestLag();
    const counts =
      `in ${this.stats.sent.toLocaleString('en-US')} · processed ${this.stats.handled.toLocaleString('en-US')}` +
      ` · processing lag ${lag === null ? '–' : `${Math.round(lag)} ms`} · rejected ${this.stats.rejected}` +
      (this.sourceState === '' ? '' : ` · ${this.sourceState}`);
    const line = `${counts} · ${Math.round(rate).toLocaleString('en-US')}/s`;
    if (this.tty) {
      this.out.write(`\r\x1b[2K${line}`);
      return;
    }
    if (counts === this.lastPrinted) return;
    this.lastPrinted = counts;
    this.out.write(`${line}\n`);
  }

  /** A message of its own, on its own line (the status line goes on below it). */
  note(message: string): void {
    this.out.write(`${this.tty ? '\r\x1b[2K' : ''}${message}\n`);
    if (this.tty) this.print();
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.tty) this.out.write('\n');
  }
}
