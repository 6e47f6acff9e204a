import type { DebateState } from '../../lambda/core/ports';
import {
  parseCandidates,
  parseDuration,
  parseLimit,
  parseTime,
  parseUsers,
  readQuery,
} from '../../lambda/core/api/params';
import { defaultStep, describeMs, resolveRange, stepCount } from '../../lambda/core/api/ranges';
import { ApiError } from '../../lambda/core/api/responses';

/** The ApiError a call throws (fails the test if it returns). */
function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseTime', () => {
  test('GIVEN ISO 8601 with any zone form or epoch ms WHEN parsed THEN the same instant as Date.parse of the canonical form', () => {
    const cases: [string, string][] = [
      ['2015-09-17T01:00:00Z', '2015-09-17T01:00:00.000Z'],
      ['2015-09-17t01:00:00z', '2015-09-17T01:00:00.000Z'],
      ['2015-09-16T21:00:00-04:00', '2015-09-17T01:00:00.000Z'],
      ['2015-09-17T06:30+0530', '2015-09-17T01:00:00.000Z'],
      ['2015-09-17T03:00:00+02', '2015-09-17T01:00:00.000Z'],
      // A form-decoded `+` arrives as a space.
      ['2015-09-17T03:00:00 02:00', '2015-09-17T01:00:00.000Z'],
      ['2015-09-17T01:00:00.123456789Z', '2015-09-17T01:00:00.123Z'],
      ['2015-09-17T01:00:00,5Z', '2015-09-17T01:00:00.500Z'],
      ['2016-02-29T00:00:00Z', '2016-02-29T00:00:00.000Z'],
      ['1442451600000', '2015-09-17T01:00:00.000Z'],
      ['0', '1970-01-01T00:00:00.000Z'],
    ];
    for (const [text, canonical] of cases)
      expect([text, parseTime('from', text)]).toEqual([text, Date.parse(canonical)]);
  });

  test.each([
    ['no zone', '2015-09-17T01:00:00'],
    ['a date only', '2015-09-17'],
    ['month 13', '2015-13-01T00:00:00Z'],
    ['29 February of a common year', '2015-02-29T00:00:00Z'],
    ['31 April', '2015-04-31T00:00:00Z'],
    ['hour 24', '2015-09-17T24:00:00Z'],
    ['second 60', '2015-09-17T01:00:60Z'],
    ['a negative epoch', '-1000'],
    ['epoch seconds with a fraction', '1442451600.5'],
    ['a time after 9999', '999999999999999'],
    ['a year before 1970', '1969-12-31T23:59:59Z'],
    // Date.UTC would read these as 1970 and 1999.
    ['year 0070', '0070-01-01T00:00:00Z'],
    ['year 0099', '0099-12-31T23:59:59.999Z'],
    ['year 0070 with an offset', '0070-06-15T12:00:00+02:00'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['words', 'yesterday'],
  ])('fails if the time is %s', (_what, text) => {
    const err = refusal(() => parseTime('at', text));
    expect([err.status, err.parameter]).toEqual([400, 'at']);
    expect(err.message).toMatch(/^at must be/);
  });

  test('GIVEN years 0070 and 0099 WHEN parsed THEN the refusal names the accepted range', () => {
    for (const text of ['0070-01-01T00:00:00Z', '0099-12-31T23:59:59Z'])
      expect(refusal(() => parseTime('from', text)).message).toBe(
        `from must be between 1970-01-01 and 9999-12-31, got "${text}"`,
      );
    expect(parseTime('from', '1970-01-01T00:00:00Z')).toBe(0);
    expect(parseTime('to', '9999-12-31T23:59:59.999Z')).toBe(Date.parse('9999-12-31T23:59:59.999Z'));
  });
});

describe('parseDuration', () => {
  test('GIVEN units, bare ms, decimals and ISO 8601 WHEN parsed THEN whole milliseconds', () => {
    const cases: [string, number][] = [
      ['5s', 5000],
      ['1m', 60_000],
      ['10min', 600_000],
      ['1.5h', 5_400_000],
      ['0.1h', 360_000],
      ['2d', 172_800_000],
      ['250ms', 250],
      ['5000', 5000],
      ['PT10M', 600_000],
      ['pt1h30m', 5_400_000],
      ['PT0.5S', 500],
    ];
    for (const [text, ms] of cases) expect([text, parseDuration('step', text)]).toEqual([text, ms]);
  });

  test.each([['0s'], ['-5s'], ['1.5ms'], ['5 s'], ['5sec'], ['PT'], ['P1D'], ['fast'], ['1e3']])(
    'fails if the duration is %p',
    (text) => {
      const err = refusal(() => parseDuration('window', text));
      expect([err.status, err.parameter]).toEqual([400, 'window']);
    },
  );
});

