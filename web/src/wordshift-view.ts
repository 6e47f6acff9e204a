/**
 * Word shift — why did it move? For one candidate, the words that pushed the mean up or down most
 * between a reference window and the window shown, in the manner of the Hedonometer: a bar per
 * word, its length the word's share of the shift (right: pushed up, left: pushed down); orange for
 * words above the reference mean, blue for words below it; ↑ used more, ↓ used less. Four summary
 * bars above give the total of each kind.
 */
import { scaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import type { ShiftWord, WordShiftResponse } from '../../lambda/core/api/contract';
import type { CandidateView } from './candidate-view';
import { formatClock, formatScore } from './format';

/** Okabe–Ito orange and blue: told apart with any colour vision. */
const POSITIVE = '#e69f00';
const NEGATIVE = '#0072b2';
const BAR = 20;
const WORDS = 15;
const KINDS: readonly { key: keyof WordShiftResponse['kinds']; label: string }[] = [
  { key: 'pos-up', label: '+↑ positive words used more' },
  { key: 'neg-down', label: '−↓ negative words used less' },
  { key: 'pos-down', label: '+↓ positive words used less' },
  { key: 'neg-up', label: '−↑ negative words used more' },
];

export interface ShiftChoice {
  readonly candidate: string;
  readonly reference: 'previous' | 'sofar';
  readonly windowMs: number;
}

export class WordShiftView {
  private readonly caption: Selection<HTMLParagraphElement, unknown, null, undefined>;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private choiceNow: ShiftChoice;
  private last: WordShiftResponse | undefined;

  constructor(
    private readonly container: HTMLElement,
    candidates: readonly CandidateView[],
    onChange: () => void,
  ) {
    this.choiceNow = { candidate: candidates[0]?.id ?? '', reference: 'previous', windowMs: 60_000 };
    const form = document.createElement('div');
    form.className = 'shift-controls';
    const pick = (
      label: string,
      options: readonly (readonly [string, string])[],
      set: (v: string) => void,
    ): void => {
      const l = document.createElement('label');
      l.textContent = `${label} `;
      const s = document.createElement('select');
      for (const [value, text] of options) {
        const o = document.createElement('option');
        o.value = value;
        o.textContent = text;
        s.append(o);
      }
      s.addEventListener('change', () => {
        set(s.value);
        onChange();
      });
      l.append(s);
      form.append(l);
    };
    pick(
      'Candidate',
      candidates.map((c) => [c.id, c.name] as const),
      (v) => (this.choiceNow = { ...this.choiceNow, candidate: v }),
    );
    pick(
      'Window',
      [
        ['60000', 'last minute'],
        ['300000', 'last 5 minutes'],
      ],
      (v) => (this.choiceNow = { ...this.choiceNow, windowMs: Number(v) }),
    );
    pick(
      'Against',
      [
        ['previous', 'the window before'],
        ['sofar', 'the debate so far'],
      ],
      (v) => (this.choiceNow = { ...this.choiceNow, reference: v === 'sofar' ? 'sofar' : 'previous' }),
    );
    container.append(form);
    const root = select(container);
    this.caption = root.append('p').attr('class', 'view-caption').text('waiting for data');
    this.svg = root
      .append('svg')
      .attr('class', 'shift-chart')
      .attr('role', 'img')
      .attr('aria-label', 'Word shift');
    const legend = root.append('p').attr('class', 'shift-legend');
    legend
      .append('span')
      .attr('class', 'swatch')
      .attr('aria-hidden', 'true')
      .style('background-color', POSITIVE);
    legend.append('span').text('word above the reference mean ');
    legend
      .append('span')
      .attr('class', 'swatch')
      .attr('aria-hidden', 'true')
      .style('background-color', NEGATIVE);
    legend.append('span').text('word below it · ↑ used more, ↓ used less · right: pushed the mean up');
  }

  get choice(): ShiftChoice {
    return this.choiceNow;
  }

  /** Shows that the shift could not be had (the rest of the page goes on). */
  failed(message: string): void {
    this.caption.text(`Word shift unavailable: ${message}`);
  }

  update(answer: WordShiftResponse, candidateName: string): void {
    this.last = answer;
    const words = answer.words.slice(0, WORDS);
    const from = Date.parse(answer.from);
    const to = Date.parse(answer.to);
    const means = answer.scoreMeans;
    const moved =
      means.reference === null || means.comparison === null
        ? ''
        : ` Mean score ${formatScore(means.reference)} → ${formatScore(means.comparison)}.`;
    this.caption.text(
      words.length === 0 || answer.shift === null
        ? `Not enough rated words about ${candidateName} between ${formatClock(from)} and ${formatClock(to)} to explain a move.`
        : `${candidateName}, ${formatClock(from)}–${formatClock(to)} against ${
            answer.reference.kind === 'previous' ? 'the window before' : 'the debate so far'
          }: rated-word mean ${formatScore(answer.means.reference ?? 0)} → ${formatScore(
            answer.means.comparison ?? 0,
          )} (${answer.lexicon} valences).${moved}`,
    );

    const width = Math.max(300, this.container.clientWidth);
    const kindsHeight = KINDS.length * BAR + 10;
    const height = kindsHeight + Math.max(1, words.length) * BAR + 6;
    const centre = width / 2;
    const reach = Math.max(
      1e-9,
      ...words.map((w) => Math.abs(w.contribution)),
      ...KINDS.map((k) => Math.abs(answer.kinds[k.key])),
    );
    const x = scaleLinear()
      .domain([-reach, reach])
      .range([24, width - 24]);
    this.svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    this.svg.attr(
      'aria-label',
      `Word shift: ${
        words.map((w) => `${w.word} ${w.contribution >= 0 ? 'up' : 'down'} (${kindText(w)})`).join(', ') ||
        'no words'
      }`,
    );

    const kinds = this.svg
      .selectAll<SVGGElement, (typeof KINDS)[number]>('g.kind')
      .data(KINDS, (k) => k.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'kind');
        g.append('rect');
        g.append('text');
        return g;
      })
      .attr('transform', (_, i) => `translate(0,${i * BAR})`);
    kinds
      .select('rect')
      .attr('x', (k) => Math.min(centre, x(answer.kinds[k.key])))
      .attr('width', (k) => Math.abs(x(answer.kinds[k.key]) - centre))
      .attr('y', 3)
      .attr('height', BAR - 6)
      .attr('fill', (k) => (k.key.startsWith('pos') ? POSITIVE : NEGATIVE));
    kinds
      .select('text')
      .attr('x', (k) => (answer.kinds[k.key] >= 0 ? centre - 4 : centre + 4))
      .attr('text-anchor', (k) => (answer.kinds[k.key] >= 0 ? 'end' : 'start'))
      .attr('y', BAR / 2 + 4)
      .text((k) => k.label);

    const rows = this.svg
      .selectAll<SVGGElement, ShiftWord>('g.shift-word')
      .data(words, (w) => w.word)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'shift-word');
        g.append('rect');
        g.append('text');
        return g;
      })
      .attr('transform', (_, i) => `translate(0,${kindsHeight + i * BAR})`);
    rows
      .select('rect')
      .attr('x', (w) => Math.min(centre, x(w.contribution)))
      .attr('width', (w) => Math.max(1, Math.abs(x(w.contribution) - centre)))
      .attr('y', 2)
      .attr('height', BAR - 4)
      .attr('fill', (w) => (w.kind.startsWith('pos') ? POSITIVE : NEGATIVE));
    rows
      .select('text')
      .attr('x', (w) => (w.contribution >= 0 ? centre - 4 : centre + 4))
      .attr('text-anchor', (w) => (w.contribution >= 0 ? 'end' : 'start'))
      .attr('y', BAR / 2 + 4)
      .text((w) => `${w.word} ${w.kind.endsWith('up') ? '↑' : '↓'}`);
    this.svg
      .selectAll('line.centre')
      .data([0])
      .join('line')
      .attr('class', 'centre')
      .attr('x1', centre)
      .attr('x2', centre)
      .attr('y1', 0)
      .attr('y2', height);
  }

  svgs(): SVGSVGElement[] {
    const node = this.svg.node();
    return node === null ? [] : [node];
  }

  csv(): (string | number | null)[][] {
    return [
      ['word', 'kind', 'valence', 'reference count', 'comparison count', 'contribution', 'share'],
      ...(this.last?.words ?? []).map((w) => [
        w.word,
        w.kind,
        w.valence,
        w.referenceCount,
        w.comparisonCount,
        w.contribution,
        w.share,
      ]),
    ];
  }
}

function kindText(w: ShiftWord): string {
  const valence = w.kind.startsWith('pos') ? 'positive word' : 'negative word';
  return `${valence} used ${w.kind.endsWith('up') ? 'more' : 'less'}`;
}
