import { EventLimitError } from "../engine/errors.js";
import type { Scenario } from "../scenario/schema.js";
import { CensoredValues, RatioValues, ReplicationValues, type MetricSummary } from "../stats/index.js";
import { VERSION } from "../version.js";
import { runReplication, type ReplicationOutput } from "./replication.js";
import type { RunResult, ScenarioIdentity } from "./result.js";

export interface RunnerOptions {
  /** Called after each replication with (done, total); for progress display only. */
  onProgress?: (done: number, total: number) => void;
  /** Extra words for the `reproduce` command line (e.g. `--horizon 1y` if it was overridden). */
  reproduceFlags?: string;
}

/**
 * Runs every replication of a scenario in order and summarises them.
 * The scenario carries the effective seed, replications and horizon
 * (command-line overrides are applied before this).
 */
export function runScenario(scenario: Scenario, source: ScenarioIdentity, options: RunnerOptions = {}): RunResult {
  const outputs: ReplicationOutput[] = [];
  let limit: string | undefined;
  for (let r = 0; r < scenario.replications; r++) {
    try {
      outputs.push(runReplication(scenario, scenario.seed, r));
    } catch (e) {
      if (!(e instanceof EventLimitError)) throw e;
      limit = `replication ${r}: ${e.message}`;
      break;
    }
    options.onProgress?.(r + 1, scenario.replications);
  }
  const base = {
    schema: "ftsim.result/v1" as const,
    ftsim_version: VERSION,
    scenario: source,
    seed: scenario.seed,
    replications: outputs.length,
    horizon_s: scenario.horizon,
    warmup_s: scenario.warmup,
    ...summarise(outputs),
    reproduce:
      `ftsim run ${source.file} --seed ${scenario.seed} --replications ${scenario.replications}` +
      (options.reproduceFlags ? ` ${options.reproduceFlags}` : ""),
  };
  const { schema, ftsim_version, ...rest } = base;
  // Key order is part of the bytes: schema and version first, then the outcome.
  return limit === undefined
    ? { schema, ftsim_version, outcome: "ok", ...rest }
    : { schema, ftsim_version, outcome: "limit-hit", limit, ...rest };
}

/** Summaries of replication outputs; exact and independent of the order they arrive in. */
export function summarise(outputs: readonly ReplicationOutput[]): Pick<RunResult, "metrics" | "time_to_event"> {
  const values = new ReplicationValues();
  const times = new CensoredValues();
  const ratios = new RatioValues();
  for (const output of outputs) {
    for (const [name, r] of Object.entries(output.ratios)) {
      ratios.record(name, output.replication, { numerator: r.numerator, denominator: r.denominator }, r.unit);
    }
    for (const [name, { value, unit }] of Object.entries(output.values)) values.record(name, output.replication, value, unit);
    for (const [name, t] of Object.entries(output.times)) {
      times.record(name, output.replication, { time: t.time, observed: t.observed }, t.unit);
    }
  }
  const time_to_event = outputs.length > 0 ? times.summaries() : {};
  // Sorted by name: the key order is part of the result's bytes.
  const unsorted = outputs.length > 0 ? { ...values.summaries(), ...ratios.summaries() } : {};
  const metrics = Object.fromEntries(Object.entries(unsorted).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const summary of Object.values(metrics)) clampToDomain(summary);
  return { metrics, time_to_event };
}

/**
 * The natural range of a metric's values, by unit: fractions lie in [0, 1];
 * durations and counts are never negative.
 */
const DOMAINS: Readonly<Record<string, readonly [number, number]>> = {
  fraction: [0, 1],
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
