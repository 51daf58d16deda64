/**
 * The parameterisations reliability engineers write (MTTF, AFR, FIT, mean and
 * shape, mean and coefficient of variation), turned into the engine's
 * `DistributionSpec`s. All durations are in seconds. Each function validates
 * its inputs and throws a RangeError naming the bad parameter.
 */
import type { DistributionSpec } from "./distribution.js";
import { gammaFn } from "./special-functions.js";

/**
 * Seconds in a year for AFR conversions: the Julian year, 365.25 d = 8766 h
 * (the same year as the scenario unit `y`). Datasheets often use 8760 h; the
 * difference is 0.07 %.
 */
export const SECONDS_PER_YEAR = 31_557_600;

/** Seconds in an hour, for FIT (failures per 1e9 device-hours). */
export const SECONDS_PER_HOUR = 3600;

function requirePositive(fn: string, name: string, value: number): void {
  if (!(value > 0 && value < Infinity)) {
    throw new RangeError(`${fn}: ${name} must be > 0 and finite, got ${value}`);
  }
}

/** Exponential with mean `meanS` (s), e.g. an MTTF or MTTR. */
export function exponentialFromMean(meanS: number): DistributionSpec {
  requirePositive("exponential", "mean", meanS);
  return { kind: "exponential", mean: meanS };
}

/**
 * Exponential from an annualised failure rate `afrPercent` (%/year, 0 < AFR < 100).
 * AFR is read as the probability of failing within a year of continuous
 * operation, so the rate is −ln(1 − AFR) per year (not AFR itself; the two
 * agree to 1 % below AFR ≈ 2 %), and the mean is SECONDS_PER_YEAR / rate.
 * This is the inverse of the datasheet formula AFR = 1 − exp(−year / MTBF).
 */
export function exponentialFromAfr(afrPercent: number): DistributionSpec {
  if (!(afrPercent > 0 && afrPercent < 100)) {
    throw new RangeError(`exponential: afr must be in (0, 100) %/year, got ${afrPercent}`);
  }
  const ratePerYear = -Math.log1p(-afrPercent / 100);
  return { kind: "exponential", mean: SECONDS_PER_YEAR / ratePerYear };
}

/** Exponential from a FIT rate `fit` (failures per 1e9 device-hours): mean = 1e9 h / FIT, in s. */
export function exponentialFromFit(fit: number): DistributionSpec {
  requirePositive("exponential", "fit", fit);
  return { kind: "exponential", mean: (1e9 / fit) * SECONDS_PER_HOUR };
}

/** Weibull with mean `meanS` (s) and shape k (dimensionless): scale = mean / Γ(1 + 1/k). */
export function weibullFromMeanShape(meanS: number, shape: number): DistributionSpec {
  requirePositive("weibull", "mean", meanS);
  requirePositive("weibull", "shape", shape);
  const scale = meanS / gammaFn(1 + 1 / shape);
  if (!(scale > 0)) {
    throw new RangeError(`weibull: shape ${shape} is too small (Γ(1 + 1/shape) overflows)`);
  }
  return { kind: "weibull", shape, scale };
}

/**
 * Lognormal with mean `meanS` (s) and coefficient of variation `cv` (stddev/mean,
 * dimensionless): sigma² = ln(1 + cv²), mu = ln(mean) − sigma²/2 (mu in ln-seconds).
 */
export function lognormalFromMeanCv(meanS: number, cv: number): DistributionSpec {
  requirePositive("lognormal", "mean", meanS);
  requirePositive("lognormal", "cv", cv);
  const sigma2 = Math.log1p(cv * cv);
  return { kind: "lognormal", mu: Math.log(meanS) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Gamma with mean `meanS` (s) and shape k (dimensionless): scale = mean / k (s). */
export function gammaFromMeanShape(meanS: number, shape: number): DistributionSpec {
  requirePositive("gamma", "mean", meanS);
  requirePositive("gamma", "shape", shape);
  return { kind: "gamma", shape, scale: meanS / shape };
}

/** Erlang: the sum of `k` (integer ≥ 1) exponential phases with total mean `meanS` (s). */
export function erlang(k: number, meanS: number): DistributionSpec {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`erlang: k must be an integer >= 1, got ${k}`);
  requirePositive("erlang", "mean", meanS);
  return { kind: "gamma", shape: k, scale: meanS / k };
}

/**
 * Normal truncated at 0. `meanS` and `stddevS` (s) are of the untruncated
 * normal; the sampled mean is larger, noticeably so once meanS < 3·stddevS.
 */
export function normalTruncated(meanS: number, stddevS: number): DistributionSpec {
  if (!Number.isFinite(meanS)) throw new RangeError(`normal: mean must be finite, got ${meanS}`);
  requirePositive("normal", "stddev", stddevS);
  return { kind: "normal", mean: meanS, stddev: stddevS };
}
