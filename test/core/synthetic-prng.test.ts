import { exp, ln, pow, tanh } from '../../lambda/core/synthetic/portable-math';
import { hashWords, Random } from '../../lambda/core/synthetic/prng';
import { SNOWFLAKE_EPOCH_MS, snowflakeId, snowflakeTime } from '../../lambda/core/synthetic/snowflake';

describe('Random', () => {
  test('GIVEN the same seed WHEN drawn from twice THEN the sequences are identical; another seed gives another sequence', () => {
    // GIVEN
    const a = new Random('seed');
    const b = new Random('seed');
    const c = new Random('seeds');
    // WHEN
    const xs = Array.from({ length: 100 }, () => a.nextU32());
    const ys = Array.from({ length: 100 }, () => b.nextU32());
    const zs = Array.from({ length: 100 }, () => c.nextU32());
    // THEN
    expect(ys).toEqual(xs);
    expect(zs.filter((z, i) => z === xs[i]).length).toBeLessThan(2);
  });

  test('GIVEN many uniform draws WHEN bucketed THEN every decile holds about a tenth', () => {
    // GIVEN
    const r = new Random('uniform');
    const buckets = new Array<number>(10).fill(0);
    // WHEN
    for (let i = 0; i < 100000; i++) buckets[Math.floor(r.next() * 10)]++;
    // THEN (binomial sd is about 95)
    for (const n of buckets) expect(Math.abs(n - 10000)).toBeLessThan(500);
  });

  test('GIVEN many normal and exponential draws WHEN summarised THEN means and spreads match the distributions', () => {
    // GIVEN
    const r = new Random('shapes');
    const n = 50000;
    let sum = 0;
    let sq = 0;
    let expSum = 0;
    // WHEN
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      sum += z;
      sq += z * z;
      expSum += r.exponential(4);
    }
    // THEN
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.03);
    expect(Math.abs(expSum / n - 0.25)).toBeLessThan(0.01);
  });

  test('GIVEN strings differing in one character WHEN hashed THEN about half of the bits differ', () => {
    // GIVEN / WHEN
    const a = hashWords('debate-1');
    const b = hashWords('debate-2');
    let differing = 0;
    for (let i = 0; i < 4; i++) differing += popcount((a[i] ^ b[i]) >>> 0);
    // THEN
    expect(differing).toBeGreaterThan(40);
    expect(differing).toBeLessThan(88);
  });
});

describe('portable math', () => {
  test('GIVEN values over many orders of magnitude WHEN ln and exp are computed THEN they agree with Math to 1e-14', () => {
    // GIVEN
    const xs = [
      1e-300,
      5e-324,
      1e-10,
      0.001,
      0.3,
      0.5,
      0.9999999,
      1,
      1.5,
      Math.E,
      10,
      12345.678,
      1e20,
      1e300,
    ];
    // WHEN / THEN
    for (const x of xs)
      expect(Math.abs(ln(x) - Math.log(x))).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(Math.log(x))));
    for (const x of [-700, -20, -1, -1e-9, 0, 1e-9, 0.5, 1, 3.3, 20, 700]) {
      expect(Math.abs(exp(x) / Math.exp(x) - 1)).toBeLessThan(1e-14);
    }
  });

  test('GIVEN pow and tanh WHEN computed THEN they agree with Math closely', () => {
    expect(Math.abs(pow(2, 0.35) / Math.pow(2, 0.35) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(pow(123456, 1 / 0.35) / Math.pow(123456, 1 / 0.35) - 1)).toBeLessThan(1e-13);
    for (const x of [-30, -2, -0.1, 0, 0.7, 5, 30])
      expect(Math.abs(tanh(x) - Math.tanh(x))).toBeLessThan(1e-15);
  });

  test('GIVEN edge inputs WHEN computed THEN ln and exp follow the IEEE conventions', () => {
    expect(ln(0)).toBe(-Infinity);
    expect(ln(-1)).toBeNaN();
    expect(ln(Infinity)).toBe(Infinity);
    expect(exp(1000)).toBe(Infinity);
    expect(exp(-1000)).toBe(0);
  });
});

describe('snowflakeId', () => {
  test('GIVEN times and low bits WHEN encoded THEN the id equals (time - epoch) * 2^22 + low, digit for digit', () => {
    for (const [ms, low] of [
      [Date.UTC(2015, 8, 17), 0],
      [Date.UTC(2015, 8, 17, 1, 2, 3, 456), 4194303],
      [Date.UTC(2024, 0, 1), 123456],
      [SNOWFLAKE_EPOCH_MS, 7],
    ]) {
      // WHEN
      const id = snowflakeId(ms, low);
      // THEN
      expect(id).toBe(((BigInt(ms - SNOWFLAKE_EPOCH_MS) << 22n) + BigInt(low)).toString());
      expect(snowflakeTime(id)).toBe(ms);
    }
  });

  test('fails if the time is before the snowflake epoch', () => {
    expect(() => snowflakeId(SNOWFLAKE_EPOCH_MS - 1, 0)).toThrow(RangeError);
  });
});

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v >>>= 1) n += v & 1;
  return n;
}
