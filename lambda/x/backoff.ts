/**
 * When to reconnect to X's filtered stream, as X's "handling disconnections" guide prescribes. Pure:
 * it only counts attempts, so the schedule is testable without a clock.
 * - A drop of an established stream (server close, stall, `operational-disconnect`): reconnect at
 *   once; if drops keep coming without a healthy connection in between, back off linearly as for
 *   network errors, so a flapping server cannot burn the 50-connects-per-15-minutes limit.
 * - Network errors (no HTTP response): linear, +250 ms per attempt, capped at 16 s.
 * - HTTP errors worth retrying (5xx and the like): exponential from 5 s, capped at 320 s.
 * - 429 (rate limit, `TooManyConnections`): exponential from 60 s; capped at 15 minutes, X's rate
 *   window, since waiting longer than the window can no longer help.
 */

/** Why a connection ended, as reported in the reconnect metric. */
export type DisconnectCause =
  'drop' | 'stall' | 'operational-disconnect' | 'network' | 'http' | 'rate-limit' | 'too-many-connections';

export const DISCONNECT_CAUSES: readonly DisconnectCause[] = [
  'drop',
  'stall',
  'operational-disconnect',
  'network',
  'http',
  'rate-limit',
  'too-many-connections',
];

export interface BackoffSettings {
  readonly networkStepMs: number;
  readonly networkCapMs: number;
  readonly httpStartMs: number;
  readonly httpCapMs: number;
  readonly rateLimitStartMs: number;
  readonly rateLimitCapMs: number;
}

/** X's documented values. */
export const X_BACKOFF: BackoffSettings = {
  networkStepMs: 250,
  networkCapMs: 16_000,
  httpStartMs: 5_000,
  httpCapMs: 320_000,
  rateLimitStartMs: 60_000,
  rateLimitCapMs: 900_000,
};

type Track = 'drop' | 'network' | 'http' | 'rate';

function trackOf(cause: DisconnectCause): Track {
  switch (cause) {
    case 'drop':
    case 'stall':
    case 'operational-disconnect':
      return 'drop';
    case 'network':
      return 'network';
    case 'http':
      return 'http';
    case 'rate-limit':
    case 'too-many-connections':
      return 'rate';
  }
}

/** Attempt counters per kind of failure; each kind follows its own schedule. */
export class ReconnectPolicy {
  private readonly attempts: Record<Track, number> = { drop: 0, network: 0, http: 0, rate: 0 };

  constructor(private readonly s: BackoffSettings = X_BACKOFF) {}

  /** The wait before the next attempt after a connection ended for `cause` (counts the attempt). */
  next(cause: DisconnectCause): number {
    const track = trackOf(cause);
    const n = ++this.attempts[track];
    switch (track) {
      case 'drop':
        return n === 1 ? 0 : Math.min(this.s.networkStepMs * (n - 1), this.s.networkCapMs);
      case 'network':
        return Math.min(this.s.networkStepMs * n, this.s.networkCapMs);
      case 'http':
        return Math.min(this.s.httpStartMs * 2 ** (n - 1), this.s.httpCapMs);
      case 'rate':
        return Math.min(this.s.rateLimitStartMs * 2 ** (n - 1), this.s.rateLimitCapMs);
    }
  }

  /**
   * The server answered 200: the network and HTTP errors have cleared. Drops keep their count
   * until the connection proves healthy (see {@link healthy}).
   */
  connected(): void {
    this.attempts.network = 0;
    this.attempts.http = 0;
    this.attempts.rate = 0;
  }

  /** The connection stayed up long enough to count as healthy: every schedule starts over. */
  healthy(): void {
    this.connected();
    this.attempts.drop = 0;
  }
}
