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

  test('rejects an unusable window length, keeping the default and saying so', () => {
    for (const minutes of ['0', '-5', 'abc', '100000', '']) {
      const r = viewRequest(`http://h/?minutes=${minutes}`);
      expect(r.windowMs).toBe(DEFAULT_WINDOW_MINUTES * 60_000);
      expect(r.problem).toBe(
        `?minutes=${minutes} is not usable: give a number of minutes from 1 to 720. Showing the last 30 min.`,
      );
    }
  });

  test('GIVEN a usable or absent ?minutes= WHEN read THEN there is no problem to show', () => {
    expect(viewRequest('http://h/?minutes=5').problem).toBeUndefined();
    expect(viewRequest('http://h/').problem).toBeUndefined();
  });

  test('GIVEN an empty ?debate= WHEN read THEN it counts as not asked', () => {
    expect(viewRequest('http://h/?debate=').debate).toBeUndefined();
  });
});
