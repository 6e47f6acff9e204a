/** Trending hashtags: a bar per hashtag of the sliding window, longest first, redrawn in place. */
import { scaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import type { HashtagsResponse } from '../../lambda/core/api/contract';
import { formatClock, formatDuration } from './format';

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 150;
/** Hashtags drawn: the top ten. */
const SHOWN = 10;

export class HashtagsView {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly caption: Selection<HTMLParagraphElement, unknown, null, undefined>;
  private last: HashtagsResponse | undefined;

  constructor(private readonly container: HTMLElement) {
    const root = select(container);
    this.caption = root.append('p').attr('class', 'view-caption').text('waiting for data');
    this.svg = root
      .append('svg')
      .attr('class', 'bar-chart')
      .attr('role', 'img')
      .attr('aria-label', 'Trending hashtags');
  }

  update(answer: HashtagsResponse): void {
    this.last = answer;
    const tags = answer.hashtags.slice(0, SHOWN);
    const width = Math.max(280, this.container.clientWidth);
    const height = Math.max(1, tags.length) * BAR_HEIGHT + 4;
    const end = Date.parse(answer.at);
    this.caption.text(
      tags.length === 0
        ? `No hashtags in the ${formatDuration(answer.windowMs)} before ${formatClock(end)}.`
        : `Top ${tags.length} in the ${formatDuration(answer.windowMs)} before ${formatClock(end)}.`,
    );
    const x = scaleLinear()
      .domain([0, Math.max(1, ...tags.map((t) => t.count))])
      .range([0, width - LABEL_WIDTH - 48]);
    this.svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    this.svg.attr(
      'aria-label',
      `Trending hashtags: ${tags.map((t) => `#${t.tag} ${t.count} posts`).join(', ') || 'none'}`,
    );
    const rows = this.svg
      .selectAll<SVGGElement, HashtagsResponse['hashtags'][number]>('g.tag')
      .data(tags, (t) => t.tag)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'tag');
        g.append('text')
          .attr('class', 'tag-name')
          .attr('x', LABEL_WIDTH - 6)
          .attr('text-anchor', 'end');
        g.append('rect').attr('class', 'tag-bar').attr('x', LABEL_WIDTH);
        g.append('text').attr('class', 'tag-count');
        return g;
      })
      .attr('transform', (_, i) => `translate(0,${i * BAR_HEIGHT})`);
    rows
      .select('text.tag-name')
      .attr('y', BAR_HEIGHT / 2 + 4)
      .text((t) => `#${t.tag}`);
    rows
      .select('rect.tag-bar')
      .attr('y', 3)
      .attr('height', BAR_HEIGHT - 6)
      .attr('width', (t) => Math.max(1, x(t.count)));
    rows
      .select('text.tag-count')
      .attr('x', (t) => LABEL_WIDTH + Math.max(1, x(t.count)) + 4)
      .attr('y', BAR_HEIGHT / 2 + 4)
      .text((t) => t.count);
  }

  svgs(): SVGSVGElement[] {
    const node = this.svg.node();
    return node === null ? [] : [node];
  }

  csv(): (string | number)[][] {
    return [['hashtag', 'posts'], ...(this.last?.hashtags ?? []).map((t) => [t.tag, t.count])];
  }
}
