import { chooseStep, followWindow, headWindow, spanFor } from '../../web/src/time-window';

const SEC = 1000;
const MIN = 60 * SEC;

describe('time-window', () => {
  test('GIVEN a 30-minute window of 5 s buckets and room for 400 points WHEN choosing the step THEN it stays at one bucket', () => {
    expect(chooseStep(30 * MIN, 5 * SEC, 400)).toBe(5 * SEC);
  });

  test('GIVEN more buckets than points WHEN choosing the step THEN it is the smallest whole number of buckets that fits', () => {
    // 3 h of 5 s buckets = 2,160 buckets; 400 points need 6 buckets per point (5.4 rounded up).
    const step = chooseStep(180 * MIN, 5 * SEC, 400);
    expect(step).toBe(30 * SEC);
    expect(step % (5 * SEC)).toBe(0);
    expect((180 * MIN) / step).toBeLessThanOrEqual(400);
    expect((180 * MIN) / (step - 5 * SEC)).toBeGreaterThan(400);
  });

  test('GIVEN a newest post WHEN following it THEN the window ends at the step boundary just after it and spans the window', () => {
    // GIVEN
    const newest = Date.UTC(2015, 8, 17, 1, 2, 3, 456);
    // WHEN
    const w = followWindow(newest, 0, 30 * MIN, 5 * SEC, 400);
    // THEN
    expect(w.stepMs).toBe(5 * SEC);
    expect(w.to).toBe(Date.UTC(2015, 8, 17, 1, 2, 5));
    expect(w.to - w.from).toBe(30 * MIN);
    expect(w.from % w.stepMs).toBe(0);
  });

  test('GIVEN a newest post exactly on a boundary WHEN following it THEN its bucket is still inside the window', () => {
    const newest = Date.UTC(2015, 8, 17, 1, 2, 5);
    const w = followWindow(newest, 0, 30 * MIN, 5 * SEC, 400);
    expect(newest).toBeGreaterThanOrEqual(w.from);
    expect(newest).toBeLessThan(w.to);
  });

  test('GIVEN no post yet WHEN following THEN the window starts at the debate start, aligned down to the step', () => {
    const start = Date.UTC(2015, 8, 17, 0, 0, 2);
    const w = followWindow(null, start, 30 * MIN, 5 * SEC, 400);
    expect(w.from).toBe(Date.UTC(2015, 8, 17, 0, 0, 0));
    expect(w.to - w.from).toBe(30 * MIN);
  });

  test('GIVEN a window that is not a whole number of steps WHEN following THEN it is rounded up to whole steps', () => {
    const w = followWindow(10 * MIN, 0, 7 * SEC, 5 * SEC, 400);
    expect(w.to - w.from).toBe(10 * SEC);
  });

  test('rejects a bucket, window or point budget that is not positive', () => {
    expect(() => chooseStep(30 * MIN, 0, 400)).toThrow(RangeError);
    expect(() => chooseStep(0, 5 * SEC, 400)).toThrow(RangeError);
    expect(() => chooseStep(30 * MIN, 5 * SEC, 0)).toThrow(RangeError);
  });
});

describe('headWindow', () => {
  const STEP = 5000;
  const first = Date.UTC(2015, 8, 17, 0, 30, 2);

  test('GIVEN a debate two minutes in WHEN following the head THEN the window starts at the first post, not 30 min before the head', () => {
    // WHEN
    const w = headWindow(first + 120_000, first, first - 600_000, STEP, 30 * 60_000);
    // THEN
    expect(w).toEqual({
      from: Date.UTC(2015, 8, 17, 0, 30, 0),
      to: Date.UTC(2015, 8, 17, 0, 32, 5),
      stepMs: STEP,
    });
  });

  test('GIVEN a debate an hour in WHEN following the head THEN the window is the last span, ending just after the head', () => {
    const head = first + 3_600_000;
    const w = headWindow(head, first, first, STEP, 30 * 60_000);
    expect(w.to - w.from).toBe(30 * 60_000);
    expect(head).toBeGreaterThanOrEqual(w.to - STEP);
    expect(head).toBeLessThan(w.to);
  });

  test('GIVEN no post yet WHEN asked THEN the span from the scheduled start', () => {
    expect(headWindow(null, null, 10_001, STEP, 60_000)).toEqual({ from: 10_000, to: 70_000, stepMs: STEP });
  });

  test('GIVEN the first post in the head step WHEN asked THEN the window is that one step', () => {
    expect(headWindow(first, first, 0, STEP, 60_000)).toEqual({
      from: Date.UTC(2015, 8, 17, 0, 30, 0),
      to: Date.UTC(2015, 8, 17, 0, 30, 5),
      stepMs: STEP,
    });
  });
});

describe('spanFor', () => {
  test('GIVEN each step WHEN sized THEN at least the window, 60 steps for coarse steps, capped by the point budget', () => {
    expect(spanFor(5000, 30 * 60_000, 400)).toBe(30 * 60_000);
    expect(spanFor(60_000, 30 * 60_000, 400)).toBe(60 * 60_000);
    expect(spanFor(300_000, 30 * 60_000, 400)).toBe(300 * 60_000);
    expect(spanFor(5000, 720 * 60_000, 400)).toBe(2_000_000);
  });
});

describe('followWindow from the first post', () => {
  test('GIVEN a debate two minutes in WHEN following with its first post THEN the window starts at the first post, as /live chooses it', () => {
    // GIVEN
    const first = Date.UTC(2015, 8, 17, 0, 30, 2);
    // WHEN
    const w = followWindow(first + 120_000, first - 600_000, 30 * MIN, 5 * SEC, 400, first);
    // THEN
    expect(w).toEqual({
      from: Date.UTC(2015, 8, 17, 0, 30, 0),
      to: Date.UTC(2015, 8, 17, 0, 32, 5),
      stepMs: 5 * SEC,
    });
    // and without it, the whole span before the head (the squeezed window)
    expect(followWindow(first + 120_000, first - 600_000, 30 * MIN, 5 * SEC, 400).to - w.from).toBe(125_000);
  });
});
