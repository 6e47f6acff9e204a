/**
 * `ln`, `exp` and `pow` built from + − × ÷ and `Math.sqrt` only. IEEE 754 rounds those operations
 * exactly the same way everywhere, whereas `Math.log`/`Math.exp`/`Math.pow` are implementation-defined
 * and may differ in the last bit between engines or versions. One differing bit can flip a random
 * draw, so the generator uses these to stay byte-identical across machines. Accuracy is about 1e-15
 * relative, far more than a simulation needs.
 */

const LN2 = 0.6931471805599453;
// ln 2 split in a part with trailing zero bits and a remainder, so k·LN2_HI is exact in exp().
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;

const bits = new DataView(new ArrayBuffer(8));

/** 2^k for integer k in [-1022, 1023], built from the exponent bits. */
function pow2(k: number): number {
  bits.setUint32(0, (k + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

/** Natural logarithm. */
export function ln(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  if (biased === 0) return ln(x * 18014398509481984) - 54 * LN2; // subnormal: scale by 2^54 first
  let e = biased - 1023;
  bits.setUint32(0, (hi & 0x000fffff) | 0x3ff00000); // same mantissa, exponent 0: m in [1, 2)
  let m = bits.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // ln m = 2·atanh(f) with |f| ≤ 0.172, so the odd series converges fast.
  const f = (m - 1) / (m + 1);
  const f2 = f * f;
  const series =
    1 +
    f2 *
      (1 / 3 +
        f2 *
          (1 / 5 +
            f2 *
              (1 / 7 +
                f2 *
                  (1 / 9 +
                    f2 *
                      (1 / 11 +
                        f2 * (1 / 13 + f2 * (1 / 15 + f2 * (1 / 17 + f2 * (1 / 19 + f2 * (1 / 21))))))))));
  return e * LN2_HI + (e * LN2_LO + 2 * f * series);
}

/** e^x. */
export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = Math.round(x / LN2);
  const r = x - k * LN2_HI - k * LN2_LO; // |r| ≤ 0.347
  let p = 1;
  // Horner form of the Taylor series to r^16/16!.
  for (let n = 16; n >= 1; n--) p = 1 + (r * p) / n;
  if (k > 1023) return p * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return p * pow2(-1022) * pow2(k + 1022);
  return p * pow2(k);
}

/** base^expo for base > 0. */
export function pow(base: number, expo: number): number {
  if (base === 1 || expo === 0) return 1;
  return exp(expo * ln(base));
}

/** Hyperbolic tangent. */
export function tanh(x: number): number {
  if (x > 20) return 1;
  if (x < -20) return -1;
  const e2 = exp(2 * x);
  return (e2 - 1) / (e2 + 1);
}