describe('parseCandidates, parseUsers, parseLimit, readQuery', () => {
  const known = ['trump', 'bush', 'carson'];

  test('GIVEN no candidate WHEN parsed THEN all, in debate order; GIVEN a list THEN the order asked, once each', () => {
    expect(parseCandidates(undefined, known)).toEqual(known);
    expect(parseCandidates('carson, trump,carson', known)).toEqual(['carson', 'trump']);
  });

  test('fails if a candidate is unknown, listing the debate candidates', () => {
    const err = refusal(() => parseCandidates('trump,obama', known));
    expect([err.parameter, err.message]).toEqual([
      'candidate',
      'candidate "obama" is not in this debate (candidates: trump, bush, carson)',
    ]);
  });

  test('GIVEN two handles with @ and capitals WHEN parsed THEN lower-case without @', () => {
    expect(parseUsers('@Alice_1, BOB')).toEqual(['alice_1', 'bob']);
  });

  test('GIVEN limits WHEN parsed THEN 1…100, default 20; fails if outside', () => {
    expect([parseLimit(undefined), parseLimit('1'), parseLimit('100')]).toEqual([20, 1, 100]);
    for (const bad of ['0', '101', '2.5', 'ten', '-1'])
      expect(refusal(() => parseLimit(bad)).parameter).toBe('limit');
  });

  test('fails if a query holds an unknown name, naming it and the known ones', () => {
    const err = refusal(() => readQuery({ from: '0', candiate: 'trump' }, ['candidate', 'from']));
    expect([err.parameter, err.message]).toEqual([
      'candiate',
      'unknown parameter "candiate" (this route takes candidate, from)',
    ]);
  });
});

describe('resolveRange and defaultStep', () => {
  const debate: DebateState = {
    id: 'd',
    title: 'D',
    start: 1_000_000_000_000,
    end: 1_000_000_000_000 + 3 * 3_600_000,
    candidates: [{ id: 'a', name: 'A' }],
    bucketMs: 5000,
    scorer: 'vader',
    firstPostAt: 1_000_000_123_456,
    lastPostAt: 1_000_000_987_654,
    processedAt: null,
    lagMs: null,
  };
  const q = (o: Record<string, string>) => new Map(Object.entries(o));

  test('GIVEN no from/to WHEN resolved THEN the buckets of the first and the newest post', () => {
    expect(resolveRange(q({}), debate)).toEqual({ from: 1_000_000_120_000, to: 1_000_000_990_000 });
  });

  test('GIVEN no posts yet WHEN resolved THEN the schedule', () => {
    const fresh = { ...debate, firstPostAt: null, lastPostAt: null };
    expect(resolveRange(q({}), fresh)).toEqual({ from: fresh.start, to: fresh.end });
  });

  test('GIVEN a default end wider than the cap WHEN resolved THEN it moves to fit, keeping the given end', () => {
    const long = { ...debate, lastPostAt: debate.start + 40 * 3_600_000 };
    const r = resolveRange(q({ to: String(long.lastPostAt) }), long);
    expect(r.to - r.from).toBe(20_000 * 5000);
    expect(r.to).toBe(long.lastPostAt);
  });

  test('GIVEN ranges WHEN the default step is chosen THEN the smallest round multiple of the bucket with ≤ 500 points', () => {
    const h = 3_600_000;
    expect(defaultStep({ from: 0, to: 20 * 60_000 }, 5000)).toBe(5000);
    expect(defaultStep({ from: 0, to: 3 * h }, 5000)).toBe(30_000);
    expect(defaultStep({ from: 0, to: 27 * h }, 5000)).toBe(300_000);
    // 7 s divides no round step below a day: the smallest multiple of 7 s that fits.
    const step = defaultStep({ from: 0, to: 3 * h }, 7000);
    expect([step % 7000, stepCount({ from: 0, to: 3 * h }, step) <= 500]).toEqual([0, true]);
    expect(stepCount({ from: 0, to: 3 * h }, step - 7000)).toBeGreaterThan(500);
  });

  test('GIVEN lengths WHEN described THEN largest units first', () => {
    expect([describeMs(100_000_000), describeMs(5000), describeMs(250)]).toEqual([
      '1 d 3 h 46 min 40 s',
      '5 s',
      '250 ms',
    ]);
  });
});
