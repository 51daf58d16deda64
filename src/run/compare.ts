/**
 * Paired comparison of two designs (`ftsim compare`). Both run with the same
 * seed and replication indices, so replication r of A and replication r of
 * B draw from the same streams for every component and mechanism they share
 * (common random numbers). The per-replication differences d_r = b_r − a_r
 * then vary much less than the two designs do, and their Student-t interval
 * is narrower than the unpaired (Welch) interval of the same data (Law,
 * Simulation Modeling and Analysis, 5th ed., 2015, §10.2 and §11.2).
 *
 * A ratio metric (`mttr_s`, `mtbf_s`, a mechanism's mean over events) is
 * reported as a pooled ratio Σnum / Σden, so its B − A is the difference of
 * the two pooled ratios, with the paired delta-method interval over
 * replications ({@link pairedRatioDifference}); the regression gate uses the
 * same estimator, so `compare` and `check` never disagree on a ratio.
 */
import type { Scenario } from "../scenario/schema.js";
import { pairedRatioDifference, studentTCdf, studentTQuantile, withinRounding, type MetricSummary, type RatioCell } from "../stats/index.js";
import { VERSION } from "../version.js";
import type { ReplicationExecutor } from "./pool.js";
import { runBatched, type PrecisionTarget } from "./precision.js";
import type { PrecisionRecord, ScenarioIdentity } from "./result.js";
import { summariseOutputs } from "./runner.js";
import { naturalCompare } from "../math/natural-order.js";

/** Mean, spread and 95% interval of the paired differences b_r − a_r. */
export interface PairedDifference {
  /** Mean of the differences; null when no replication defines the metric in both. */
  difference: number | null;
  /** Sample standard deviation of the differences (n − 1); null when n < 2. */
  stddev: number | null;
  /** difference ± t(0.975; n − 1)·stddev/√n; null when n < 2. */
  ci95: [number, number] | null;
  /** Replications where both values are defined (the pairs). */
  n: number;
  /** Whether the interval excludes 0. */
  significant: boolean;
  /** Two-sided p-value of the paired t test of "no difference"; null when n < 2. */
  p_value: number | null;
}

/** The unpaired comparison of the same values, for reference: Welch's interval for mean(b) − mean(a). */
export interface UnpairedDifference {
  /** mean(b) − mean(a) over each side's defined values; null when a side has none. */
  difference: number | null;
  /** Welch's 95% interval; null when a side has fewer than 2 values. */
  ci95: [number, number] | null;
  /** Welch–Satterthwaite degrees of freedom; null without an interval or when both sides are constant. */
  df: number | null;
}

const isNumber = (x: number | null | undefined): x is number => typeof x === "number";

function meanAndVariance(xs: readonly number[]): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let squares = 0;
  for (const x of xs) squares += (x - mean) ** 2;
  return { mean, variance: xs.length > 1 ? squares / (xs.length - 1) : 0 };
}

/**
 * The paired differences b_r − a_r over the replications r where both values
 * are defined (index r in both arrays; a longer array's extra values are
 * left out).
 */
export function pairedDifference(a: readonly (number | null)[], b: readonly (number | null)[]): PairedDifference {
  const d: number[] = [];
  for (let r = 0; r < Math.min(a.length, b.length); r++) {
    const x = a[r];
    const y = b[r];
    if (isNumber(x) && isNumber(y)) d.push(y - x);
  }
  const n = d.length;
  if (n === 0) return { difference: null, stddev: null, ci95: null, n, significant: false, p_value: null };
  const { mean, variance } = meanAndVariance(d);
  if (n < 2) return { difference: mean, stddev: null, ci95: null, n, significant: false, p_value: null };
  const stddev = Math.sqrt(variance);
  const se = stddev / Math.sqrt(n);
  const half = studentTQuantile(0.975, n - 1) * se;
  const ci95: [number, number] = [mean - half, mean + half];
  // Differences that are all rounding (the same value computed in another order) are no difference.
  const scale = Math.max(...[a, b].map((v) => v.reduce<number>((m, x) => (isNumber(x) ? Math.max(m, Math.abs(x)) : m), 0)));
  if (d.every((x) => withinRounding(x, scale))) return { difference: 0, stddev: 0, ci95: [0, 0], n, significant: false, p_value: 1 };
  // With no spread at all the difference is exact: significant unless it is 0.
  const p_value = se === 0 ? (mean === 0 ? 1 : 0) : 2 * studentTCdf(-Math.abs(mean / se), n - 1);
  return { difference: mean, stddev, ci95, n, significant: ci95[0] > 0 || ci95[1] < 0, p_value };
}

