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
import { naturalCompare } from "../math/natural-order.js";

interface Column<T> {
  unit: string;
  cells: Map<number, T>;
}

/**
 * Per metric, one cell of type T per replication index, with the checks
 * every mergeable result needs: a (metric, replication) pair is recorded at
 * most once and a metric keeps one unit. The building block of
 * {@link ReplicationValues} and `CensoredValues`; cells are validated by them.
 * @internal not re-exported from the stats index.
 */
export class ReplicationTable<T> {
  readonly #columns = new Map<string, Column<T>>();
  readonly #owner: string;

  /** @param owner Name used in error messages, e.g. "ReplicationValues". */
  constructor(owner: string) {
    this.#owner = owner;
  }

  /** Stores `cell` for (metric, replication); throws on a duplicate pair or a unit that differs from the metric's. */
  record(metric: string, replication: number, cell: T, unit: string): void {
    const where = `${this.#owner}: metric ${JSON.stringify(metric)}`;
    if (typeof metric !== "string" || metric === "") throw new TypeError(`${where}: name must be a non-empty string`);
    if (!Number.isSafeInteger(replication) || replication < 0) {
      throw new RangeError(`${where}: replication index must be an integer ≥ 0, got ${replication}`);
    }
    if (typeof unit !== "string") throw new TypeError(`${where}: unit must be a string`);
    let column = this.#columns.get(metric);
    if (column === undefined) {
      column = { unit, cells: new Map() };
      this.#columns.set(metric, column);
    } else if (column.unit !== unit) {
      throw new Error(`${where}: recorded in unit "${unit}" but earlier in "${column.unit}"`);
    }
    if (column.cells.has(replication)) {
      throw new Error(
        `${where}: replication ${replication} is already recorded ` +
          `(overlapping shards, or a metric recorded twice in one replication)`,
      );
    }
    column.cells.set(replication, cell);
  }

  /** Copies every cell of `other` into this table, with the same checks as {@link record}. */
  absorb(other: ReplicationTable<T>): void {
    for (const [metric, column] of other.#columns) {
      for (const [replication, cell] of column.cells) this.record(metric, replication, cell, column.unit);
    }
  }

  /**
   * Metric names in natural order (`g2` before `g10`), by code unit
   * otherwise, never by locale, whose order depends on the machine.
   */
  metrics(): string[] {
    return [...this.#columns.keys()].sort(naturalCompare);
  }

  /** The unit of `metric`; throws if the metric was never recorded. */
  unit(metric: string): string {
    return this.#column(metric).unit;
  }

  /** `metric`'s cells as [replication, cell] pairs (fresh arrays) in ascending replication order. */
  cells(metric: string): [replication: number, cell: T][] {
    return [...this.#column(metric).cells].sort((x, y) => x[0] - y[0]);
  }

  /**
   * A record keyed by metric name in sorted order, built with
   * `Object.fromEntries` so that even "__proto__" stays an own key.
   * (JavaScript lists integer-like keys such as "42" first whatever the
   * insertion order; metric names are not expected to be numbers.)
   */
  byMetric<V>(valueOf: (metric: string) => V): Record<string, V> {
    return Object.fromEntries(this.metrics().map((metric) => [metric, valueOf(metric)]));
  }

  /**
   * Reads the JSON shape `{ metrics: { [name]: { unit, values: [cell...] } } }`
   * written by the owners' toJSON, handing each raw cell to `recordCell`.
   */
  static readJSON(
    json: unknown,
    owner: string,
    recordCell: (metric: string, unit: string, cell: unknown) => void,
  ): void {
    const metrics = (json as { metrics?: unknown } | null)?.metrics;
    if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) {
      throw new TypeError(`${owner}.fromJSON: expected an object with a "metrics" object`);
    }
    for (const [metric, entry] of Object.entries(metrics)) {
      const { unit, values } = (entry ?? {}) as { unit?: unknown; values?: unknown };
      if (typeof unit !== "string" || !Array.isArray(values)) {
        throw new TypeError(`${owner}.fromJSON: metric "${metric}" needs a string "unit" and a "values" array`);
      }
      for (const cell of values) recordCell(metric, unit, cell);
    }
  }

  #column(metric: string): Column<T> {
    const column = this.#columns.get(metric);
    if (column === undefined) throw new RangeError(`${this.#owner}: no metric named ${JSON.stringify(metric)}`);
    return column;
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
  readonly #table = new ReplicationTable<number>("ReplicationValues");

  /**
   * Records that `replication` observed `value` (in `unit`) for `metric`.
   * Throws on a non-finite value, a negative or fractional replication
   * index, a (metric, replication) pair already recorded, or a unit differing
   * from the metric's earlier one.
   */
  record(metric: string, replication: number, value: number, unit: string): this {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new RangeError(
        `ReplicationValues: metric ${JSON.stringify(metric)} replication ${replication} has value ${value}; ` +
          `values must be finite`,
      );
    }
    this.#table.record(metric, replication, value, unit);
    return this;
  }

  /**
   * A new object holding the union of `parts` (which are left unchanged).
   * Throws if two parts hold the same (metric, replication) pair or disagree
   * on a metric's unit. The result does not depend on the order of `parts`.
   */
  static merge(...parts: readonly ReplicationValues[]): ReplicationValues {
    const merged = new ReplicationValues();
    for (const part of parts) merged.#table.absorb(part.#table);
    return merged;
  }

  /** Metric names in sorted order (UTF-16 code units, locale-independent). */
  metricNames(): string[] {
    return this.#table.metrics();
  }

  /** The unit of `metric`; throws if it was never recorded. */
  unit(metric: string): string {
    return this.#table.unit(metric);
  }

  /** `metric`'s values in ascending replication order. */
  values(metric: string): number[] {
    return this.#table.cells(metric).map(([, value]) => value);
  }

  /** {@link summarize} of every metric over its values in replication order, keyed in sorted name order. */
  summaries(): Record<string, MetricSummary> {
    return this.#table.byMetric((name) => summarize(this.values(name), this.unit(name), name));
  }

  /** A JSON-safe snapshot, metrics in sorted name order; {@link fromJSON} of it gives an equal object. */
  toJSON(): ReplicationValuesJSON {
    return { metrics: this.#table.byMetric((name) => ({ unit: this.unit(name), values: this.#table.cells(name) })) };
  }

  /** Rebuilds from {@link toJSON} output (e.g. a shard file), with the same checks as {@link record}. */
  static fromJSON(json: unknown): ReplicationValues {
    const result = new ReplicationValues();
    ReplicationTable.readJSON(json, "ReplicationValues", (metric, unit, pair) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`ReplicationValues.fromJSON: "${metric}" values must be [replication, value] pairs`);
      }
      result.record(metric, pair[0] as number, pair[1] as number, unit);
    });
    return result;
  }
}
