/**
 * On a phone the views are tabs: one view at a time under a row of buttons, instead of every chart
 * stacked into a page thousands of pixels long. On a wide screen every view shows and the buttons
 * are hidden (CSS decides by width; this only keeps which view is chosen).
 */

export function setUpViewTabs(nav: HTMLElement, main: HTMLElement): void {
  const views = Array.from(main.querySelectorAll<HTMLElement>('section.view'));
  const buttons = views.map((view) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = shortName(view.getAttribute('aria-label') ?? view.id);
    b.setAttribute('aria-controls', view.id);
    b.dataset.view = view.dataset.view ?? '';
    b.addEventListener('click', () => choose(view.dataset.view ?? ''));
    nav.append(b);
    return b;
  });
  const choose = (name: string): void => {
    main.dataset.view = name;
    for (const b of buttons) b.setAttribute('aria-current', String(b.dataset.view === name));
    for (const v of views) v.classList.toggle('chosen', v.dataset.view === name);
  };
  choose(main.dataset.view ?? views[0]?.dataset.view ?? '');
}

/** Tab labels short enough for a phone's width. */
function shortName(label: string): string {
  const short: Record<string, string> = {
    'Most positive and most negative posts': 'Posts',
    'Trending hashtags': 'Hashtags',
    'Compare two users': 'Compare',
  };
  return short[label] ?? label;
}
