import { UsageError } from './command-args';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** "500ms", "5s", "1m", "10min", "1h" → milliseconds (a whole, positive number). */
export function parseDuration(command: string, option: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNITS[m[2]] : NaN;
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new UsageError(command, `--${option} must be a duration like 5s, 1m or 500ms, got "${text}"`);
  }
  return ms;
}
