import { z } from "zod";
import type { DistributionSpec } from "../engine/distribution.js";
import { makeDistribution } from "../engine/distributions.js";
import {
  erlang,
  exponentialFromAfr,
  exponentialFromFit,
  exponentialFromMean,
  gammaFromMeanShape,
  lognormalFromMeanCv,
  normalTruncated,
  weibullFromMeanShape,
} from "../engine/reliability-params.js";
import { duration, percent } from "./zod-units.js";

const positive = () => z.number().positive();

/**
 * Wraps a conversion to a DistributionSpec so that parameters the engine
 * rejects (an AFR of 150 %, a uniform with min = max...) become issues at
 * the distribution's path instead of exceptions.
 */
function checked<T>(convert: (d: T) => DistributionSpec) {
  return (d: T, ctx: z.RefinementCtx): DistributionSpec => {
    try {
      const spec = convert(d);
      makeDistribution(spec);
      return spec;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message });
      return z.NEVER;
    }
  };
}

/**
 * The distributions of durations as scenario files write them, each turned
 * into the engine's `DistributionSpec` (seconds). Exactly one of the
 * alternative parameterisations must be given where there are several.
 */
const exponential = z
  .strictObject({
    dist: z.literal("exponential"),
    /** Mean time, e.g. `1000h`. */
    mean: duration().optional(),
    /** Annualised failure rate in %/year (disks), e.g. `2%`. */
    afr: percent().optional(),
    /** Failures in time: failures per 1e9 device-hours (DIMMs, chips). */
    fit: positive().optional(),
  })
  .superRefine(exactlyOne(["mean", "afr", "fit"]))
  .transform(checked((d): DistributionSpec =>
    d.mean !== undefined ? exponentialFromMean(d.mean) : d.afr !== undefined ? exponentialFromAfr(d.afr) : exponentialFromFit(d.fit!),
  ));

const weibull = z
  .strictObject({
    dist: z.literal("weibull"),
    /** Shape k (>1: wear-out, <1: infant mortality). */
    shape: positive(),
    /** Scale η (characteristic life), e.g. `5y`. */
    scale: duration().optional(),
    /** Mean life, e.g. `5y` (scale is derived: η = mean/Γ(1+1/k)). */
    mean: duration().optional(),
  })
  .superRefine(exactlyOne(["scale", "mean"]))
  .transform(checked((d): DistributionSpec =>
    d.scale !== undefined ? { kind: "weibull", shape: d.shape, scale: d.scale } : weibullFromMeanShape(d.mean!, d.shape),
  ));

const lognormal = z
  .strictObject({
    dist: z.literal("lognormal"),
    /** Mean, e.g. `8h` (with cv). */
    mean: duration().optional(),
    /** Coefficient of variation (stddev/mean), with mean. */
    cv: positive().optional(),
    /** Median, e.g. `6h` (with sigma). */
    median: duration().optional(),
    /** Standard deviation of the underlying normal, with median. */
    sigma: positive().optional(),
  })
  .superRefine((d, ctx) => {
    const meanForm = d.mean !== undefined || d.cv !== undefined;
    const medianForm = d.median !== undefined || d.sigma !== undefined;
    const complete = (d.mean !== undefined && d.cv !== undefined) !== (d.median !== undefined && d.sigma !== undefined);
    if (!complete || (meanForm && medianForm)) {
      ctx.addIssue({ code: "custom", message: "lognormal takes either mean + cv or median + sigma" });
    }
  })
  .transform(checked((d): DistributionSpec =>
    d.mean !== undefined ? lognormalFromMeanCv(d.mean, d.cv!) : { kind: "lognormal", mu: Math.log(d.median!), sigma: d.sigma! },
  ));

const gamma = z
  .strictObject({ dist: z.literal("gamma"), /** Shape. */ shape: positive(), /** Mean, e.g. `10h`. */ mean: duration() })
  .transform(checked((d): DistributionSpec => gammaFromMeanShape(d.mean, d.shape)));

const erlangDist = z
  .strictObject({ dist: z.literal("erlang"), /** Number of phases. */ k: z.int().positive(), /** Mean, e.g. `10h`. */ mean: duration() })
  .transform(checked((d): DistributionSpec => erlang(d.k, d.mean)));

const normal = z
  .strictObject({ dist: z.literal("normal"), /** Mean before truncation at 0. */ mean: duration(), /** Stddev before truncation. */ stddev: duration() })
  .transform(checked((d): DistributionSpec => normalTruncated(d.mean, d.stddev)));

const uniform = z
  .strictObject({ dist: z.literal("uniform"), min: duration(), max: duration() })
  .refine((d) => d.max >= d.min, { message: "uniform needs max >= min", path: ["max"] })
  .transform(checked((d): DistributionSpec => ({ kind: "uniform", min: d.min, max: d.max })));

const deterministic = z
  .strictObject({ dist: z.literal("deterministic"), value: duration() })
  .transform(checked((d): DistributionSpec => ({ kind: "deterministic", value: d.value })));

const empirical = z
  .strictObject({ dist: z.literal("empirical"), /** Observed durations, resampled uniformly. */ samples: z.array(duration()).min(1) })
  .transform(checked((d): DistributionSpec => ({ kind: "empirical", samples: d.samples })));

type DistributionInput = z.input<typeof exponential>;

/** A distribution of durations: `{ dist: <kind>, ...parameters }`. */
export const distribution: z.ZodType<DistributionSpec, DistributionInput | Record<string, unknown>> = z.lazy(() =>
  z.discriminatedUnion("dist", [exponential, weibull, lognormal, gamma, erlangDist, normal, uniform, deterministic, empirical, mixture]),
);

const mixture = z
  .strictObject({
    dist: z.literal("mixture"),
    components: z.array(z.strictObject({ weight: positive(), of: distribution })).min(1),
  })
  .transform(checked((d): DistributionSpec => ({ kind: "mixture", components: d.components.map((c) => ({ weight: c.weight, dist: c.of })) })));

/**
 * A time that is fixed when written as a duration (`30s`) and random when
 * written as a distribution; either way a DistributionSpec (a duration is
 * `deterministic`). A misspelt distribution is reported as such: the loader
 * picks the form whose problems lie deepest in the value.
 */
export function fixedOrDistribution(): z.ZodType<DistributionSpec, unknown> {
  return z.union([duration().transform((value): DistributionSpec => ({ kind: "deterministic", value })), distribution]);
}

/** The names accepted after `dist:`, with their parameters, for `ftsim list` and the docs. */
export const DISTRIBUTION_PARAMETERS: readonly (readonly [string, string])[] = [
  ["exponential", "mean (duration) | afr (%/year) | fit (failures per 1e9 h)"],
  ["weibull", "shape, and scale | mean (duration)"],
  ["lognormal", "mean + cv | median + sigma"],
  ["gamma", "shape, mean"],
  ["erlang", "k (phases), mean"],
  ["normal", "mean, stddev (truncated at 0)"],
  ["uniform", "min, max"],
  ["deterministic", "value"],
  ["empirical", "samples (list of durations, resampled uniformly)"],
  ["mixture", "components: [{weight, of: <distribution>}]"],
];

function exactlyOne<K extends string>(keys: readonly K[]) {
  return (d: Partial<Record<K, unknown>>, ctx: z.RefinementCtx): void => {
    const given = keys.filter((k) => d[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          given.length === 0
            ? `needs one of ${keys.join(", ")}`
            : `give only one of ${keys.join(", ")} (got ${given.join(" and ")})`,
      });
    }
  };
}
