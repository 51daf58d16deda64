/**
 * Ratio estimators over replications: MTTR = total outage time / outages,
 * MTBF = total up time / outages. The mean of per-replication ratios is
 * biased when replications see few events (a replication with 1 outage
 * weighs as much as one with 100, and one with none drops out); the pooled
 * ratio Σnum / Σden is consistent. Its 95% interval comes from the delta
 * method over replications (Cochran, Sampling Techniques, 3rd ed., 1977,
 * §6.4): SE = sqrt(Σ(numᵢ − R·denᵢ)² / (n(n−1))) / mean(den), with a
 * Student-t quantile on n − 1 degrees of freedom.
 */

import { ReplicationTable } from "./replication-values.js";
import { studentTCdf, studentTQuantile } from "./student-t.js";
import { summarize, type MetricSummary } from "./summary.js";

/** One replication's numerator and denominator (e.g. outage seconds and outages). */
export interface RatioCell {
  numerator: number;
  denominator: number;
  /**
   * For a mean over events: the events' values (their sum is the numerator,
   * their count the denominator). When every cell has them, the summary's
   * spread and quantiles are over the events.
   */
  events?: readonly number[];
}

/**
 * The pooled ratio with its delta-method 95% CI as `mean` and `ci95`; `n`
 * counts every replication (one without events included). The spread and
 * quantiles (`stddev`, `min`...`p99`) describe the events when every cell
 * carries them (`spread: "events"`: the p99 of detection latencies, not of
 * replication means), else the per-replication ratios of the replications
 * with a non-zero denominator (`spread: "replications"`); `events` is
 * Σ denominators. Returns undefined when the denominators sum to 0 (no
 * event at all).
 */
export function summarizeRatio(cells: readonly RatioCell[], unit: string, name?: string): MetricSummary | undefined {
  const n = cells.length;
  let numerator = 0;
  let denominator = 0;
  for (const c of cells) {
    if (!(Number.isFinite(c.numerator) && Number.isFinite(c.denominator) && c.denominator >= 0)) {
      throw new RangeError(`summarizeRatio(${JSON.stringify(name ?? "")}): bad cell ${JSON.stringify(c)}`);
    }
    numerator += c.numerator;
    denominator += c.denominator;
  }
  if (denominator === 0) return undefined;
  const ratio = numerator / denominator;
  const overEvents = cells.every((c) => c.events !== undefined);
  const spread = overEvents
    ? summarize(cells.flatMap((c) => c.events as readonly number[]), unit, name)
    : summarize(
        cells.filter((c) => c.denominator > 0).map((c) => c.numerator / c.denominator),
        unit,
        name,
      );
  let halfWidth = 0;
  if (n > 1) {
    let squares = 0;
    for (const c of cells) squares += (c.numerator - ratio * c.denominator) ** 2;
    const se = Math.sqrt(squares / (n * (n - 1))) / (denominator / n);
    halfWidth = studentTQuantile(0.975, n - 1) * se;
  }
  return {
    ...spread,
    mean: ratio,
    ci95: [ratio - halfWidth, ratio + halfWidth],
    n,
    events: denominator,
    spread: overEvents ? "events" : "replications",
  };
}

/** Per ratio metric, each replication's (numerator, denominator), merged exactly by replication index. */
export class RatioValues {
  readonly #table = new ReplicationTable<RatioCell>("RatioValues");

  record(metric: string, replication: number, cell: RatioCell, unit: string): this {
    const events = cell.events === undefined ? {} : { events: [...cell.events] };
    if (cell.events !== undefined && cell.events.length !== cell.denominator) {
      throw new RangeError(`RatioValues: metric ${JSON.stringify(metric)} replication ${replication}: ${cell.events.length} events for a count of ${cell.denominator}`);
    }
    this.#table.record(metric, replication, { numerator: cell.numerator, denominator: cell.denominator, ...events }, unit);
    return this;
  }

  /** A new object holding the union of `parts`; throws on overlaps or unit conflicts. */
  static merge(...parts: readonly RatioValues[]): RatioValues {
    const merged = new RatioValues();
    for (const part of parts) merged.#table.absorb(part.#table);
    return merged;
  }

