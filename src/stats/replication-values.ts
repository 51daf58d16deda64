/**
 * Exact merging of partial results. Workers and shards each run some
 * replications and return, per metric, the value each replication observed,
 * keyed by replication index. Merging is a union of those cells, and
 * summaries are computed from the values sorted by replication index, so
 * any split of the replications merged in any order yields bit-identical
 * summaries to a single run (DESIGN.md, "Determinism"). Floating-point
 * accumulators (Welford) could not promise that: their rounding depends on
 * the merge order.
 */

import { summarize, type MetricSummary } from "./summary.js";

interface Column {
  unit: string;
  values: Map<number, number>;
}

/**
 * Checks a replication index: an integer ≥ 0 (shared with censored.ts).
 * @internal not part of the public API.
 */
export function checkReplication(replication: number, where: string): void {
  if (!Number.isSafeInteger(replication) || replication < 0) {
    throw new RangeError(`${where}: replication index must be an integer ≥ 0, got ${replication}`);
  }
}

/** The JSON form of {@link ReplicationValues}: metrics in sorted name order, values in replication order. */
export interface ReplicationValuesJSON {
  metrics: Record<string, { unit: string; values: [replication: number, value: number][] }>;
}

/**
 * Per metric, the value observed in each replication (one number per
 * replication index, in the metric's unit). JSON-serialisable via
 * {@link toJSON}/{@link fromJSON}, so workers and shard files can carry it.
 */
export class ReplicationValues {
  readonly #columns = new Map<string, Column>();

  /**
   * Records that `replication` observed `value` (in `unit`) for `metric`.
   * Throws on a non-finite value, a negative or fractional replication
   * index, a (metric, replication) pair already recorded, or a unit differing
   * from the metric's earlier one.
   */
  record(metric: string, replication: number, value: number, unit: string): this {
    const where = `ReplicationValues: metric ${JSON.stringify(metric)}`;
    if (typeof metric !== "string" || metric === "") throw new TypeError(`${where}: name must be a non-empty string`);
    checkReplication(replication, where);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new RangeError(`${where}: replication ${replication} has value ${value}; values must be finite`);
    }
    if (typeof unit !== "string") throw new TypeError(`${where}: unit must be a string`);
    let column = this.#columns.get(metric);
    if (column === undefined) {
      column = { unit, values: new Map() };
      this.#columns.set(metric, column);
    } else if (column.unit !== unit) {
      throw new Error(`${where}: recorded in unit "${unit}" but earlier in "${column.unit}"`);
    }
    if (column.values.has(replication)) {
      throw new Error(
        `${where}: replication ${replication} already has a value ` +
          `(overlapping shards, or a metric recorded twice in one replication)`,
      );
    }
    column.values.set(replication, value);
    return this;
  }

  /**
   * A new object holding the union of `parts` (which are left unchanged).
   * Throws if two parts hold the same (metric, replication) pair or disagree
   * on a metric's unit. The result does not depend on the order of `parts`.
   */
  static merge(...parts: readonly ReplicationValues[]): ReplicationValues {
    const merged = new ReplicationValues();
    for (const part of parts) {
      for (const [metric, column] of part.#columns) {
        for (const [replication, value] of column.values) merged.record(metric, replication, value, column.unit);
      }
    }
    return merged;
  }

  /**
   * Metric names in ascending UTF-16 code-unit order (`Array.prototype.sort`,
   * not `localeCompare`, whose order depends on the machine's locale).
   */
  metricNames(): string[] {
    return [...this.#columns.keys()].sort();
  }

  /** The unit of `metric`; throws if it was never recorded. */
  unit(metric: string): string {
    return this.#column(metric).unit;
  }

  /** `metric`'s values in ascending replication order. */
  values(metric: string): number[] {
    return this.#pairs(metric).map(([, value]) => value);
  }

  /**
   * {@link summarize} of every metric over its values in replication order,
   * keyed in sorted name order. (JavaScript lists integer-like keys such as
   * "42" first whatever the insertion order; metric names are not numbers.)
   */
  summaries(): Record<string, MetricSummary> {
    return Object.fromEntries(
      this.metricNames().map((name) => [name, summarize(this.values(name), this.unit(name), name)]),
    );
  }

  /** A JSON-safe snapshot, metrics in sorted name order; {@link fromJSON} of it gives an equal object. */
  toJSON(): ReplicationValuesJSON {
    return {
      metrics: Object.fromEntries(
        this.metricNames().map((name) => [name, { unit: this.unit(name), values: this.#pairs(name) }]),
      ),
    };
  }

  /** Rebuilds from {@link toJSON} output (e.g. a shard file), with the same checks as {@link record}. */
  static fromJSON(json: unknown): ReplicationValues {
    const metrics = (json as { metrics?: unknown } | null)?.metrics;
    if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) {
      throw new TypeError(`ReplicationValues.fromJSON: expected an object with a "metrics" object`);
    }
    const result = new ReplicationValues();
    for (const [metric, entry] of Object.entries(metrics)) {
      const { unit, values } = (entry ?? {}) as { unit?: unknown; values?: unknown };
      if (typeof unit !== "string" || !Array.isArray(values)) {
        throw new TypeError(`ReplicationValues.fromJSON: metric "${metric}" needs a string "unit" and a "values" array`);
      }
      for (const pair of values) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new TypeError(`ReplicationValues.fromJSON: "${metric}" values must be [replication, value] pairs`);
        }
        result.record(metric, pair[0] as number, pair[1] as number, unit);
      }
    }
    return result;
  }

  #column(metric: string): Column {
    const column = this.#columns.get(metric);
    if (column === undefined) throw new RangeError(`ReplicationValues: no metric named ${JSON.stringify(metric)}`);
    return column;
  }

  /** [replication, value] pairs in ascending replication order (fresh arrays). */
  #pairs(metric: string): [replication: number, value: number][] {
    return [...this.#column(metric).values].sort((x, y) => x[0] - y[0]);
  }
}
