/**
 * Time travel: a scrubber over the debate's span, minute by minute. "Live" follows the newest
 * posts; moving the scrubber (mouse, touch or arrow keys) pins every view to that minute until
 * "Live" is pressed again. A list of the debates the API knows opens another, past or present.
 */
import type { DebatesResponse } from '../../lambda/core/api/contract';
import { formatClock } from './format';

const MINUTE = 60_000;

export class TimeTravel {
  private readonly range: HTMLInputElement;
  private readonly live: HTMLButtonElement;
  private readonly shown: HTMLOutputElement;
  private first: number | null = null;
  private last: number | null = null;
  /** The pinned minute, or null when following the head. */
  private pinned: number | null = null;

  constructor(
    container: HTMLElement,
    debates: DebatesResponse['debates'],
    current: string,
    private readonly onChange: (head: number | null) => void,
  ) {
    const row = document.createElement('div');
    row.className = 'scrub-row';
    this.live = document.createElement('button');
    this.live.type = 'button';
    this.live.className = 'live';
    this.live.textContent = 'Live';
    this.live.setAttribute('aria-pressed', 'true');
    this.live.addEventListener('click', () => this.goLive());
    const label = document.createElement('label');
    label.className = 'scrub-label';
    label.htmlFor = 'scrubber';
    label.textContent = 'Minute shown';
    this.range = document.createElement('input');
    this.range.type = 'range';
    this.range.id = 'scrubber';
    this.range.min = '0';
    this.range.max = '0';
    this.range.step = '1';
    this.range.disabled = true;
    this.range.addEventListener('input', () => this.scrubbed());
    this.shown = document.createElement('output');
    this.shown.htmlFor.add('scrubber');
    this.shown.className = 'scrub-time';
    this.shown.textContent = 'live';
    row.append(this.live, label, this.range, this.shown);

    const pick = document.createElement('label');
    pick.className = 'debate-pick';
    pick.textContent = 'Debate ';
    const select = document.createElement('select');
    select.id = 'debate-select';
    for (const d of debates) {
      const option = document.createElement('option');
      option.value = d.id;
      option.textContent = `${d.title} (${new Date(d.start).toLocaleDateString()})`;
      option.selected = d.id === current;
      select.append(option);
    }
    select.addEventListener('change', () => {
      const url = new URL(location.href);
      url.searchParams.set('debate', select.value);
      location.assign(url.href);
    });
    pick.append(select);
    container.append(row, pick);
  }

  /** The debate's span of posts so far (null before the first). */
  setSpan(first: number | null, last: number | null): void {
    this.first = first;
    this.last = last;
    if (first === null || last === null) return;
    const minutes = Math.floor((last - first) / MINUTE);
    this.range.disabled = false;
    this.range.max = String(minutes);
    if (this.pinned === null) this.range.value = String(minutes);
    this.range.setAttribute('aria-valuetext', this.describe());
  }

  private scrubbed(): void {
    if (this.first === null || this.last === null) return;
    const at = this.first + Number(this.range.value) * MINUTE + MINUTE - 1;
    const atHead = Number(this.range.value) >= Number(this.range.max);
    this.pinned = atHead ? null : Math.min(this.last, at);
    this.live.setAttribute('aria-pressed', String(this.pinned === null));
    this.range.setAttribute('aria-valuetext', this.describe());
    this.shown.textContent = this.describe();
    this.onChange(this.pinned);
  }

  private goLive(): void {
    this.pinned = null;
    this.live.setAttribute('aria-pressed', 'true');
    this.range.value = this.range.max;
    this.shown.textContent = 'live';
    this.onChange(null);
  }

  private describe(): string {
    return this.pinned === null ? 'live' : `up to ${formatClock(this.pinned)}`;
  }
}
