import { parseFlexibleTime, parseIsoDateTime, parseXV1Time } from '../../lambda/core/normalise/time';

describe('time parsers', () => {
  it.each([
    ['2022-09-12T19:00:00.000Z', Date.UTC(2022, 8, 12, 19)],
    ['2022-09-12T19:00:00Z', Date.UTC(2022, 8, 12, 19)],
    ['2022-09-12t19:00:00.5z', Date.UTC(2022, 8, 12, 19, 0, 0, 500)],
    ['2022-09-12T19:00:00.123456789Z', Date.UTC(2022, 8, 12, 19, 0, 0, 123)],
    ['2022-09-12T19:00', Date.UTC(2022, 8, 12, 19)],
    ['2022-09-12 19:00:00', Date.UTC(2022, 8, 12, 19)],
    ['2022-09-12T19:00:00+05:30', Date.UTC(2022, 8, 12, 13, 30)],
    ['2022-09-12T19:00:00-0700', Date.UTC(2022, 8, 13, 2)],
    ['2022-09-12T19:00:00+02', Date.UTC(2022, 8, 12, 17)],
    ['2015-08-07 09:54:46 -0700', Date.UTC(2015, 7, 7, 16, 54, 46)],
    ['2016-02-29 12:00 UTC', Date.UTC(2016, 1, 29, 12)],
  ])('GIVEN the ISO 8601 variant %s WHEN parsed THEN it is the expected instant', (text, expected) => {
    expect(parseIsoDateTime(text)).toBe(expected);
  });

  it.each([
    ['a date without a time', '2022-09-12'],
    ['a day past the end of the month', '2022-04-31T00:00:00Z'],
    ['29 February in a common year', '2015-02-29T00:00:00Z'],
    ['hour 24', '2022-09-12T24:00:00Z'],
    ['a leap second', '2022-09-12T23:59:60Z'],
    ['month 13', '2022-13-01T00:00:00Z'],
    ['an unknown zone', '2022-09-12T19:00:00 EST'],
    ['a zone offset of 25 hours', '2022-09-12T19:00:00+2500'],
    ['an empty fraction', '2022-09-12T19:00:00.Z'],
    ['trailing text', '2022-09-12T19:00:00Z and more'],
    ['a slash date', '09/12/2022 19:00'],
    ['a year before 1970', '0015-08-07T00:00:00Z'],
    // Date.UTC would read two-digit years as 19xx.
    ['the year 0070', '0070-01-01T00:00:00Z'],
    ['the year 0099', '0099-12-31 23:59:59'],
  ])('rejects an ISO time when it has %s', (_what, text) => {
    expect(parseIsoDateTime(text)).toBeNaN();
  });

  it('GIVEN the v1.1 created_at format WHEN parsed THEN the zone offset applies and the weekday is ignored', () => {
    expect(parseXV1Time('Wed Sep 16 23:59:59 +0000 2015')).toBe(Date.UTC(2015, 8, 16, 23, 59, 59));
    expect(parseXV1Time('Thu Sep 17 01:59:59 +0200 2015')).toBe(Date.UTC(2015, 8, 16, 23, 59, 59));
    expect(parseXV1Time('Sat May 16 23:58:44 UTC 2009')).toBe(Date.UTC(2009, 4, 16, 23, 58, 44));
  });

  it.each([
    ['an unknown month', 'Wed Foo 16 23:59:59 +0000 2015'],
    ['a missing part', 'Wed Sep 16 23:59:59 2015'],
    ['a bad clock', 'Wed Sep 16 23:59 +0000 2015'],
    ['an impossible day', 'Wed Sep 31 23:59:59 +0000 2015'],
    ['ISO text', '2015-09-16T23:59:59Z'],
  ])('rejects a v1.1 time when it has %s', (_what, text) => {
    expect(parseXV1Time(text)).toBeNaN();
  });

  it('GIVEN epoch seconds, epoch milliseconds, padded text or either format WHEN parsed flexibly THEN each is read', () => {
    const t = Date.UTC(2015, 7, 7, 9, 54, 46);
    expect(parseFlexibleTime('1438941286')).toBe(t);
    expect(parseFlexibleTime('1438941286000')).toBe(t);
    expect(parseFlexibleTime('  2015-08-07T09:54:46Z ')).toBe(t);
    expect(parseFlexibleTime('Fri Aug 07 09:54:46 +0000 2015')).toBe(t);
  });

  it('rejects a flexible time when it is empty, a bare year or a number of another length', () => {
    expect(parseFlexibleTime('')).toBeNaN();
    expect(parseFlexibleTime('2015')).toBeNaN();
    expect(parseFlexibleTime('14389412860')).toBeNaN();
  });
});
