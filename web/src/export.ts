/**
 * Export buttons for a chart: its picture as SVG or PNG and its data as CSV, made in the browser
 * from what is on screen (nothing is sent anywhere). A chart drawn as several SVGs (the
 * seismograph's rows) is stacked into one picture; the page's CSS is copied onto the elements
 * (a saved SVG has no style sheet) as presentation attributes, so the file looks as the chart does.
 */

/** What a view gives to be exported; either part may be absent. */
export interface Exportable {
  /** File name without extension, e.g. `seismograph`. */
  readonly name: string;
  /** The SVGs of the chart, top to bottom. */
  readonly svgs?: () => SVGSVGElement[];
  /** Rows of data, the first the header. */
  readonly rows?: () => (string | number | null)[][];
}

/** Presentation properties worth copying onto a saved SVG. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'display',
];

/** Adds SVG, PNG and CSV buttons (as the view allows) into `tools`. */
export function addExportButtons(tools: HTMLElement, what: Exportable, label: string): void {
  const add = (format: string, run: () => void): void => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'export';
    b.textContent = format;
    b.setAttribute('aria-label', `Export ${label} as ${format}`);
    b.addEventListener('click', run);
    tools.append(b);
  };
  if (what.svgs !== undefined) {
    const svgs = what.svgs;
    add('SVG', () => download(`${what.name}.svg`, svgDataUrl(stackSvgs(svgs()))));
    add('PNG', () => void pngDataUrl(stackSvgs(svgs())).then((url) => download(`${what.name}.png`, url)));
  }
  if (what.rows !== undefined) {
    const rows = what.rows;
    add('CSV', () =>
      download(`${what.name}.csv`, `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(rows()))}`),
    );
  }
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  const field = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

interface Stacked {
  readonly markup: string;
  readonly width: number;
  readonly height: number;
}

/** One SVG holding copies of `svgs`, one under another, with their computed styles inlined. */
function stackSvgs(svgs: readonly SVGSVGElement[]): Stacked {
  const ns = 'http://www.w3.org/2000/svg';
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  let y = 0;
  let width = 0;
  const visible = svgs.filter((s) => s.getBoundingClientRect().height > 0);
  for (const svg of visible) {
    const box = svg.getBoundingClientRect();
    const copy = svg.cloneNode(true) as SVGSVGElement;
    inlineStyles(svg, copy);
    const g = document.createElementNS(ns, 'g');
    g.setAttribute('transform', `translate(0,${y})`);
    g.append(...Array.from(copy.childNodes));
    out.append(g);
    y += box.height;
    width = Math.max(width, box.width);
  }
  width = Math.ceil(width);
  const height = Math.ceil(y);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  out.prepend(background);
  return { markup: new XMLSerializer().serializeToString(out), width, height };
}

/**
 * Copies the computed styles as SVG presentation attributes: a `style` attribute would be refused by
 * the page's Content-Security-Policy (no inline styles), attributes are not.
 */
function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  for (const p of STYLE_PROPS) {
    const value = computed.getPropertyValue(p);
    if (value !== '') target.setAttribute(p, value);
  }
  const from = source.children;
  const to = target.children;
  for (let i = 0; i < from.length && i < to.length; i++) inlineStyles(from[i], to[i]);
}

function svgDataUrl(s: Stacked): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(s.markup)}`;
}

/** The picture at twice its size, for sharp slides. */
async function pngDataUrl(s: Stacked): Promise<string> {
  const image = new Image();
  image.src = svgDataUrl(s);
  await image.decode();
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = s.width * scale;
  canvas.height = s.height * scale;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('this browser cannot draw a PNG');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0);
  return canvas.toDataURL('image/png');
}

function download(fileName: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}