  /** {@link summarizeRatio} of every metric with at least one event, in replication order, keyed in sorted name order. */
  summaries(): Record<string, MetricSummary> {
    const all = this.#table.byMetric((name) =>
      summarizeRatio(this.#table.cells(name).map(([, c]) => c), this.#table.unit(name), name),
    );
    return Object.fromEntries(Object.entries(all).filter((e): e is [string, MetricSummary] => e[1] !== undefined));
  }
}

/** The difference of two pooled ratios, B − A, over paired replications. */
export interface RatioDifference {
  /** R_B − R_A with R = Σnum / Σden over the pairs; null when a side has no event (Σden = 0). */
  difference: number | null;
  /**
   * Sample standard deviation of the linearised per-replication differences
   * zᵣ = (num_Bᵣ − R_B·den_Bᵣ)/mean(den_B) − (num_Aᵣ − R_A·den_Aᵣ)/mean(den_A),
   * so that the difference's standard error is stddev/√n; null when n < 2.
   */
  stddev: number | null;
  /** difference ± t(0.975; n − 1)·stddev/√n; null when n < 2 or no difference. */
  ci95: [number, number] | null;
  /** Pairs: replications present on both sides (a replication without events counts, with den = 0). */
  n: number;
  /** Whether the interval excludes 0. */
  significant: boolean;
  /** Two-sided p-value of "no difference" (Student t on n − 1 df); null without an interval. */
  p_value: number | null;
}

/**
 * The paired delta-method comparison of two pooled ratios (e.g. MTTR of
 * design B against design A, run with common random numbers): the estimate
 * is the difference of the pooled ratios, and its variance is that of the
 * sum of the two linearised ratio estimators, taken replication by
 * replication so that the positive correlation of the pairs narrows it
 * (Cochran 1977, §6.4, applied to a difference as in Law 2015, §11.2).
 * The cells are paired by position; a longer array's extra cells are left out.
 */
export function pairedRatioDifference(a: readonly RatioCell[], b: readonly RatioCell[]): RatioDifference {
  const n = Math.min(a.length, b.length);
  const none: RatioDifference = { difference: null, stddev: null, ci95: null, n, significant: false, p_value: null };
  let na = 0, da = 0, nb = 0, db = 0;
  for (let r = 0; r < n; r++) {
    na += a[r]!.numerator;
    da += a[r]!.denominator;
    nb += b[r]!.numerator;
    db += b[r]!.denominator;
  }
  if (da === 0 || db === 0) return none;
  const ra = na / da;
  const rb = nb / db;
  const difference = rb - ra;
  if (n < 2) return { ...none, difference };
  const ma = da / n;
  const mb = db / n;
  let squares = 0;
  for (let r = 0; r < n; r++) {
    // Each linearised term has mean exactly 0 over the pairs, so no centring is needed.
    const z = (b[r]!.numerator - rb * b[r]!.denominator) / mb - (a[r]!.numerator - ra * a[r]!.denominator) / ma;
    squares += z * z;
  }
  const stddev = Math.sqrt(squares / (n - 1));
  const se = stddev / Math.sqrt(n);
  const half = studentTQuantile(0.975, n - 1) * se;
  const ci95: [number, number] = [difference - half, difference + half];
  // A constant metric (a checkpoint's duration, an interval) differs only by the order of its sums.
  if (withinRounding(difference, Math.max(Math.abs(ra), Math.abs(rb)))) return { difference: 0, stddev, ci95: [0, 0], n, significant: false, p_value: 1 };
  const p_value = se === 0 ? (difference === 0 ? 1 : 0) : Math.min(1, 2 * studentTCdf(-Math.abs(difference / se), n - 1));
  return { difference, stddev, ci95, n, significant: ci95[0] > 0 || ci95[1] < 0, p_value };
}

/**
 * Whether a difference is floating-point rounding of two equal quantities of
 * magnitude `scale`: sums of the same values in another order differ by a
 * few ulps, never a sign of a real difference.
 */
export function withinRounding(difference: number, scale: number): boolean {
  return Math.abs(difference) <= 1e-12 * scale;
}
