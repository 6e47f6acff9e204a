/**
 * Geotagged posts as pings on a world map, coloured by score on a diverging purple–orange scale
 * (readable with the common colour-vision deficiencies), fading with age over the window. The
 * basemap (Natural Earth countries at 1:110m, from world-atlas) is bundled with the page.
 */
import { geoEqualEarth, geoPath } from 'd3-geo';
import { scaleDiverging } from 'd3-scale';
import { interpolatePuOr } from 'd3-scale-chromatic';
import { select, type Selection } from 'd3-selection';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-110m.json';
import type { GeoPost, GeoResponse } from '../../lambda/core/api/contract';
import { formatClock, formatScore } from './format';
import { scoreScale } from './score-scale';

const LAND = (() => {
  const topology = countries as unknown as Topology;
  return feature(topology, topology.objects.countries);
})();

/** Faded pings keep this much opacity, so the oldest are still seen. */
const MIN_OPACITY = 0.2;

export class MapView {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly caption: Selection<HTMLParagraphElement, unknown, null, undefined>;
  private last: GeoResponse | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly scorer: string,
  ) {
    const root = select(container);
    this.caption = root.append('p').attr('class', 'view-caption').text('waiting for data');
    this.svg = root.append('svg').attr('class', 'map').attr('role', 'img').attr('aria-label', 'Map');
    this.svg.append('path').attr('class', 'land');
    this.svg.append('g').attr('class', 'pings');
    const legend = root.append('p').attr('class', 'map-legend');
    legend.append('span').attr('class', 'key negative').text('negative');
    legend.append('span').attr('class', 'key-ramp').attr('aria-hidden', 'true');
    legend.append('span').attr('class', 'key positive').text('positive');
  }

  update(answer: GeoResponse): void {
    this.last = answer;
    const width = Math.max(280, this.container.clientWidth);
    const height = Math.round(width * 0.5);
    const projection = geoEqualEarth().fitSize([width, height], LAND);
    const path = geoPath(projection);
    const score = scoreScale(
      this.scorer,
      answer.posts.map((p) => ({ mean: p.score, sd: 0 })),
    );
    const colour = scaleDiverging(interpolatePuOr).domain([score.domain[0], score.neutral, score.domain[1]]);
    const from = Date.parse(answer.from);
    const to = Date.parse(answer.to);
    const age = (p: GeoPost): number => (to - Date.parse(p.t)) / Math.max(1, to - from);

    this.svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    this.svg.select('path.land').attr('d', path(LAND) ?? '');
    this.svg
      .select<SVGGElement>('g.pings')
      .selectAll<SVGCircleElement, GeoPost>('circle')
      .data(answer.posts, (p) => p.id)
      .join('circle')
      .attr('class', 'ping')
      .attr('r', 4)
      .attr('cx', (p) => projection([p.lon, p.lat])?.[0] ?? -10)
      .attr('cy', (p) => projection([p.lon, p.lat])?.[1] ?? -10)
      .attr('fill', (p) => colour(p.score))
      .attr('fill-opacity', (p) => Math.max(MIN_OPACITY, 1 - age(p)));
    const n = answer.posts.length;
    const mean = n === 0 ? 0 : answer.posts.reduce((s, p) => s + p.score, 0) / n;
    const text =
      n === 0
        ? `No geotagged posts between ${formatClock(from)} and ${formatClock(to)}.`
        : `${n} geotagged post${n === 1 ? '' : 's'} between ${formatClock(from)} and ${formatClock(to)}, mean score ${formatScore(mean)}.`;
    this.caption.text(text);
    this.svg.attr('aria-label', `Map: ${text}`);
  }

  svgs(): SVGSVGElement[] {
    const node = this.svg.node();
    return node === null ? [] : [node];
  }

  csv(): (string | number)[][] {
    return [
      ['time', 'id', 'lon', 'lat', 'score', 'candidates'],
      ...(this.last?.posts ?? []).map((p) => [p.t, p.id, p.lon, p.lat, p.score, p.candidates.join(' ')]),
    ];
  }
}
