import { CensoredValues, RatioValues, ReplicationValues, wilsonInterval, type CensoredSummary, type MetricSummary } from "../stats/index.js";
import type { ReplicationOutput } from "./replication-output.js";

/** The aggregate part of a result: summaries over replications. */
export interface Summaries {
  /** Summaries over replications, by metric name (sorted). */
  metrics: Record<string, MetricSummary>;
  /** Times to events with right-censoring at the horizon, by name. */
  time_to_event: Record<string, CensoredSummary>;
}

/** Summaries of replication outputs; exact and independent of the order they arrive in. */
export function summarise(outputs: readonly ReplicationOutput[]): Summaries {
  const values = new ReplicationValues();
  const times = new CensoredValues();
  const ratios = new RatioValues();
  // A ratio metric a replication did not report saw no event there: it counts, with 0 events.
  const ratioUnits = new Map<string, string>();
  for (const output of outputs) for (const [name, r] of Object.entries(output.ratios)) if (!ratioUnits.has(name)) ratioUnits.set(name, r.unit);
  /** Metrics in unit `probability` and whether every value so far is 0 or 1 (a Bernoulli indicator). */
  const indicators = new Map<string, boolean>();
  for (const output of outputs) {
    for (const [name, unit] of ratioUnits) {
      const r = output.ratios[name];
      if (r === undefined) ratios.record(name, output.replication, { numerator: 0, denominator: 0, events: [] }, unit);
      else ratios.record(name, output.replication, { numerator: r.numerator, denominator: r.denominator, ...(r.events === undefined ? {} : { events: r.events }) }, r.unit);
    }
    for (const [name, { value, unit }] of Object.entries(output.values)) {
      values.record(name, output.replication, value, unit);
      if (unit === "probability") indicators.set(name, (indicators.get(name) ?? true) && (value === 0 || value === 1));
    }
    for (const [name, t] of Object.entries(output.times)) {
      times.record(name, output.replication, { time: t.time, observed: t.observed }, t.unit);
    }
  }
  const time_to_event = outputs.length > 0 ? times.summaries() : {};
  // Sorted by name: the key order is part of the result's bytes.
  const unsorted = outputs.length > 0 ? { ...values.summaries(), ...ratios.summaries() } : {};
  const metrics = Object.fromEntries(Object.entries(unsorted).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const summary of Object.values(metrics)) clampToDomain(summary);
  for (const [name, bernoulli] of indicators) {
    const summary = metrics[name];
    // A 0/1 value per replication (data loss by the horizon or not): the binomial interval, not Student-t.
    if (bernoulli && summary !== undefined) summary.ci95 = wilsonInterval(Math.round(summary.mean * summary.n), summary.n);
  }
  return { metrics, time_to_event };
}

/**
 * The natural range of a metric's values, by unit: fractions lie in [0, 1];
 * durations and counts are never negative.
 */
const DOMAINS: Readonly<Record<string, readonly [number, number]>> = {
  fraction: [0, 1],
  probability: [0, 1],
  s: [0, Infinity],
  count: [0, Infinity],
  bytes: [0, Infinity],
};

/**
 * Clips a Student-t interval to the metric's natural range (a downtime's
 * interval never goes below 0, an availability's never above 1). The clipped
 * interval contains the true mean whenever the raw one does, so coverage is
 * kept; only impossible values are removed.
 */
function clampToDomain(summary: MetricSummary): void {
  const domain = DOMAINS[summary.unit];
  if (domain === undefined) return;
  summary.ci95 = [Math.max(domain[0], summary.ci95[0]), Math.min(domain[1], summary.ci95[1])];
}
