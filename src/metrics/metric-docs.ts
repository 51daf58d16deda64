import type { MetricDoc } from "../mechanisms/mechanism.js";

/** Metrics every run reports, whatever its mechanisms (each per replication, then summarised). */
export const SERVICE_METRICS: readonly MetricDoc[] = [
  { name: "availability", unit: "fraction", description: "fraction of the window [warmup, horizon] the service was up" },
  { name: "unavailability", unit: "fraction", description: "down time / window, computed directly (easier to read for highly available systems)" },
  { name: "downtime_s", unit: "s", description: "total service down time in the window" },
  { name: "outages", unit: "count", description: "service outages that began in the window" },
  { name: "mttr_s", unit: "s", description: "Σ duration / Σ count of the outages that began and ended in the window, pooled over replications; spread and quantiles over the outages" },
  { name: "mtbf_s", unit: "s", description: "Σ up time in the window / Σ outages, pooled over replications (absent when no replication had one); spread and quantiles over the per-replication ratios" },
  { name: "component_availability", unit: "fraction", description: "mean availability of the individual components" },
  { name: "events", unit: "count", description: "simulation events processed (a measure of the run's cost)" },
];

/** Times to events, right-censored at the horizon; reported under `time_to_event`. */
export const TIME_TO_EVENT_METRICS: readonly MetricDoc[] = [
  { name: "first_failure_s", unit: "s", description: "time from 0 to the first service outage: the sample mean when no replication was censored, else the Kaplan–Meier mean restricted to the horizon (method says which); the exponential MLE separately, as exponential_mle" },
];
