/**
 * Time-to-event figures under right censoring, such as the time to first data
 * loss when most replications reach the horizon without one. Averaging only
 * the replications that saw the event would be biased low; averaging the
 * horizon in for the others, too. What is reported depends on the data:
 *
 * - nothing censored: the plain sample mean of the times, with its Student-t
 *   interval (method `sample-mean`), right whatever the lifetime's shape;
 * - some replications censored: the Kaplan–Meier (1958) estimate, whose
 *   mean can only be taken up to the largest time seen (the horizon): the
 *   restricted mean ∫₀^τ S(t) dt (method `kaplan-meier-restricted`, with
 *   `restricted_to` = τ), with the Greenwood-type interval of Klein &
 *   Moeschberger, Survival Analysis, 2nd ed., 2003, §4.5. It is a lower
 *   bound of the unrestricted mean, and says so in its label.
 *
 * The Kaplan–Meier median is reported in both cases. The exponential
 * (constant-rate) MLE, total exposure / events with the exact chi-square
 * interval for time-censored data (Epstein, 1960; MIL-HDBK-781A):
 *   [2T / χ²_{0.975, 2r+2},  2T / χ²_{0.025, 2r}]
 * is kept only as a separate, labelled figure (`exponential_mle`): for a
 * lifetime that is not exponential (a parallel pair, wear-out) it is biased
 * and its interval miscalibrated.
 */

import { chiSquareQuantile } from "./chi-square.js";
import { ReplicationTable } from "./replication-values.js";
import { studentTQuantile } from "./student-t.js";

/** One replication's outcome: the event at `time`, or no event by `time` (the horizon). */
export interface CensoredObservation {
  /** Time of the event, or of censoring (the horizon), in the metric's unit; finite and ≥ 0. */
  time: number;
  /** true if the event happened at `time`; false if the replication ended at `time` without it. */
  observed: boolean;
}

/** The exponential (constant-rate) MLE of a mean time to event: a model-based figure, labelled as such. */
export interface ExponentialMle {
  /** Total exposure / events; null when no replication saw the event (the MLE would be infinite). */
  estimate: number | null;
  /**
   * With r ≥ 1 events: [2T/χ²_{0.975, 2r+2}, 2T/χ²_{0.025, 2r}] (two-sided).
   * With no events: [2T/χ²_{0.95, 2}, null], the one-sided 95% lower bound.
   */
  ci95: [number, number | null];
}

/** How a {@link CensoredSummary}'s `mean` was estimated. */
export type CensoredMethod = "sample-mean" | "kaplan-meier-restricted";

/** Estimated time to event under right censoring; every time is in `unit`. */
export interface CensoredSummary {
  /**
   * `sample-mean` when no replication was censored (the mean of the times);
   * `kaplan-meier-restricted` otherwise (the Kaplan–Meier mean restricted to
   * [0, `restricted_to`], which is below the true mean when the lifetime can
   * outlast the horizon).
   */
  method: CensoredMethod;
  /** The sample mean, or the Kaplan–Meier restricted mean up to `restricted_to`. */
  mean: number;
  /**
   * 95% interval of `mean`: Student t on n − 1 df for the sample mean; the
   * normal interval with the Klein–Moeschberger variance for the restricted
   * mean. [mean, mean] with one observation or no spread.
   */
  ci95: [number, number];
  /** τ, the upper limit of the restricted mean (the largest time seen: the horizon); null for the sample mean. */
  restricted_to: number | null;
  /**
   * Kaplan–Meier median time to event: distribution-free. null when fewer
   * than half of the replications saw the event.
   */
  median: number | null;
  /** Replications in which the event was observed (r). */
  events: number;
  /** Replications that reached the horizon without it. */
  censored: number;
  /** Total exposure T: the sum of all times (events and censorings). */
  exposure: number;
  /** Number of replications, events + censored. */
  n: number;
  /** Unit of every time here, e.g. "s". */
  unit: string;
  /** The exponential MLE, for reference only: right only for a constant failure rate. */
  exponential_mle: ExponentialMle;
}

function checkObservation(o: CensoredObservation, where: string): void {
  if (typeof o !== "object" || o === null || typeof o.observed !== "boolean") {
    throw new TypeError(`${where}: expected { time, observed: boolean }, got ${JSON.stringify(o)}`);
  }
  if (typeof o.time !== "number" || !Number.isFinite(o.time) || o.time < 0) {
    throw new RangeError(`${where}: time must be finite and ≥ 0, got ${o.time}`);
  }
}

/** 97.5% quantile of the standard normal. */
const Z975 = 1.959963984540054;