/** Welch's interval for mean(b) − mean(a), each side over its defined values, ignoring the pairing. */
export function welchDifference(a: readonly (number | null)[], b: readonly (number | null)[]): UnpairedDifference {
  const xa = a.filter(isNumber);
  const xb = b.filter(isNumber);
  if (xa.length === 0 || xb.length === 0) return { difference: null, ci95: null, df: null };
  const A = meanAndVariance(xa);
  const B = meanAndVariance(xb);
  const difference = B.mean - A.mean;
  if (xa.length < 2 || xb.length < 2) return { difference, ci95: null, df: null };
  const va = A.variance / xa.length;
  const vb = B.variance / xb.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, ci95: [difference, difference], df: null };
  const df = (va + vb) ** 2 / (va ** 2 / (xa.length - 1) + vb ** 2 / (xb.length - 1));
  const half = studentTQuantile(0.975, df) * se;
  return { difference, ci95: [difference - half, difference + half], df };
}

/**
 * The unpaired reference for two pooled ratios: B − A with each side's
 * standard error read off its delta-method interval, Welch–Satterthwaite df.
 */
export function unpairedFromSummaries(a: MetricSummary, b: MetricSummary): UnpairedDifference {
  const difference = b.mean - a.mean;
  if (a.n < 2 || b.n < 2) return { difference, ci95: null, df: null };
  const se2 = (s: MetricSummary) => (Math.max(s.mean - s.ci95[0], s.ci95[1] - s.mean, 0) / studentTQuantile(0.975, s.n - 1)) ** 2;
  const va = se2(a);
  const vb = se2(b);
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, ci95: [difference, difference], df: null };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = studentTQuantile(0.975, df) * se;
  return { difference, ci95: [difference - half, difference + half], df };
}

/** How B − A was estimated. */
export type CompareMethod =
  /** Mean of the per-replication differences, paired Student-t interval. */
  | "paired-mean"
  /** Difference of the pooled ratios Σnum/Σden, paired delta-method interval over replications. */
  | "paired-pooled-ratio";

/** One metric compared between A and B. */
export interface MetricComparison extends PairedDifference {
  /** How `difference` and `ci95` were estimated. */
  method: CompareMethod;
  unit: string;
  /** A's reported mean (its summary's `mean`: the pooled ratio for `mttr_s` and `mtbf_s`). */
  a: number;
  /** B's reported mean. */
  b: number;
  unpaired: UnpairedDifference;
}

/** The parts of a result a comparison reads. */
export interface ComparableResult {
  metrics: Record<string, MetricSummary>;
  values: Record<string, (number | null)[]>;
  /** Per ratio metric, each replication's [numerator, denominator] (a result's `ratios`). */
  ratios?: Record<string, readonly (readonly [number, number])[]>;
}

/** Every metric of both results compared, and those only one of them has. */
export interface Comparison {
  /** By metric name, in sorted order. */
  metrics: Record<string, MetricComparison>;
  only_in_a: string[];
  only_in_b: string[];
}

const cells = (parts: readonly (readonly [number, number])[]): RatioCell[] => parts.map(([numerator, denominator]) => ({ numerator, denominator }));

/**
 * Compares two results replication by replication. A ratio metric (one
 * with `ratios` parts on both sides) is compared by the difference of the
 * pooled ratios, so `difference` is exactly `b − a`; any other by the mean
 * of the per-replication differences.
 */
