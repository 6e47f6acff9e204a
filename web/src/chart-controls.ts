/**
 * The seismograph's controls: the step (5 s, 1 min, 5 min: those that are whole base buckets), and
 * per candidate a checkbox to show it and buttons to move it up or down. Plain form controls, so
 * they work from the keyboard and read well to screen readers.
 */
import type { CandidateView } from './candidate-view';
import { STEP_CHOICES } from './time-window';

export interface ChartChoice {
  readonly stepMs: number;
  readonly order: readonly string[];
  readonly visible: ReadonlySet<string>;
}

export class ChartControls {
  private stepMs: number;
  private order: string[];
  private readonly visible: Set<string>;
  private readonly list: HTMLOListElement;

  constructor(
    container: HTMLElement,
    private readonly candidates: readonly CandidateView[],
    bucketMs: number,
    private readonly onChange: (choice: ChartChoice) => void,
  ) {
    const steps = STEP_CHOICES.filter((s) => s.ms >= bucketMs && s.ms % bucketMs === 0);
    this.stepMs = steps[0]?.ms ?? bucketMs;
    this.order = candidates.map((c) => c.id);
    this.visible = new Set(this.order);

    const stepField = document.createElement('label');
    stepField.className = 'step-field';
    stepField.append('Step ');
    const select = document.createElement('select');
    select.id = 'step';
    for (const s of steps.length > 0 ? steps : [{ label: `${bucketMs / 1000} s`, ms: bucketMs }]) {
      const option = document.createElement('option');
      option.value = String(s.ms);
      option.textContent = s.label;
      select.append(option);
    }
    select.addEventListener('change', () => {
      this.stepMs = Number(select.value);
      this.changed();
    });
    stepField.append(select);

    const details = document.createElement('details');
    details.className = 'candidates-field';
    const summary = document.createElement('summary');
    summary.textContent = 'Candidates: show, hide, reorder';
    this.list = document.createElement('ol');
    this.list.className = 'candidate-toggles';
    details.append(summary, this.list);
    container.append(stepField, details);
    this.renderList();
  }

  get choice(): ChartChoice {
    return { stepMs: this.stepMs, order: this.order, visible: this.visible };
  }

  private changed(): void {
    this.onChange(this.choice);
  }

  private move(id: string, by: number): void {
    const i = this.order.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= this.order.length) return;
    [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    this.renderList();
    // Keep the focus on the same button of the moved candidate, so it can be moved on.
    this.list
      .querySelector<HTMLButtonElement>(`li[data-candidate="${id}"] button.${by < 0 ? 'up' : 'down'}`)
      ?.focus();
    this.changed();
  }

  private renderList(): void {
    this.list.replaceChildren();
    this.order.forEach((id, i) => {
      const c = this.candidates.find((x) => x.id === id);
      if (c === undefined) return;
      const li = document.createElement('li');
      li.dataset.candidate = id;
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = this.visible.has(id);
      box.addEventListener('change', () => {
        if (box.checked) this.visible.add(id);
        else this.visible.delete(id);
        this.changed();
      });
      label.append(box, ` ${c.name}`);
      const up = button('up', '↑', `Move ${c.name} up`, i === 0, () => this.move(id, -1));
      const down = button('down', '↓', `Move ${c.name} down`, i === this.order.length - 1, () =>
        this.move(id, 1),
      );
      li.append(label, up, down);
      this.list.append(li);
    });
  }
}

function button(
  kind: string,
  text: string,
  label: string,
  disabled: boolean,
  run: () => void,
): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = kind;
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.disabled = disabled;
  b.addEventListener('click', run);
  return b;
}
