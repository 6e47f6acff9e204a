/**
 * The most positive and most negative post per candidate in the current window, the words that
 * drove each score (the scorer's lexicon values, from the API) marked. Post text is untrusted: it
 * only ever reaches the page as text nodes (`textContent`, `createTextNode`), never as markup.
 */
import { select, type Selection } from 'd3-selection';
import type { ExtremePost, ExtremesResponse } from '../../lambda/core/api/contract';
import { isXPostUrl } from '../../lambda/core/api/post-link';
import type { CandidateView } from './candidate-view';
import { formatScore } from './format';

type Div = Selection<HTMLDivElement, unknown, null, undefined>;

interface Card {
  readonly positive: Div;
  readonly negative: Div;
}

export class ExtremesList {
  private readonly cards = new Map<string, Card>();
  private last: ExtremesResponse | undefined;

  constructor(container: HTMLElement, candidates: readonly CandidateView[]) {
    const list = select(container).append('ol').attr('class', 'extremes');
    for (const c of candidates) {
      const item = list.append('li').attr('class', 'extreme-card').attr('data-candidate', c.id);
      const heading = item.append('h3');
      heading
        .append('span')
        .attr('class', 'swatch')
        .attr('aria-hidden', 'true')
        .style('background-color', c.colour);
      heading.append('span').text(c.name);
      this.cards.set(c.id, {
        positive: buildSlot(item, 'positive', 'Most positive'),
        negative: buildSlot(item, 'negative', 'Most negative'),
      });
    }
  }

  /** Shows a new answer of the extremes endpoint; candidates it leaves out show "no posts". */
  update(response: ExtremesResponse): void {
    this.last = response;
    const byCandidate = new Map(response.extremes.map((e) => [e.candidate, e]));
    for (const [id, card] of this.cards) {
      const e = byCandidate.get(id);
      fillSlot(card.positive, e?.mostPositive ?? null);
      fillSlot(card.negative, e?.mostNegative ?? null);
    }
  }

  /** The posts shown, one line per candidate and kind. */
  csv(): (string | number)[][] {
    const out: (string | number)[][] = [['candidate', 'kind', 'score', 'id', 'url', 'text']];
    for (const e of this.last?.extremes ?? []) {
      for (const [kind, post] of [
        ['most positive', e.mostPositive],
        ['most negative', e.mostNegative],
      ] as const) {
        if (post === null) continue;
        out.push([e.candidate, kind, post.score, post.id, isXPostUrl(post.url) ? post.url : '', post.text]);
      }
    }
    return out;
  }
}

function buildSlot(
  item: Selection<HTMLLIElement, unknown, null, undefined>,
  kind: string,
  label: string,
): Div {
  const slot = item.append('div').attr('class', `extreme ${kind}`);
  const head = slot.append('p').attr('class', 'label');
  head.append('span').text(label);
  head.append('span').attr('class', 'score');
  slot.append('blockquote').attr('class', 'text').text('no posts in view');
  slot.append('a').attr('class', 'source').attr('target', '_blank').attr('rel', 'noopener noreferrer');
  return slot;
}

/**
 * The post's text with the words that drove its score marked (up or down, with the valence as a
 * tooltip), built from text nodes only.
 */
function showText(
  quote: Selection<HTMLQuoteElement, unknown, null, undefined>,
  post: ExtremePost | null,
): void {
  const node = quote.node();
  if (node === null) return;
  if (post === null) {
    node.textContent = 'no posts in view';
    return;
  }
  const parts: Node[] = [];
  let at = 0;
  for (const w of post.words) {
    if (w.start < at || w.end > post.text.length) continue;
    if (w.start > at) parts.push(document.createTextNode(post.text.slice(at, w.start)));
    const mark = document.createElement('mark');
    mark.className = w.valence > 0 ? 'up' : 'down';
    mark.title = `${w.valence > 0 ? '+' : '\u2212'}${Math.abs(w.valence)}`;
    mark.textContent = post.text.slice(w.start, w.end);
    parts.push(mark);
    at = w.end;
  }
  if (at < post.text.length) parts.push(document.createTextNode(post.text.slice(at)));
  node.replaceChildren(...parts);
}

function fillSlot(slot: Div, post: ExtremePost | null): void {
  slot.classed('empty', post === null);
  slot.select('.score').text(post === null ? '' : formatScore(post.score));
  showText(slot.select<HTMLQuoteElement>('.text'), post);
  // A generated post (url null) exists nowhere on X: saying so beats a link to "not found".
  const link = slot.select('a.source');
  if (post !== null && isXPostUrl(post.url)) link.attr('href', post.url).text('view on X');
  else link.attr('href', null).text(post?.url === null ? 'generated post, not on X' : '');
}
