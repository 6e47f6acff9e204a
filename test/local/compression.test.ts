import { chooseCoding, isCompressible } from '../../lib/local/compression';

describe('chooseCoding', () => {
  test.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['GZIP;Q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['deflate', undefined],
  ])('GIVEN Accept-Encoding %p WHEN choosing THEN %p', (header, coding) => {
    expect(chooseCoding(header)).toBe(coding);
  });
});

describe('isCompressible', () => {
  test('GIVEN content types WHEN asked THEN text, JSON, scripts and SVG are; images, fonts and unknown are not', () => {
    for (const t of ['application/json', 'text/html; charset=utf-8', 'text/javascript', 'image/svg+xml'])
      expect([t, isCompressible(t)]).toEqual([t, true]);
    for (const t of ['image/png', 'font/woff2', 'application/octet-stream', undefined])
      expect([t, isCompressible(t)]).toEqual([t, false]);
  });
});
