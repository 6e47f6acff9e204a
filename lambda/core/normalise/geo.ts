import type { GeoPoint } from '../tweet';
import { pointProblem } from './checks';
import { arrayOf, objectOf } from './json-value';

/**
 * Reads a GeoJSON Point (`{type: "Point", coordinates: [lon, lat]}`, the order X uses in v1.1
 * `coordinates` and v2 `geo.coordinates`): undefined when absent or null, a reason when malformed.
 */
export function geoJsonPoint(value: unknown, field: string): GeoPoint | string | undefined {
  if (value === undefined || value === null) return undefined;
  const point = objectOf(value);
  if (!point || point.type !== 'Point') return `${field} is not a GeoJSON Point`;
  const pair = arrayOf(point.coordinates);
  const lon = pair[0];
  const lat = pair[1];
  if (pair.length !== 2 || typeof lon !== 'number' || typeof lat !== 'number') {
    return `${field}.coordinates is not a [lon, lat] pair of numbers`;
  }
  return pointProblem(lon, lat, `${field}.coordinates`) ?? { lon, lat };
}