export function compareResults(a: ComparableResult, b: ComparableResult): Comparison {
  const names = Object.keys(a.metrics).filter((m) => b.metrics[m] !== undefined).sort(naturalCompare);
  const metrics = Object.fromEntries(
    names.map((name): [string, MetricComparison] => {
      const sa = a.metrics[name]!;
      const sb = b.metrics[name]!;
      const head = { unit: sa.unit, a: sa.mean, b: sb.mean };
      const ra = a.ratios?.[name];
      const rb = b.ratios?.[name];
      if (ra !== undefined && rb !== undefined) {
        const paired = pairedRatioDifference(cells(ra), cells(rb));
        return [name, { method: "paired-pooled-ratio", ...head, ...paired, unpaired: unpairedFromSummaries(sa, sb) }];
      }
      const va = a.values[name] ?? [];
      const vb = b.values[name] ?? [];
      return [name, { method: "paired-mean", ...head, ...pairedDifference(va, vb), unpaired: welchDifference(va, vb) }];
    }),
  );
  return {
    metrics,
    only_in_a: Object.keys(a.metrics).filter((m) => b.metrics[m] === undefined).sort(naturalCompare),
    only_in_b: Object.keys(b.metrics).filter((m) => a.metrics[m] === undefined).sort(naturalCompare),
  };
}

/** One side of a comparison in the document. */
export interface CompareSide {
  /** How the side is called in reports: a variant's name, or the scenario's name (its file when both names are equal). */
  label: string;
  scenario: ScenarioIdentity;
  /** Replications this side completed. */
  replications: number;
  horizon_s: number;
}

/** The `ftsim.compare/v1` document. */
export interface CompareDocument extends Comparison {
  schema: "ftsim.compare/v1";
  ftsim_version: string;
  outcome: "ok" | "limit-hit";
  /** What stopped the runs, when `outcome` is `limit-hit`. */
  limit?: string;
  /** The seed both sides ran with. */
  seed: number | string;
  /** Paired replications (both sides completed them). */
  replications: number;
  a: CompareSide;
  b: CompareSide;
  /** How a `--precision` comparison stopped (the target applies to each side's metrics). */
  precision?: PrecisionRecord;
  reproduce: string;
}

/** A side to run: its label, its scenario (seed and replications as the other's) and where it came from. */
export interface CompareInput {
  label: string;
  scenario: Scenario;
  identity: ScenarioIdentity;
}

export interface CompareOptions {
  precision?: PrecisionTarget;
  onProgress?: (done: number, total: number) => void;
  /** The command that reproduces the comparison. */
  reproduce: string;
  /** Where replications run (runner.ts); the same results either way. */
  executor?: ReplicationExecutor | undefined;
}

/**
 * Runs A and B with the same seed and replications (batch by batch with a
 * precision target) and compares them.
 *
 * @throws {RangeError} when the two scenarios differ in seed or replications (the caller aligns them)
 */
export function runComparison(a: CompareInput, b: CompareInput, options: CompareOptions): CompareDocument {
  if (a.scenario.seed !== b.scenario.seed || a.scenario.replications !== b.scenario.replications) {
    throw new RangeError("runComparison: both sides need the same seed and replications to be paired");
  }
  const runs = runBatched([a, b], options.precision, options.onProgress, options.executor);
  const [ra, rb] = runs.outputs.map((o) => summariseOutputs(o)) as [ReturnType<typeof summariseOutputs>, ReturnType<typeof summariseOutputs>];
  const side = (s: CompareInput, i: number): CompareSide => ({
    label: s.label,
    scenario: s.identity,
    replications: runs.outputs[i]!.length,
    horizon_s: s.scenario.horizon,
  });
  const comparison = compareResults(ra, rb);
  return {
    schema: "ftsim.compare/v1",
    ftsim_version: VERSION,
    outcome: runs.limit === undefined ? "ok" : "limit-hit",
    ...(runs.limit === undefined ? {} : { limit: runs.limit }),
    seed: a.scenario.seed,
    replications: Math.min(runs.outputs[0]!.length, runs.outputs[1]!.length),
    a: side(a, 0),
    b: side(b, 1),
    ...comparison,
    ...(runs.precision === undefined ? {} : { precision: runs.precision }),
    reproduce: options.reproduce,
  };
}
