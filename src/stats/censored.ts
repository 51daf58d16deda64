/**
 * Time-to-event figures under right censoring, such as the time to first data
 * loss when most replications reach the horizon without one. Averaging only
 * the replications that saw the event would be biased low; averaging the
 * horizon in for the others, too. Instead each replication contributes its
 * exposure (time until the event or the horizon) and whether the event was
 * observed, and the mean time to event is estimated under an exponential
 * (constant-rate) model: the MLE is total exposure / events, with the exact
 * chi-square interval for time-censored (time-terminated) data (Epstein,
 * 1960; the MTBF bounds of MIL-HDBK-781A):
 *   [2T / χ²_{0.975, 2r+2},  2T / χ²_{0.025, 2r}]
 * The constant rate is the assumption to check: wear-out or infant mortality
 * make the estimate describe an average rate over the horizon only.
 */

import { chiSquareQuantile } from "./chi-square.js";
import { ReplicationTable } from "./replication-values.js";

/** One replication's outcome: the event at `time`, or no event by `time` (the horizon). */
export interface CensoredObservation {
  /** Time of the event, or of censoring (the horizon), in the metric's unit; finite and ≥ 0. */
  time: number;
  /** true if the event happened at `time`; false if the replication ended at `time` without it. */
  observed: boolean;
}

/** Estimated mean time to event under right censoring; every time is in `unit`. */
export interface CensoredSummary {
  /**
   * Exponential MLE of the mean time to event: total exposure / events.
   * null when no replication saw the event (the MLE would be infinite).
   */
  estimate: number | null;
  /**
   * 95% confidence interval for the mean time to event. With r ≥ 1 events:
   * [2T/χ²_{0.975, 2r+2}, 2T/χ²_{0.025, 2r}] (two-sided). With no events:
   * [2T/χ²_{0.95, 2}, null], the one-sided 95% lower bound with no upper
   * bound: "at least this long, with 95% confidence".
   */
  ci95: [number, number | null];
  /** Replications in which the event was observed (r). */
  events: number;
  /** Replications that reached the horizon without it. */
  censored: number;
  /** Total exposure T: the sum of all times (events and censorings). */
  exposure: number;
  /** Number of replications, events + censored. */
  n: number;
  /**
   * Kaplan–Meier median time to event: distribution-free, so it stays right
   * when the times are far from exponential (wear-out, k-of-n lifetimes),
   * where `estimate` assumes they are. null when fewer than half of the
   * replications saw the event.
   */
  median: number | null;
  /** Unit of estimate, ci95 and exposure, e.g. "s". */
  unit: string;
  /** The estimator; only the exponential MLE for now. */
  method: "exponential-mle";
}

function checkObservation(o: CensoredObservation, where: string): void {
  if (typeof o !== "object" || o === null || typeof o.observed !== "boolean") {
    throw new TypeError(`${where}: expected { time, observed: boolean }, got ${JSON.stringify(o)}`);
  }
  if (typeof o.time !== "number" || !Number.isFinite(o.time) || o.time < 0) {
    throw new RangeError(`${where}: time must be finite and ≥ 0, got ${o.time}`);
  }
}

/**
 * Summarises one observation per replication (in a fixed order, so the sum of
 * exposures rounds the same way every time). Throws on no observations or on
 * an invalid one, naming `name` (the metric) when given.
 */
export function summarizeCensored(
  observations: readonly CensoredObservation[],
  unit: string,
  name?: string,
): CensoredSummary {
  const what = name === undefined ? "summarizeCensored" : `summarizeCensored(${JSON.stringify(name)})`;
  const n = observations.length;
  if (n === 0) throw new RangeError(`${what}: no observations to summarise`);
  let exposure = 0;
  let events = 0;
  observations.forEach((o, i) => {
    checkObservation(o, `${what}: observation ${i}`);
    exposure += o.time;
    if (o.observed) events += 1;
  });
  const twiceT = 2 * exposure;
  const base = {
    events,
    censored: n - events,
    exposure,
    n,
    median: kaplanMeierMedian(observations),
    unit,
    method: "exponential-mle" as const,
  };
  if (events === 0) {
    return { estimate: null, ci95: [twiceT / chiSquareQuantile(0.95, 2), null], ...base };
  }
  return {
    estimate: exposure / events,
    ci95: [twiceT / chiSquareQuantile(0.975, 2 * events + 2), twiceT / chiSquareQuantile(0.025, 2 * events)],
    ...base,
  };
}