/**
 * Summarises one observation per replication (in a fixed order, so the sums
 * round the same way every time). Throws on no observations or on an
 * invalid one, naming `name` (the metric) when given.
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
  const censored = n - events;
  const central =
    censored === 0
      ? { method: "sample-mean" as const, ...sampleMean(observations.map((o) => o.time)), restricted_to: null }
      : { method: "kaplan-meier-restricted" as const, ...kaplanMeierRestrictedMean(observations) };
  return {
    ...central,
    median: kaplanMeierMedian(observations),
    events,
    censored,
    exposure,
    n,
    unit,
    exponential_mle: exponentialMle(exposure, events),
  };
}

function sampleMean(times: readonly number[]): { mean: number; ci95: [number, number] } {
  const n = times.length;
  const mean = times.reduce((a, t) => a + t, 0) / n;
  if (n < 2) return { mean, ci95: [mean, mean] };
  const variance = times.reduce((a, t) => a + (t - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  // Times are never negative: clipping at 0 keeps the coverage and removes impossible values.
  return { mean, ci95: [Math.max(0, mean - half), mean + half] };
}

/** The exponential MLE and its chi-square interval from total exposure T and r events. */
export function exponentialMle(exposure: number, events: number): ExponentialMle {
  const twiceT = 2 * exposure;
  if (events === 0) return { estimate: null, ci95: [twiceT / chiSquareQuantile(0.95, 2), null] };
  return {
    estimate: exposure / events,
    ci95: [twiceT / chiSquareQuantile(0.975, 2 * events + 2), twiceT / chiSquareQuantile(0.025, 2 * events)],
  };
}

/** The Kaplan–Meier steps: each distinct event time with its deaths and number at risk (events before censorings at ties). */
function kaplanMeierSteps(observations: readonly CensoredObservation[]): { time: number; deaths: number; atRisk: number }[] {
  const sorted = [...observations].sort((a, b) => a.time - b.time || Number(b.observed) - Number(a.observed));
  const steps: { time: number; deaths: number; atRisk: number }[] = [];
  let atRisk = sorted.length;
  let i = 0;
  while (i < sorted.length) {
    const time = (sorted[i] as CensoredObservation).time;
    let deaths = 0;
    let leaving = 0;
    for (; i < sorted.length && (sorted[i] as CensoredObservation).time === time; i++) {
      if ((sorted[i] as CensoredObservation).observed) deaths += 1;
      leaving += 1;
    }
    if (deaths > 0) steps.push({ time, deaths, atRisk });
    atRisk -= leaving;
  }
  return steps;
}

/**
 * The Kaplan–Meier mean restricted to [0, τ], τ the largest time observed
 * (event or censoring): μ̂ = ∫₀^τ Ŝ(t) dt, with the variance
 * Σ A_i² d_i / (Y_i (Y_i − d_i)) over the event times t_i, A_i = ∫_{t_i}^τ Ŝ(t) dt
 * (Klein & Moeschberger 2003, eq. 4.5.1–4.5.2), and a normal 95% interval.
 */
export function kaplanMeierRestrictedMean(observations: readonly CensoredObservation[]): {
  mean: number;
  ci95: [number, number];
  restricted_to: number;
} {
  observations.forEach((o, i) => checkObservation(o, `kaplanMeierRestrictedMean: observation ${i}`));
  if (observations.length === 0) throw new RangeError("kaplanMeierRestrictedMean: no observations");
  // A loop, not Math.max(...): one observation per replication, and 200 000 arguments overflow the stack.
  let tau = -Infinity;
  for (const o of observations) if (o.time > tau) tau = o.time;
  const steps = kaplanMeierSteps(observations);
  // Survival just after each step, and the area under Ŝ from each step to τ.
  const after: number[] = [];
  let survival = 1;
  for (const s of steps) {
    survival *= 1 - s.deaths / s.atRisk;
    after.push(survival);
  }
  const tail: number[] = new Array<number>(steps.length).fill(0);
  let area = 0;
  for (let k = steps.length - 1; k >= 0; k--) {
    const end = k + 1 < steps.length ? steps[k + 1]!.time : tau;
    area += after[k]! * (end - steps[k]!.time);
    tail[k] = area;
  }
  const mean = (steps.length > 0 ? steps[0]!.time : tau) + area;
  let variance = 0;
  steps.forEach((s, k) => {
    // Y = d (everyone at risk fails) leaves Ŝ = 0 after it, so A = 0: no contribution.
    if (s.atRisk > s.deaths) variance += (tail[k]! ** 2 * s.deaths) / (s.atRisk * (s.atRisk - s.deaths));
  });
  const half = Z975 * Math.sqrt(variance);
  return { mean, ci95: [Math.max(0, mean - half), Math.min(tau, mean + half)], restricted_to: tau };
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
  let survival = 1;
  for (const s of kaplanMeierSteps(observations)) {
    survival *= 1 - s.deaths / s.atRisk;
    if (survival <= 0.5 + 1e-12) return s.time;
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
