/**
 * Keep-alive watchdog: X sends `\r\n` about every 20 s on an idle stream, so silence for longer
 * than that (plus a little grace, as heartbeats run late) means the connection has stalled even if
 * TCP has not noticed. Every byte received pokes it; it fires once, then must be started again.
 */
export const KEEP_ALIVE_MS = 20_000;
/** Silence after which the stream counts as stalled: the keep-alive interval plus 1 s of grace. */
export const DEFAULT_STALL_MS = KEEP_ALIVE_MS + 1_000;

export class KeepAliveWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pokes = 0;

  constructor(
    private readonly stallMs: number,
    private readonly onStall: () => void,
  ) {}

  /** Starts (or restarts) the countdown. */
  start(): void {
    this.stop();
    const timer = setTimeout(() => {
      // After a pause of this process (GC, a busy event loop, a starved container) timers run
      // before the socket is read, so data that arrived meanwhile would look like silence and the
      // stall would drop it. The verdict waits one turn of the event loop: a poke in that turn
      // re-arms this timer (refresh() restarts a fired one) and the stall is off.
      const seen = this.pokes;
      setImmediate(() => {
        if (this.timer !== timer || this.pokes !== seen) return;
        this.timer = undefined;
        this.onStall();
      });
    }, this.stallMs);
    this.timer = timer;
  }

  /** Data arrived: the countdown begins again (cheap: re-arms the same timer). */
  poke(): void {
    this.pokes++;
    if (this.timer !== undefined) this.timer.refresh();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }
}