/**
 * The Kaplan–Meier (1958) estimate of the median time to event: the
 * smallest observed event time at which the estimated survival S(t) falls to
 * ½ or below (with 1e-12 slack, so that products such as ¾·⅔ that are ½ in
 * exact arithmetic count). At tied times, events are taken before
 * censorings, the usual convention. null when S(t) never reaches ½ (too few
 * events before the horizon): the median is then only known to exceed the
 * last time. Distribution-free, unlike {@link summarizeCensored}.
 */
export function kaplanMeierMedian(observations: readonly CensoredObservation[]): number | null {
  observations.forEach((o, i) => checkObservation(o, `kaplanMeierMedian: observation ${i}`));
  const sorted = [...observations].sort((a, b) => a.time - b.time || Number(b.observed) - Number(a.observed));
  let atRisk = sorted.length;
  let survival = 1;
  let i = 0;
  while (i < sorted.length) {
    const time = (sorted[i] as CensoredObservation).time;
    let deaths = 0;
    let leaving = 0;
    for (; i < sorted.length && (sorted[i] as CensoredObservation).time === time; i++) {
      if ((sorted[i] as CensoredObservation).observed) deaths += 1;
      leaving += 1;
    }
    if (deaths > 0) {
      survival *= 1 - deaths / atRisk;
      if (survival <= 0.5 + 1e-12) return time;
    }
    atRisk -= leaving;
  }
  return null;
}

/** The JSON form of {@link CensoredValues}: metrics in sorted name order, cells in replication order. */
export interface CensoredValuesJSON {
  metrics: Record<string, { unit: string; values: [replication: number, time: number, observed: boolean][] }>;
}

/**
 * Per time-to-event metric, each replication's censored observation, merged
 * exactly like `ReplicationValues`: a union keyed by replication index,
 * summarised in replication order, so any sharding of the replications gives
 * bit-identical summaries.
 */
export class CensoredValues {
  readonly #table = new ReplicationTable<CensoredObservation>("CensoredValues");

  /**
   * Records `replication`'s outcome for `metric` (times in `unit`). Throws on
   * an invalid observation, a (metric, replication) pair already recorded,
   * or a unit differing from the metric's earlier one.
   */
  record(metric: string, replication: number, observation: CensoredObservation, unit: string): this {
    checkObservation(observation, `CensoredValues: metric ${JSON.stringify(metric)} replication ${replication}`);
    this.#table.record(metric, replication, { time: observation.time, observed: observation.observed }, unit);
    return this;
  }

  /** A new object holding the union of `parts` (left unchanged); throws on overlaps or unit conflicts. */
  static merge(...parts: readonly CensoredValues[]): CensoredValues {
    const merged = new CensoredValues();
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

  /** `metric`'s observations in ascending replication order (copies). */
  observations(metric: string): CensoredObservation[] {
    return this.#table.cells(metric).map(([, o]) => ({ ...o }));
  }

  /** {@link summarizeCensored} of every metric in replication order, keyed in sorted name order. */
  summaries(): Record<string, CensoredSummary> {
    return this.#table.byMetric((name) => summarizeCensored(this.observations(name), this.unit(name), name));
  }

  /** A JSON-safe snapshot; {@link fromJSON} of it gives an equal object. */
  toJSON(): CensoredValuesJSON {
    return {
      metrics: this.#table.byMetric((name) => ({
        unit: this.unit(name),
        values: this.#table.cells(name).map(([r, o]): [number, number, boolean] => [r, o.time, o.observed]),
      })),
    };
  }

  /** Rebuilds from {@link toJSON} output, with the same checks as {@link record}. */
  static fromJSON(json: unknown): CensoredValues {
    const result = new CensoredValues();
    ReplicationTable.readJSON(json, "CensoredValues", (metric, unit, cell) => {
      if (!Array.isArray(cell) || cell.length !== 3) {
        throw new TypeError(
          `CensoredValues.fromJSON: "${metric}" values must be [replication, time, observed] triples`,
        );
      }
      result.record(metric, cell[0] as number, { time: cell[1] as number, observed: cell[2] as boolean }, unit);
    });
    return result;
  }
}
