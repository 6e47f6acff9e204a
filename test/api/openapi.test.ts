import { createQueryApi, ROUTE_PARAMS } from '../../lambda/core/api/routes';
import { MemoryArchiveStore } from '../support/memory-store';
import {
  apiEvent,
  compileAllSchemas,
  documentedParameters,
  openapi,
  validBody,
  validResponse,
} from './api-helpers';
import { buildDebateFixture } from './debate-fixture';

describe('openapi/trendoff-api.json', () => {
  test('GIVEN the document WHEN every component schema is compiled in strict mode THEN all compile', () => {
    expect(openapi.openapi).toBe('3.1.0');
    expect(compileAllSchemas()).toEqual(Object.keys(openapi.components.schemas));
  });

  test('GIVEN the API routes WHEN compared with the document THEN the same paths, each with the query parameters the API takes', () => {
    expect(Object.keys(openapi.paths).sort()).toEqual(Object.keys(ROUTE_PARAMS).sort());
    for (const [route, params] of Object.entries(ROUTE_PARAMS)) {
      const documented = documentedParameters(route);
      const query = documented.filter((p) => p.in === 'query').map((p) => p.name);
      expect([route, [...query].sort()]).toEqual([route, [...params].sort()]);
      const pathParams = documented.filter((p) => p.in === 'path').map((p) => p.name);
      expect([route, pathParams]).toEqual([route, route.includes('{id}') ? ['id'] : []]);
      const headers = documented.filter((p) => p.in === 'header').map((p) => p.name);
      expect([route, headers]).toEqual([route, ['if-none-match']]);
    }
  });

  test('GIVEN every documented parameter example WHEN sent to the API, then again with its etag THEN each route answers 200 with a valid body, then a valid 304', async () => {
    // GIVEN
    const fx = await buildDebateFixture(2, 5, 'openapi-examples');
    const api = createQueryApi({ store: fx.store, archive: new MemoryArchiveStore() });
    for (const route of Object.keys(ROUTE_PARAMS)) {
      const query: Record<string, string> = {};
      let path = route;
      for (const p of documentedParameters(route)) {
        const example = String(p.example);
        if (p.in === 'path') path = path.replace(`{${p.name}}`, example);
        else if (p.in === 'query') query[p.name] = example;
      }
      // WHEN
      const res = await api(apiEvent(path, query));
      // THEN
      expect([route, res.statusCode]).toEqual([route, 200]);
      validBody(route, res);

      // WHEN the same request names the answer's tag
      const etag = String(res.headers?.etag);
      const again = await api(apiEvent(path, query, 'GET', { 'if-none-match': etag }));
      // THEN
      expect([route, again.statusCode]).toEqual([route, 304]);
      validResponse(route, again);
      expect(again.headers?.etag).toBe(etag);
    }
  });

  test('GIVEN a refused request WHEN validated THEN its no-store error is documented too', async () => {
    // GIVEN
    const fx = await buildDebateFixture(2, 5, 'openapi-errors');
    const api = createQueryApi({ store: fx.store, archive: new MemoryArchiveStore() });
    // WHEN
    const res = await api(apiEvent(`/debates/${fx.meta.id}/series`, { format: 'rows' }));
    // THEN
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['cache-control']).toBe('no-store');
    validBody('/debates/{id}/series', res);
  });
});
