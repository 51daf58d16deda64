/** Synthetic baseline entries and runs for the regression-check tests. */
import type { BaselineScenario, PerReplicationValues } from "../../src/run/baseline.js";
import type { RunSide } from "../../src/report/regression.js";
import { summarize, type MetricSummary } from "../../src/stats/index.js";

/** Metric name → [unit, per-replication values]. */
export type Columns = Record<string, [unit: string, values: (number | null)[]]>;

function summaries(columns: Columns): Record<string, MetricSummary> {
  return Object.fromEntries(
    Object.entries(columns).map(([name, [unit, values]]) => [name, summarize(values.filter((v): v is number => v !== null), unit, name)]),
  );
}

function values(columns: Columns): PerReplicationValues {
  return Object.fromEntries(Object.entries(columns).map(([name, [, v]]) => [name, v]));
}

/** A baseline entry named `name` whose metrics are summaries of `columns`. */
export function entry(columns: Columns, name = "s", hash = "sha256:aa"): BaselineScenario {
  const n = Object.values(columns)[0]?.[1].length ?? 0;
  return {
    scenario: { name, file: `${name}.yaml`, hash },
    seed: 1,
    replications: n,
    horizon_s: 1000,
    warmup_s: 0,
    metrics: summaries(columns),
    values: values(columns),
  };
}

/** A new run of `name` (same seed and replications as {@link entry} unless told), with or without its values. */
export function run(columns: Columns, options: { name?: string; hash?: string; seed?: number; withValues?: boolean } = {}): RunSide {
  const name = options.name ?? "s";
  const n = Object.values(columns)[0]?.[1].length ?? 0;
  const side: RunSide = {
    scenario: { name, file: `${name}.yaml`, hash: options.hash ?? "sha256:aa" },
    seed: options.seed ?? 1,
    replications: n,
    metrics: summaries(columns),
  };
  if (options.withValues !== false) side.values = values(columns);
  return side;
}

/** 30 deterministic, varied values around `mean` (a fixed pattern, not random). */
export function around(mean: number, spread: number, n = 30): number[] {
  return Array.from({ length: n }, (_, i) => mean + spread * Math.sin(1.7 * i + 0.3));
}
