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
import { studentTQuantile } from "./student-t.js";
import { summarize, type MetricSummary } from "./summary.js";

/** One replication's numerator and denominator (e.g. outage seconds and outages). */
export interface RatioCell {
  numerator: number;
  denominator: number;
}

/**
 * The pooled ratio with its delta-method 95% CI as `mean` and `ci95`; the
 * spread and quantiles (`stddev`, `min`...`p99`) describe the per-replication
 * ratios of the replications with a non-zero denominator; `n` counts every
 * replication. Returns undefined when the denominators sum to 0 (no event at all).
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
  const perReplication = summarize(
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
  return { ...perReplication, mean: ratio, ci95: [ratio - halfWidth, ratio + halfWidth], n };
}

/** Per ratio metric, each replication's (numerator, denominator), merged exactly by replication index. */
export class RatioValues {
  readonly #table = new ReplicationTable<RatioCell>("RatioValues");

  record(metric: string, replication: number, cell: RatioCell, unit: string): this {
    this.#table.record(metric, replication, { numerator: cell.numerator, denominator: cell.denominator }, unit);
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
