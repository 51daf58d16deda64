/**
 * The chi-square distribution: CDF, survival function and quantiles.
 *
 * χ²_ν is 2·Gamma(ν/2, 1), so everything rests on the regularised incomplete
 * gamma functions P(a, y) (lower) and Q(a, y) = 1 − P(a, y) (upper) of
 * src/math/gamma.ts, taken in logarithms where a tail is tiny. The quantiles
 * solve for y by safeguarded Newton, starting from Wilson–Hilferty.
 *
 * Cost grows like √ν (the series/fraction need O(√a) terms near the mode),
 * which is negligible for the degrees of freedom statistics ever asks for.
 */

import { logGammaP, logGammaPrefix, logGammaQ, logGamma } from "../math/gamma.js";
import { solveMonotone } from "../math/root-finding.js";

const SOLVE_TOL = 1e-14;

/** Rough upper-tail normal quantile for q ∈ (0, ½], |error| < 4.5e-4 (A&S 26.2.23); a starting point only. */
function roughNormalUpperQuantile(q: number): number {
  const t = Math.sqrt(-2 * Math.log(q));
  return t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
}

/** Wilson–Hilferty (1931) approximation of the gamma(a) quantile at standard-normal deviate z; may be ≤ 0. */
function wilsonHilferty(a: number, z: number): number {
  const nu = 2 * a;
  const c = 2 / (9 * nu);
  return (nu * (1 - c + z * Math.sqrt(c)) ** 3) / 2;
}

/** y with P(a, y) = p, for p ∈ (0, ½]; Newton on ln P against ln y, where the lower tail is nearly linear. */
function solveLowerGamma(a: number, p: number): number {
  const target = Math.log(p);
  // P(a, y) ≤ y^a / Γ(a+1), so this is a lower bound on the answer, and exact as p → 0.
  // The relative gap is ~a·y/(a+1), so where y nears the bottom of the float range it is the answer.
  const logSmall = (target + logGamma(a + 1)) / a;
  if (logSmall < -700) return Math.exp(logSmall);
  const small = Math.exp(logSmall);
  const wh = wilsonHilferty(a, -roughNormalUpperQuantile(p));
  const y0 = wh > small ? wh : small;
  const w = solveMonotone(
    (w) => {
      const y = Math.exp(w);
      const lnP = logGammaP(a, y);
      return [lnP - target, Math.exp(logGammaPrefix(a, y) - lnP)];
    },
    Math.log(y0),
    { increasing: true, tol: SOLVE_TOL },
  );
  return Math.exp(w);
}

/** y with Q(a, y) = q, for q ∈ (0, ½]; Newton on ln Q against y, where the upper tail is nearly linear. */
function solveUpperGamma(a: number, q: number): number {
  const target = Math.log(q);
  const wh = wilsonHilferty(a, roughNormalUpperQuantile(q));
  const y0 = wh > 0 ? wh : a;
  return solveMonotone(
    (y) => {
      const lnQ = logGammaQ(a, y);
      return [lnQ - target, -Math.exp(logGammaPrefix(a, y) - Math.log(y) - lnQ)];
    },
    y0,
    { increasing: false, lo: 0, tol: SOLVE_TOL, relative: true },
  );
}

function checkDf(df: number, fn: string): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`${fn}: degrees of freedom must be a finite number > 0, got ${df}`);
  }
}

function checkProbability(p: number, fn: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: probability must be in [0, 1], got ${p}`);
}

/**
 * P(X ≤ x) for X ~ χ² with `df` degrees of freedom (df > 0, need not be an
 * integer). Absolute accuracy ~1e-16; use {@link chiSquareSurvival} for the
 * upper tail when it is tiny.
 */
export function chiSquareCdf(x: number, df: number): number {
  checkDf(df, "chiSquareCdf");
  if (Number.isNaN(x)) throw new RangeError("chiSquareCdf: x is NaN");
  return x <= 0 ? 0 : Math.exp(logGammaP(df / 2, x / 2));
}

/** P(X > x) for X ~ χ² with `df` degrees of freedom, with relative accuracy even far in the upper tail. */
export function chiSquareSurvival(x: number, df: number): number {
  checkDf(df, "chiSquareSurvival");
  if (Number.isNaN(x)) throw new RangeError("chiSquareSurvival: x is NaN");
  return x <= 0 ? 1 : Math.exp(logGammaQ(df / 2, x / 2));
}

/**
 * The p-quantile χ²_{p,df}: the x with P(X ≤ x) = p (so χ²_{0.975,2} ≈ 7.378).
 * Relative accuracy ~1e-13 or better; 0 at p = 0 and Infinity at p = 1.
 */
export function chiSquareQuantile(p: number, df: number): number {
  checkDf(df, "chiSquareQuantile");
  checkProbability(p, "chiSquareQuantile");
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  return 2 * (p <= 0.5 ? solveLowerGamma(df / 2, p) : solveUpperGamma(df / 2, 1 - p));
}

/**
 * The upper-tail quantile: the x with P(X > x) = q. Same as
 * `chiSquareQuantile(1 − q, df)` but keeps full accuracy when q is tiny
 * (1 − q would round to 1 below q ≈ 1e-16).
 */
export function chiSquareUpperQuantile(q: number, df: number): number {
  checkDf(df, "chiSquareUpperQuantile");
  checkProbability(q, "chiSquareUpperQuantile");
  if (q === 0) return Infinity;
  if (q === 1) return 0;
  return 2 * (q <= 0.5 ? solveUpperGamma(df / 2, q) : solveLowerGamma(df / 2, 1 - q));
}
