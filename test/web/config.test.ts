import { DEFAULT_WINDOW_MINUTES, viewRequest } from '../../web/src/config';

describe('config', () => {
  test('GIVEN a plain page URL WHEN read THEN no debate is asked for and the window is the default', () => {
    expect(viewRequest('http://127.0.0.1:8080/')).toEqual({ windowMs: DEFAULT_WINDOW_MINUTES * 60_000 });
  });

  test('GIVEN ?debate= and ?minutes= WHEN read THEN both are taken', () => {
    expect(viewRequest('https://example.org/dash/index.html?debate=gop-2015-09-16&minutes=10')).toEqual({
      debate: 'gop-2015-09-16',
      windowMs: 10 * 60_000,
    });
  });

  test('rejects an unusable window length, keeping the default', () => {
    for (const minutes of ['0', '-5', 'abc', '100000']) {
      expect(viewRequest(`http://h/?minutes=${minutes}`).windowMs).toBe(DEFAULT_WINDOW_MINUTES * 60_000);
    }
  });

  test('GIVEN an empty ?debate= WHEN read THEN it counts as not asked', () => {
    expect(viewRequest('http://h/?debate=').debate).toBeUndefined();
  });
});
