/**
 * Student's t distribution: CDF and quantile, accurate to ~1e-12 relative
 * for any df > 0 (the confidence intervals need t_{0.975, n−1}).
 *
 * For T with ν degrees of freedom and t ≥ 0, with x = ν/(ν + t²):
 *   P(T > t)     = ½·I_x(ν/2, ½)        (the tail)
 *   P(0 < T < t) = ½·I_{1−x}(½, ν/2)    (the central part)
 * where I is the regularised incomplete beta function, evaluated by its
 * continued fraction on whichever side converges (Numerical Recipes, 3rd
 * ed., 2007, §6.4). Whichever of the two is small is computed directly, in
 * logarithms, so neither tiny tails nor t near 0 lose relative accuracy. The
 * quantile solves for ln t by safeguarded Newton; df = 1 and 2 have closed forms.
 *
 * The fraction needs O(√ν) terms, so from ν = 1e5 on the Cornish–Fisher
 * expansion around the normal quantile (Abramowitz & Stegun 26.7.5, terms to
 * ν⁻⁴) is used instead: its first omitted term is ~z¹¹/ν⁵, below 1e-20 there.
 */

import { betaContinuedFraction, logBetaHalf } from "../math/beta.js";
import { solveMonotone } from "../math/root-finding.js";
import { chiSquareSurvival, chiSquareUpperQuantile } from "./chi-square.js";

const LN_HALF = -Math.LN2;
/** From this many degrees of freedom on, the Cornish–Fisher expansion replaces the incomplete beta. */
const LARGE_DF = 1e5;
const SOLVE_TOL = 1e-14;

