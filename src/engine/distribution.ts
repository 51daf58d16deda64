import type { RandomStream } from "./random.js";

/**
 * A distribution of non-negative values (durations in seconds, usually),
 * already resolved to numbers: the scenario layer turns `mean: 1000h` or
 * `afr: 2%` into these.
 */
export type DistributionSpec =
  | { kind: "exponential"; mean: number }
  | { kind: "weibull"; shape: number; scale: number }
  | { kind: "lognormal"; mu: number; sigma: number }
  | { kind: "gamma"; shape: number; scale: number }
  | { kind: "normal"; mean: number; stddev: number } // truncated at 0
  | { kind: "uniform"; min: number; max: number }
  | { kind: "deterministic"; value: number }
  | { kind: "empirical"; samples: readonly number[] }
  | { kind: "mixture"; components: readonly { weight: number; dist: DistributionSpec }[] };

export type DistributionKind = DistributionSpec["kind"];

export interface Distribution {
  readonly spec: DistributionSpec;
  /** Draws one value using the given stream. */
  sample(rng: RandomStream): number;
  /** Exact mean of the distribution as sampled (after truncation, for the normal). */
  readonly mean: number;
  /** Exact variance of the distribution as sampled. */
  readonly variance: number;
  /** Cumulative distribution function, for goodness-of-fit tests. */
  cdf(x: number): number;
}
