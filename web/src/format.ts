/** How numbers and times read on the page. Pure (no DOM). */

/** Wall-clock time in the viewer's own time zone and locale, to the second. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A score's size without its sign (a spread, say): three decimals, one from 10 up. */
export function formatMagnitude(value: number): string {
  const size = Math.abs(value);
  return size.toFixed(size >= 10 ? 1 : 3);
}

/** A score with an explicit sign, so "+0.120" and "−0.120" differ at a glance. */
export function formatScore(score: number): string {
  const text = formatMagnitude(score);
  if (Number(text) === 0) return text;
  return `${score < 0 ? '\u2212' : '+'}${text}`;
}

/** A duration for people: "850 ms", "4.2 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const min = Math.floor(s / 60);
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}