/** ln(1 + e^v) without overflow or loss for large |v|. */
function softplus(v: number): number {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

interface Split {
  /** ln P(T > t). */
  logTail: number;
  /** ln P(0 < T < t). */
  logCentral: number;
  /** ln of the density at t. */
  logPdf: number;
}

/** Both halves of the mass above 0 at t ≥ 0 (finite df), each accurate where it is small. */
function split(t: number, df: number): Split {
  if (t === 0) return { logTail: LN_HALF, logCentral: -Infinity, logPdf: -logBetaHalf(df / 2) - 0.5 * Math.log(df) };
  if (t === Infinity) return { logTail: -Infinity, logCentral: LN_HALF, logPdf: -Infinity };
  const a = df / 2;
  const v = 2 * Math.log(t) - Math.log(df); // ln(t²/ν), no overflow even for t near the float maximum
  const logX = -softplus(v); // ln(ν/(ν+t²))
  const logY = -softplus(-v); // ln(t²/(ν+t²))
  const lnBeta = logBetaHalf(a);
  const logFront = a * logX + 0.5 * logY - lnBeta;
  const logPdf = -lnBeta - 0.5 * Math.log(df) - (a + 0.5) * softplus(v);
  const x = Math.exp(logX);
  if (x < (a + 1) / (a + 2.5)) {
    const logTail = LN_HALF + logFront + Math.log(betaContinuedFraction(a, 0.5, x) / a);
    return { logTail, logCentral: LN_HALF + Math.log1p(-Math.exp(Math.LN2 + logTail)), logPdf };
  }
  const logCentral = LN_HALF + logFront + Math.log(betaContinuedFraction(0.5, a, Math.exp(logY)) / 0.5);
  return { logTail: LN_HALF + Math.log1p(-Math.exp(Math.LN2 + logCentral)), logCentral, logPdf };
}

/** Cornish–Fisher: the t quantile at normal deviate z for ν degrees of freedom (A&S 26.7.5). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/** Upper-tail standard-normal quantile for q ∈ (0, ½]: Z > z with probability q, since Z² ~ χ²₁. */
function normalUpperQuantile(q: number): number {
  return Math.sqrt(chiSquareUpperQuantile(2 * q, 1));
}

/** P(Z > z) for z ≥ 0. */
function normalUpperTail(z: number): number {
  return 0.5 * chiSquareSurvival(z * z, 1);
}

function checkDf(df: number, fn: string): void {
  if (!(df > 0)) throw new RangeError(`${fn}: degrees of freedom must be > 0 (Infinity allowed), got ${df}`);
}

/**
 * P(T ≤ t) for T ~ Student's t with `df` degrees of freedom (df > 0, need not
 * be an integer; Infinity gives the standard normal). Absolute accuracy
 * ~1e-15, and relative accuracy in the lower tail.
 */
export function studentTCdf(t: number, df: number): number {
  checkDf(df, "studentTCdf");
  if (Number.isNaN(t)) throw new RangeError("studentTCdf: t is NaN");
  const abs = Math.abs(t);
  let tail: number;
  if (df >= LARGE_DF) {
    // Invert the Cornish–Fisher map t(z) by Newton (it is within 1e-5 of the identity
    // here); beyond |t| = 40 the tail is below 1e-300 for every such ν.
    if (abs > 40) return t > 0 ? 1 : 0;
    let z = abs;
    for (let i = 0; i < 50; i++) {
      const h = 1e-6 * Math.max(1, z);
      const slope = (cornishFisher(z + h, df) - cornishFisher(z - h, df)) / (2 * h);
      const step = (cornishFisher(z, df) - abs) / slope;
      z -= step;
      if (Math.abs(step) <= 1e-16 * Math.max(1, z)) break;
    }
    tail = normalUpperTail(z);
  } else {
    tail = Math.exp(split(abs, df).logTail);
  }
  return t < 0 ? tail : 1 - tail;
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom: the t with
 * P(T ≤ t) = p (so t_{0.975, 4} ≈ 2.776). Relative accuracy ~1e-12 for any
 * df > 0; df = Infinity gives the normal quantile. ±Infinity at p = 0 and 1.
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df, "studentTQuantile");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: probability must be in [0, 1], got ${p}`);
  const sign = p < 0.5 ? -1 : 1;
  const q = Math.min(p, 1 - p); // tail probability, exact: 1 − p has no rounding for p ≥ ½
  const s = Math.abs(p - 0.5); // central probability, exact for p ∈ [¼, 1]
  if (q === 0.5) return 0;
  if (q === 0) return sign * Infinity;
  if (df >= LARGE_DF) return sign * cornishFisher(normalUpperQuantile(q), df);
  if (df === 1) return sign * (q < 0.25 ? 1 / Math.tan(Math.PI * q) : Math.tan(Math.PI * s));
  if (df === 2) return (sign * (1 - 2 * q)) / Math.sqrt(2 * q * (1 - q));
  const useTail = q < 0.25;
  const target = Math.log(useTail ? q : s);
  const guess = initialGuess(q, df);
  // Newton on ln(mass) against u = ln t; the step tolerance in u is relative in t.
  const u = solveMonotone(
    (u) => {
      const sp = split(Math.exp(u), df);
      const logMass = useTail ? sp.logTail : sp.logCentral;
      const slope = Math.exp(u + sp.logPdf - logMass); // |d ln(mass) / d ln t|
      // The tail falls as t grows; negate it so the solver always sees an increasing function.
      return useTail ? [target - logMass, slope] : [logMass - target, slope];
    },
    Math.log(guess),
    { increasing: true, tol: SOLVE_TOL },
  );
  return sign * Math.exp(u);
}

/**
 * A start for the solver: the larger of Cornish–Fisher (good unless ν is
 * small and q tiny) and the polynomial-tail asymptote P(T > t) ≈
 * c·ν^{(ν−1)/2}·t^{−ν} with c the density's constant (good exactly there).
 */
function initialGuess(q: number, df: number): number {
  const z = normalUpperQuantile(q);
  const cf = cornishFisher(z, df);
  const logC = -logBetaHalf(df / 2) - 0.5 * Math.log(df);
  const logTailT = (logC + ((df - 1) / 2) * Math.log(df) - Math.log(q)) / df;
  const tailT = Math.exp(Math.min(logTailT, 700));
  const best = Math.max(cf, tailT);
  return best > 0 && Number.isFinite(best) ? best : 1;
}
