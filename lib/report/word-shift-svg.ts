/**
 * A word-shift graph in the manner of the Hedonometer, as inline SVG: the four kinds' totals and
 * the shift on top, then one bar per word, its length the word's contribution. Words above the
 * reference mean are orange, below it blue (Okabe–Ito, colour-blind safe); more frequent solid, less
 * frequent pale; each word is labelled with its kind (+↑ +↓ −↑ −↓) so colour is never the only cue.
 */
import type { ShiftWord, WordShiftResponse } from '../../lambda/core/api/contract';
import { esc, px, signed } from './html';

const WIDTH = 460;
const ROW = 18;
const TOP = 8;
const MID = WIDTH / 2;
const HALF = WIDTH / 2 - 110;

export const KIND_SYMBOL: Readonly<Record<ShiftWord['kind'], string>> = {
  'pos-up': '+↑',
  'pos-down': '+↓',
  'neg-up': '−↑',
  'neg-down': '−↓',
};

const KIND_CLASS: Readonly<Record<ShiftWord['kind'], string>> = {
  'pos-up': 'pos up',
  'pos-down': 'pos down',
  'neg-up': 'neg up',
  'neg-down': 'neg down',
};

export function wordShiftSvg(shift: WordShiftResponse, label: string): string {
  const kinds = Object.entries(shift.kinds) as [ShiftWord['kind'], number][];
  const rows: { text: string; value: number; cls: string }[] = [
    ...kinds.map(([k, v]) => ({ text: `all ${KIND_SYMBOL[k]}`, value: v, cls: KIND_CLASS[k] })),
    { text: 'Σ shift', value: shift.shift ?? 0, cls: 'total' },
    ...shift.words.map((w) => ({
      text: `${w.word} ${KIND_SYMBOL[w.kind]}`,
      value: w.contribution,
      cls: KIND_CLASS[w.kind],
    })),
  ];
  const max = Math.max(1e-12, ...rows.map((r) => Math.abs(r.value)));
  const height = TOP + rows.length * ROW + 10;
  const parts = rows.map((r, i) => {
    const y = TOP + i * ROW + (i >= 5 ? 8 : 0);
    const w = (Math.abs(r.value) / max) * HALF;
    const left = r.value < 0;
    const x = left ? MID - w : MID;
    const tx = left ? MID - w - 4 : MID + w + 4;
    return (
      `<g class="shift-row ${r.cls}"><rect x="${px(x)}" y="${y + 2}" width="${px(Math.max(w, 0.5))}" height="${ROW - 4}"/>` +
      `<text x="${px(tx)}" y="${y + 13}" text-anchor="${left ? 'end' : 'start'}">${esc(r.text)}</text></g>`
    );
  });
  parts.push(`<line x1="${MID}" x2="${MID}" y1="${TOP}" y2="${height - 4}" class="axis"/>`);
  const desc =
    `Word shift for ${label}: mean word valence ${signed(shift.shift ?? 0)}; ` +
    shift.words
      .slice(0, 5)
      .map((w) => `${w.word} ${KIND_SYMBOL[w.kind]} ${signed(w.contribution, 4)}`)
      .join(', ');
  return (
    `<svg class="word-shift" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" ` +
    `aria-label="${esc(desc)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`
  );
}
