/**
 * The per-metric figure every result carries (DESIGN.md, "Result JSON"):
 * mean, spread, a 95% confidence interval for the mean, and quantiles, over
 * one value per replication.
 */

import { quantile } from "./quantiles.js";
import { studentTQuantile } from "./student-t.js";

/** Summary of one metric across replications; every number is in `unit`. */
export interface MetricSummary {
  /** Arithmetic mean of the values. */
  mean: number;
  /** Sample standard deviation (divisor n − 1); 0 when n = 1. */
  stddev: number;
  /**
   * Two-sided 95% Student-t confidence interval for the mean,
   * mean ± t_{0.975, n−1}·stddev/√n; [mean, mean] when n = 1.
   */
  ci95: [number, number];
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Median (Hyndman–Fan type 7, as every quantile here). */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 99th percentile; with fewer than ~100 values it interpolates near the maximum. */
  p99: number;
  /** Number of values (replications). */
  n: number;
  /** Unit of every number above, e.g. "s", "bytes", "ratio". */
  unit: string;
  /**
   * Only for a pooled ratio (`mttr_s`, `mtbf_s`, a mechanism's mean over
   * events): the number of events pooled, Σ denominators.
   */
  events?: number;
  /**
   * Only for a pooled ratio: what `stddev`, `min`, `max` and the quantiles
   * describe: the individual `events` (each outage, each detection), or the
   * per-replication ratios (`replications`, for `mtbf_s`).
   */
  spread?: "events" | "replications";
}

/**
 * Summarises `values` (one per replication, in a fixed order: the sums are
 * taken in that order, so the same values in the same order give
 * bit-identical results).
 *
 * With a single value there is no estimate of spread at all; rather than
 * emit NaN (which JSON cannot carry) the stddev is reported as 0 and the
 * interval collapses to [mean, mean]. Read n = 1 as "no interval", not as
 * "no uncertainty". Throws on no values or on a non-finite value, naming
 * `name` (the metric) when given.
 */
export function summarize(values: readonly number[], unit: string, name?: string): MetricSummary {
  const what = name === undefined ? "summarize" : `summarize(${JSON.stringify(name)})`;
  const n = values.length;
  if (n === 0) throw new RangeError(`${what}: no values to summarise`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new RangeError(`${what}: value ${i} is ${v}; every value must be finite`);
    sum += v;
  }
  if (!Number.isFinite(sum)) throw new RangeError(`${what}: the sum of the values overflows`);
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  // Rounding can put sum/n an ulp outside [min, max] (three copies of 0.1); the true mean never is.
  const mean = Math.min(Math.max(sum / n, min), max);
  // The corrected two-pass variance (Chan, Golub & LeVeque, 1983): the
  // second sum cancels the rounding error of the mean to first order.
  let squares = 0;
  let deviations = 0;
  for (const v of values) {
    const d = v - mean;
    squares += d * d;
    deviations += d;
  }
  const variance = n > 1 ? Math.max(0, (squares - (deviations * deviations) / n) / (n - 1)) : 0;
  const stddev = Math.sqrt(variance);
  const halfWidth = n > 1 ? (studentTQuantile(0.975, n - 1) * stddev) / Math.sqrt(n) : 0;
  return {
    mean,
    stddev,
    ci95: [mean - halfWidth, mean + halfWidth],
    min,
    max,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    n,
    unit,
  };
}
