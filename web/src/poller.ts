/**
 * Runs a task now and then again `intervalMs` after each run ends — never two at once, so a slow
 * API cannot pile up requests, and a failed run is simply retried on the next tick.
 */

export interface PollerOptions {
  readonly intervalMs: number;
  /** Called after each successful run. */
  readonly onSuccess?: () => void;
  /** Called after each failed run; polling goes on. */
  readonly onError?: (error: unknown) => void;
  /** When true at a tick, the run is skipped (e.g. while the tab is hidden). */
  readonly paused?: () => boolean;
}

export interface Poller {
  /** Runs at once instead of waiting for the next tick (no-op while a run is in flight). */
  poke(): void;
  stop(): void;
}

/** Starts polling immediately. */
export function startPoller(task: () => Promise<void>, options: PollerOptions): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let stopped = false;

  const schedule = (): void => {
    if (!stopped) timer = setTimeout(tick, options.intervalMs);
  };

  async function tick(): Promise<void> {
    timer = undefined;
    if (stopped || running) return;
    if (options.paused?.()) return schedule();
    running = true;
    try {
      await task();
      options.onSuccess?.();
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
      schedule();
    }
  }

  void tick();
  return {
    poke() {
      if (running || stopped) return;
      if (timer !== undefined) clearTimeout(timer);
      void tick();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
