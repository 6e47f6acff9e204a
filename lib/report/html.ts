/** Small helpers for writing HTML and SVG as text: escaping and number and time formats. */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute (post texts come from strangers). */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A number with `digits` decimals and its sign: +0.123, −0.045 (a true minus sign). */
export function signed(x: number, digits = 3): string {
  const s = Math.abs(x).toFixed(digits);
  if (Number(s) === 0) return (0).toFixed(digits);
  return (x < 0 ? '−' : '+') + s;
}

/** A number with `digits` decimals, or an en dash for none. */
export function fixed(x: number | null, digits = 3): string {
  if (x === null) return '–';
  return x < 0 ? `−${Math.abs(x).toFixed(digits)}` : x.toFixed(digits);
}

/** Whole numbers with thin grouping: 12 345. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** `HH:MM` in UTC. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** `2015-09-17 01:05 UTC`. */
export function instant(ms: number): string {
  const s = new Date(ms).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

/** `01:05–01:10 UTC`. */
export function span(from: number, to: number): string {
  return `${clock(from)}–${clock(to)} UTC`;
}

/** A coordinate for SVG: at most one decimal. */
export function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}
