/**
 * The chi-square distribution: CDF, survival function and quantiles.
 *
 * χ²_ν is 2·Gamma(ν/2, 1), so everything rests on the regularised incomplete
 * gamma functions P(a, y) (lower) and Q(a, y) = 1 − P(a, y) (upper): a power
 * series for y < a + 1 and a modified-Lentz continued fraction otherwise
 * (Numerical Recipes, 3rd ed., 2007, §6.2). Each tail is computed directly
 * where it is the small one, in logarithms, so tail probabilities far below
 * 1e-16 keep their relative accuracy. The stats layer keeps these routines
 * private on purpose: it must not depend on the engine's special functions.
 *
 * Cost grows like √ν (the series/fraction need O(√a) terms near the mode),
 * which is negligible for the degrees of freedom statistics ever asks for.
 */

const LN_SQRT_2PI = 0.9189385332046728; // ½·ln(2π)
const SERIES_EPS = 1e-17;
const FRACTION_EPS = 4e-16; // ~2 ulp of 1: the Lentz factor settles at 1 ± ulp
const FPMIN = 1e-300;
const MAX_TERMS = 1_000_000;

/**
 * Stirling-series remainder lnΓ(z) − [(z−½)ln z − z + ½ln 2π], terms
 * B₂ₖ/(2k(2k−1)z^{2k−1}) up to k = 7; the first omitted term is < 3e-17 for z ≥ 10.
 */
function stirlingCorrection(z: number): number {
  const r = 1 / z;
  const r2 = r * r;
  return (
    r *
    (1 / 12 -
      r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360 - r2 / 156))))))
  );
}

/** lnΓ(x) for x > 0: the recurrence Γ(x) = Γ(x+1)/x lifts x to ≥ 10, then Stirling. */
function logGamma(x: number): number {
  let z = x;
  let product = 1;
  while (z < 10) {
    product *= z;
    z += 1;
  }
  return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + stirlingCorrection(z) - Math.log(product);
}

/**
 * ln[y^a e^{−y} / Γ(a)], the common factor of both tails. For large a the
 * naive form cancels catastrophically (a·ln y and y are both ~a), so it is
 * rewritten around the mode: a·(ln(1+u) − u) with u = (y − a)/a.
 */
function logGammaPrefix(a: number, y: number): number {
  if (a < 10) return a * Math.log(y) - y - logGamma(a);
  const u = (y - a) / a;
  const logRatio = Math.abs(u) < 0.5 ? Math.log1p(u) : Math.log(y / a); // ln(y/a), exact either way
  return a * (logRatio - u) + 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingCorrection(a);
}

/** ln P(a, y) by its power series; converges quickly for y < a + 1. */
function logLowerSeries(a: number, y: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= y / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * SERIES_EPS) return logGammaPrefix(a, y) + Math.log(sum);
  }
  throw new Error(`incomplete gamma series did not converge (a=${a}, y=${y})`);
}

/** ln Q(a, y) by its continued fraction (modified Lentz); converges quickly for y ≥ a + 1. */
function logUpperFraction(a: number, y: number): number {
  let b = y + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < FRACTION_EPS) return logGammaPrefix(a, y) + Math.log(h);
  }
  throw new Error(`incomplete gamma fraction did not converge (a=${a}, y=${y})`);
}

/** ln P(a, y), the log of the regularised lower incomplete gamma function. */
function logLowerGamma(a: number, y: number): number {
  if (y <= 0) return -Infinity;
  if (y === Infinity) return 0;
  return y < a + 1 ? logLowerSeries(a, y) : Math.log1p(-Math.exp(logUpperFraction(a, y)));
}

/** ln Q(a, y), the log of the regularised upper incomplete gamma function. */
function logUpperGamma(a: number, y: number): number {
  if (y <= 0) return 0;
  if (y === Infinity) return -Infinity;
  return y < a + 1 ? Math.log1p(-Math.exp(logLowerSeries(a, y))) : logUpperFraction(a, y);
}

/**
 * Safeguarded Newton for a monotone g: Newton steps while they stay inside
 * the bracket the signs of g have established, bisection (or expansion when
 * one side is still open) otherwise. Stops when a step is below `tol`
 * (relative to x when `relative`, absolute otherwise); Newton's quadratic
 * convergence makes the returned point far more accurate than that step.
 */
function solveMonotone(
  evaluate: (x: number) => readonly [g: number, slope: number],
  x0: number,
  bounds: readonly [lo: number, hi: number],
  increasing: boolean,
  tol: number,
  relative: boolean,
): number {
  let [lo, hi] = bounds;
  let x = x0;
  for (let i = 0; i < 500; i++) {
    const [g, slope] = evaluate(x);
    if (g === 0) return x;
    if (g < 0 === increasing) lo = x;
    else hi = x;
    let next = x - g / slope;
    if (!(next > lo && next < hi)) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
      else if (Number.isFinite(lo)) next = lo + Math.max(1, Math.abs(lo));
      else next = hi - Math.max(1, Math.abs(hi));
    }
    const scale = relative ? Math.abs(x) : 1;
    if (Math.abs(next - x) <= tol * scale) return next;
    x = next;
  }
  return x;
}

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
      const lnP = logLowerGamma(a, y);
      return [lnP - target, Math.exp(logGammaPrefix(a, y) - lnP)];
    },
    Math.log(y0),
    [-Infinity, Infinity],
    true,
    SOLVE_TOL,
    false,
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
      const lnQ = logUpperGamma(a, y);
      return [lnQ - target, -Math.exp(logGammaPrefix(a, y) - Math.log(y) - lnQ)];
    },
    y0,
    [0, Infinity],
    false,
    SOLVE_TOL,
    true,
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
  return Math.exp(logLowerGamma(df / 2, x / 2));
}

/** P(X > x) for X ~ χ² with `df` degrees of freedom, with relative accuracy even far in the upper tail. */
export function chiSquareSurvival(x: number, df: number): number {
  checkDf(df, "chiSquareSurvival");
  if (Number.isNaN(x)) throw new RangeError("chiSquareSurvival: x is NaN");
  return Math.exp(logUpperGamma(df / 2, x / 2));
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
