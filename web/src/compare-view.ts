/**
 * Compare two users: two handle pickers, then grouped bars of the words both used most, one bar
 * per user (blue and orange from the Okabe–Ito set, told apart with any colour vision, and
 * labelled in the legend). Asks the API only when the person asks (it reads the raw archive).
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import type { CompareResponse } from '../../lambda/core/api/contract';

export const USER_COLOURS = ['#0072b2', '#e69f00'] as const;
const WORDS = 12;
const GROUP_HEIGHT = 30;
const LABEL_WIDTH = 110;

type Shared = CompareResponse['shared'][number];

export class CompareView {
  private readonly form: HTMLFormElement;
  private readonly inputs: [HTMLInputElement, HTMLInputElement];
  private readonly caption: Selection<HTMLParagraphElement, unknown, null, undefined>;
  private readonly legend: Selection<HTMLParagraphElement, unknown, null, undefined>;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private last: CompareResponse | undefined;

  constructor(
    private readonly container: HTMLElement,
    ask: (users: readonly [string, string]) => Promise<CompareResponse>,
  ) {
    this.form = document.createElement('form');
    this.form.className = 'compare-form';
    this.form.noValidate = true;
    const field = (n: number): HTMLInputElement => {
      const label = document.createElement('label');
      label.textContent = `User ${n} `;
      const input = document.createElement('input');
      input.name = `user${n}`;
      input.placeholder = '@handle';
      input.autocomplete = 'off';
      input.spellcheck = false;
      label.append(input);
      this.form.append(label);
      return input;
    };
    this.inputs = [field(1), field(2)];
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.textContent = 'Compare';
    this.form.append(submit);
    container.append(this.form);
    const root = select(container);
    this.caption = root
      .append('p')
      .attr('class', 'view-caption')
      .attr('aria-live', 'polite')
      .text('Pick two accounts to see the words both used most.');
    this.legend = root.append('p').attr('class', 'compare-legend');
    this.svg = root
      .append('svg')
      .attr('class', 'bar-chart')
      .attr('role', 'img')
      .attr('aria-label', 'Compare two users');

    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const users = [this.inputs[0].value, this.inputs[1].value].map((u) => u.trim().replace(/^@/, ''));
      if (users.some((u) => u === '')) {
        this.caption.text('Give two handles, e.g. alice and bob.');
        return;
      }
      this.caption.text(`Comparing @${users[0]} and @${users[1]}…`);
      ask([users[0], users[1]]).then(
        (answer) => this.show(answer),
        (error: unknown) => this.caption.text(error instanceof Error ? error.message : String(error)),
      );
    });
  }

  /** Fills the pickers (e.g. from the URL) and compares. */
  pick(users: readonly [string, string]): void {
    this.inputs[0].value = users[0];
    this.inputs[1].value = users[1];
    this.form.requestSubmit();
  }

  private show(answer: CompareResponse): void {
    this.last = answer;
    const [a, b] = answer.users;
    const shared = answer.shared.slice(0, WORDS);
    this.caption.text(
      shared.length === 0
        ? `@${a.user} (${a.posts} posts) and @${b.user} (${b.posts} posts) used no word in common.`
        : `The ${shared.length} words @${a.user} (${a.posts} posts) and @${b.user} (${b.posts} posts) both used most.`,
    );
    this.legend.selectAll('*').remove();
    answer.users.forEach((u, i) => {
      const key = this.legend.append('span').attr('class', 'legend-key');
      key
        .append('span')
        .attr('class', 'swatch')
        .attr('aria-hidden', 'true')
        .style('background-color', USER_COLOURS[i]);
      key.append('span').text(`@${u.user}`);
    });
    const width = Math.max(280, this.container.clientWidth);
    const height = Math.max(1, shared.length) * GROUP_HEIGHT + 4;
    const y = scaleBand<string>()
      .domain(shared.map((s) => s.word))
      .range([0, shared.length * GROUP_HEIGHT])
      .paddingInner(0.2);
    const x = scaleLinear()
      .domain([0, Math.max(1, ...shared.flatMap((s) => s.counts))])
      .range([0, width - LABEL_WIDTH - 40]);
    this.svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    this.svg.attr(
      'aria-label',
      `Words both used: ${shared.map((s) => `${s.word} ${s.counts[0]} and ${s.counts[1]}`).join(', ') || 'none'}`,
    );
    const groups = this.svg
      .selectAll<SVGGElement, Shared>('g.word')
      .data(shared, (s) => s.word)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'word');
        g.append('text')
          .attr('class', 'word-name')
          .attr('x', LABEL_WIDTH - 6)
          .attr('text-anchor', 'end');
        for (const i of [0, 1]) {
          g.append('rect')
            .attr('class', `user-bar u${i}`)
            .attr('x', LABEL_WIDTH)
            .attr('fill', USER_COLOURS[i]);
          g.append('text').attr('class', `user-count u${i}`);
        }
        return g;
      })
      .attr('transform', (s) => `translate(0,${y(s.word) ?? 0})`);
    const bar = y.bandwidth() / 2;
    groups
      .select('text.word-name')
      .attr('y', bar + 4)
      .text((s) => s.word);
    for (const i of [0, 1]) {
      groups
        .select(`rect.u${i}`)
        .attr('y', i * bar)
        .attr('height', bar - 1)
        .attr('width', (s) => Math.max(1, x(s.counts[i])));
      groups
        .select(`text.user-count.u${i}`)
        .attr('x', (s) => LABEL_WIDTH + Math.max(1, x(s.counts[i])) + 3)
        .attr('y', i * bar + bar - 3)
        .text((s) => s.counts[i]);
    }
  }

  svgs(): SVGSVGElement[] {
    const node = this.svg.node();
    return node === null ? [] : [node];
  }

  csv(): (string | number)[][] {
    const users = this.last?.users.map((u) => u.user) ?? ['user1', 'user2'];
    return [['word', ...users], ...(this.last?.shared ?? []).map((s) => [s.word, s.counts[0], s.counts[1]])];
  }
}
