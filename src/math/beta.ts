/**
 * The beta family: ln B(a, ½) and the continued fraction of the regularised
 * incomplete beta function I_x(a, b) (Numerical Recipes, 3rd ed., 2007, §6.4).
 */

import { logGamma, stirlingCorrection } from "./gamma.js";

const LN_SQRT_PI = 0.5723649429247001; // lnΓ(½)
const FRACTION_EPS = 4e-16; // ~2 ulp of 1: the Lentz factor settles at 1 ± ulp
const FPMIN = 1e-300;
const MAX_TERMS = 100_000;

/**
 * ln B(a, ½) for a > 0. For large a, lnΓ(a) − lnΓ(a+½) is a small difference
 * of large numbers, so it is taken from the Stirling forms directly:
 * −a·ln(1 + 1/(2a)) − ½·ln a + ½ + [correction(a) − correction(a+½)].
 */
export function logBetaHalf(a: number): number {
  if (a < 10) return logGamma(a) + LN_SQRT_PI - logGamma(a + 0.5);
  const stirlingDiff = -a * Math.log1p(0.5 / a) - 0.5 * Math.log(a) + 0.5;
  return LN_SQRT_PI + stirlingDiff + stirlingCorrection(a) - stirlingCorrection(a + 0.5);
}

/**
 * The continued fraction F with I_x(a, b) = x^a (1−x)^b F / (a·B(a, b)),
 * by modified Lentz; converges quickly for x < (a+1)/(a+b+2) (use
 * I_x(a, b) = 1 − I_{1−x}(b, a) beyond). Needs O(√max(a, b)) terms; throws
 * if it has not converged after 100 000.
 */
export function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < FRACTION_EPS) return h;
  }
  throw new Error(`incomplete beta fraction did not converge (a=${a}, b=${b}, x=${x})`);
}
