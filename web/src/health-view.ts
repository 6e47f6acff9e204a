/**
 * The Health view: the status line (newest post, processing lag — the one lag trendoff reports,
 * as /health and the terminal give it —, how long since the processor last wrote), a banner when
 * the pipeline is stalled or the API unreachable, and calm words with what to do when there is no
 * data yet or the URL names a debate that does not exist.
 */
import type { DebatesResponse } from '../../lambda/core/api/contract';
import { StatusLine, type Freshness } from './status-line';

export interface HealthElements {
  readonly status: HTMLElement;
  readonly announcer: HTMLElement;
  readonly banner: HTMLElement;
  readonly empty: HTMLElement;
  /** The views, hidden while there is nothing to show in them. */
  readonly views: HTMLElement;
}

export class HealthView {
  private readonly status: StatusLine;

  constructor(private readonly el: HealthElements) {
    this.status = new StatusLine(el.status, el.announcer);
  }

  loading(message: string): void {
    this.status.loading(message);
  }

  /** A good poll: freshness, the stalled banner if any, and the calm note of a debate without posts. */
  live(f: Freshness, stalled: string | undefined, waitingFor: string | undefined): void {
    this.status.ok(f);
    this.banner(stalled, 'stalled');
    this.empty(
      waitingFor === undefined
        ? undefined
        : [
            `No posts about ${waitingFor} yet.`,
            'The pipeline is up; the charts fill in by themselves as soon as the first posts are processed.',
          ],
    );
    this.el.views.hidden = false;
  }

  unreachable(message: string, retryMs: number): void {
    this.status.error(message, retryMs);
    this.banner(`API unreachable: ${message}. The views keep the last data; retrying.`, 'unreachable');
  }

  /** The API answers but knows no debate: a healthy, empty pipeline. */
  noDebates(): void {
    this.status.loading('Connected: no debate yet');
    this.banner(undefined, '');
    this.empty([
      'No debate has data yet.',
      'The API is up and waiting. Start a source (for example "trendoff local" with a replay or the synthetic generator, or the producer in the cloud); this page picks the debate up by itself.',
    ]);
    this.el.views.hidden = true;
  }

  /** `?debate=` names no debate: say so and list those that exist. */
  unknownDebate(asked: string, debates: DebatesResponse['debates']): void {
    this.status.loading('Connected');
    this.banner(undefined, '');
    this.empty([`There is no debate "${asked}". Pick one of these:`], debates);
    this.el.views.hidden = true;
  }

  private banner(text: string | undefined, kind: string): void {
    const b = this.el.banner;
    if (text === undefined) {
      b.hidden = true;
      delete b.dataset.kind;
      return;
    }
    b.dataset.kind = kind;
    if (b.textContent !== text) b.textContent = text;
    b.hidden = false;
  }

  private empty(lines: readonly string[] | undefined, debates?: DebatesResponse['debates']): void {
    const box = this.el.empty;
    if (lines === undefined) {
      box.hidden = true;
      return;
    }
    const key = JSON.stringify([lines, debates?.map((d) => d.id)]);
    if (box.dataset.key !== key) {
      box.dataset.key = key;
      box.replaceChildren(
        ...lines.map((line) => {
          const p = document.createElement('p');
          p.textContent = line;
          return p;
        }),
      );
      if (debates !== undefined) {
        const list = document.createElement('ul');
        list.className = 'debate-list';
        for (const d of debates) {
          const li = document.createElement('li');
          const a = document.createElement('a');
          const url = new URL(location.href);
          url.searchParams.set('debate', d.id);
          a.href = url.href;
          a.textContent = `${d.title} (${d.id})`;
          li.append(a);
          list.append(li);
        }
        box.append(list);
      }
    }
    box.hidden = false;
  }
}
