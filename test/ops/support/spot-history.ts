/** Spot price histories shaped like DescribeSpotPriceHistory's: a few zones, prices that change rarely. */
import type { SpotPrice } from '@aws-sdk/client-ec2';
import type { SpotPricePoint } from '../../../lib/ops/spot/price-history';
import { intIn, mulberry32 } from '../../support/prng';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * Change points per (type, zone) from `from - 3 days` to `to`, newest first as the API lists them,
 * with gaps of 1–60 hours between changes and prices around `base`.
 */
export function rareChangeHistory(
  seed: number,
  pools: readonly { type: string; zone: string; base: number }[],
  from: number,
  to: number,
): SpotPricePoint[] {
  const rng = mulberry32(seed);
  const out: SpotPricePoint[] = [];
  for (const { type, zone, base } of pools) {
    let t = from - 3 * DAY + intIn(rng, 0, 3600) * 1000;
    while (t < to) {
      const price = Math.round(base * (0.9 + 0.2 * rng()) * 10_000) / 10_000;
      out.push({ instanceType: type, availabilityZone: zone, price, time: t });
      t += intIn(rng, 1, 60) * HOUR + intIn(rng, 0, 3599) * 1000;
    }
  }
  return out.sort((a, b) => b.time - a.time);
}

/**
 * What the API would return for [from, to): every change inside the window plus each pool's last change
 * before it, newest first.
 */
export function apiWindow(points: readonly SpotPricePoint[], from: number, to: number): SpotPricePoint[] {
  const lastBefore = new Map<string, SpotPricePoint>();
  for (const p of points) {
    const key = `${p.instanceType}|${p.availabilityZone}`;
    const seen = lastBefore.get(key);
    if (p.time < from && (seen === undefined || p.time > seen.time)) lastBefore.set(key, p);
  }
  const inside = points.filter((p) => p.time >= from && p.time <= to);
  return [...inside, ...lastBefore.values()].sort((a, b) => b.time - a.time);
}

/** The SDK's shape of a change point (prices are decimal strings on the wire). */
export function toSdk(p: SpotPricePoint): SpotPrice {
  return {
    AvailabilityZone: p.availabilityZone,
    InstanceType: p.instanceType as SpotPrice['InstanceType'],
    ProductDescription: 'Linux/UNIX',
    SpotPrice: p.price.toFixed(6),
    Timestamp: new Date(p.time),
  };
}
