/**
 * Sequential stopping on a precision target (`--precision 1%`): run the
 * scenario's replications, then add batches of the same size until every
 * selected metric's 95% CI half-width is at most target × |mean|, or a cap
 * on replications is reached. Replication r always draws from the streams
 * of (seed, r), so a precision run that ends with n replications has the
 * same metrics, byte for byte, as a plain run of n replications.
 *
 * Checking the interval after every batch and stopping when it is narrow
 * enough makes the final interval's coverage slightly below 95% (the
 * stopping rule is data-dependent; Law, Simulation Modeling and Analysis,
 * 5th ed., 2015, §9.4.1). Batches as large as the initial run keep the
 * number of looks small (at most the cap / initial, 10 by default).
 */
import { LIMIT_ENV, LIMITS } from "../scenario/limits.js";
import { findMechanism } from "../mechanisms/registry.js";
import { summarise } from "../metrics/aggregate.js";
import { SERVICE_METRICS } from "../metrics/metric-docs.js";
import { suggest } from "../math/did-you-mean.js";
import type { Scenario } from "../scenario/schema.js";
import type { MetricSummary } from "../stats/index.js";
import type { ReplicationOutput } from "./replication.js";
import type { PrecisionRecord, RunResult, ScenarioIdentity } from "./result.js";
import type { ReplicationExecutor } from "./pool.js";
import { reproduceCommand, resultDocument, runReplications, summariseOutputs, type RunnerOptions } from "./runner.js";

/** Metrics a precision target applies to when none are named: the two figures a reliability gate usually watches. */
export const DEFAULT_PRECISION_METRICS: readonly string[] = ["unavailability", "mttr_s"];

/** The default cap, as a multiple of the initial replications. */
export const DEFAULT_CAP_FACTOR = 10;

/** A precision target, as given on the command line. */
export interface PrecisionTarget {
  /** Largest CI half-width allowed, as a fraction of |mean| (0.01 for `1%`); > 0. */
  target: number;
  /** Metrics that must meet it; default {@link DEFAULT_PRECISION_METRICS}. */
  metrics?: readonly string[];
  /** Most replications to run (per point); default {@link DEFAULT_CAP_FACTOR} × the initial replications. */
  maxReplications?: number;
}

/** A precision target the scenario cannot take; `option` names the setting. */
export class PrecisionError extends Error {
  override readonly name = "PrecisionError";
  constructor(
    readonly option: "precision" | "precisionMetrics" | "maxReplications",
    message: string,
  ) {
    super(message);
  }
}

/** The metric names a run of these scenarios can report: the service metrics and each mechanism entry's own. */
export function knownMetrics(scenarios: readonly Scenario[]): string[] {
  const names = new Set(SERVICE_METRICS.map((m) => m.name));
  for (const s of scenarios) {
    for (const entry of s.mechanisms as { type: string; name?: string }[]) {
      for (const m of findMechanism(entry.type)?.metrics ?? []) names.add(`${entry.name ?? entry.type}.${m.name}`);
    }
  }
  return [...names];
}

/**
 * Checks a target against the scenarios (all with the same replications)
 * and fills in its defaults.
 *
 * @throws {PrecisionError} for a target ≤ 0, an unknown metric name (with a did-you-mean), or a cap below the initial replications
 */
export function resolvePrecision(precision: PrecisionTarget, scenarios: readonly Scenario[]): Required<PrecisionTarget> {
  const initial = scenarios[0]?.replications ?? 0;
  if (!(precision.target > 0 && precision.target < Infinity)) {
    throw new PrecisionError("precision", `the target must be a fraction of the mean above 0, such as 1% or 0.05, got ${precision.target}`);
  }
  const metrics = [...(precision.metrics ?? DEFAULT_PRECISION_METRICS)];
  const known = knownMetrics(scenarios);
  for (const name of metrics) {
    if (known.includes(name)) continue;
    const close = suggest(name, known);
    throw new PrecisionError(
      "precisionMetrics",
      `no metric named "${name}"${close !== undefined ? `; did you mean "${close}"?` : `; known metrics: ${known.join(", ")}`}`,
    );
  }
  if (metrics.length === 0) throw new PrecisionError("precisionMetrics", "name at least one metric");
  const maxReplications = precision.maxReplications ?? Math.min(DEFAULT_CAP_FACTOR * initial, Math.max(initial, LIMITS.maxReplications));
  if (!(Number.isSafeInteger(maxReplications) && maxReplications >= initial)) {
    throw new PrecisionError("maxReplications", `the cap must be at least the initial ${initial} replications, got ${maxReplications}`);
  }
  if (maxReplications > LIMITS.maxReplications) {
    throw new PrecisionError("maxReplications", `at most ${LIMITS.maxReplications} replications are allowed (set ${LIMIT_ENV.maxReplications} to raise the limit), got ${maxReplications}`);
  }
  return { target: precision.target, metrics, maxReplications };
}

/** How far a metric is from the target: its relative half-width, or why it has none. */
function shortfall(summary: MetricSummary | undefined, target: number): string | undefined {
  if (summary === undefined) return "not observed yet (no replication defined it)";
  if (summary.n < 2) return "observed in fewer than 2 replications, so it has no interval yet";
  // The interval may be clipped to the metric's range on one side; the other side keeps the full half-width.
  const half = Math.max(summary.mean - summary.ci95[0], summary.ci95[1] - summary.mean);
  if (summary.mean === 0) return "has mean 0, so a relative target cannot be met (select other metrics with --precision-metrics)";
  const relative = half / Math.abs(summary.mean);
  return relative <= target ? undefined : `half-width ${percent(relative)} of the mean`;
}

function percent(x: number): string {
  return `${Number((100 * x).toPrecision(3))}%`;
}

/** The outputs of several scenarios run in lock-step batches, and how the batching ended. */
export interface BatchedRuns {
  /** Per scenario, its outputs in replication order. */
  outputs: ReplicationOutput[][];
  /** What stopped the runs early, prefixed with the scenario's label when there are several. */
  limit?: string;
  /** Present when a target was given. */
  precision?: PrecisionRecord;
}

/**
 * Runs several scenarios (a sweep's points, the two sides of a comparison)
 * replication batch by batch, all with the same replication indices, so
 * they stay paired. Without a target, one batch of the scenarios' own
 * replications. With one, further batches of the same size until every
 * selected metric of every scenario meets it, or the cap. The first
 * replication to exceed the event limit stops everything.
 */
export function runBatched(
  scenarios: readonly { label: string; scenario: Scenario }[],
  precision: PrecisionTarget | undefined,
  onProgress?: (done: number, total: number) => void,
  executor?: ReplicationExecutor,
): BatchedRuns {
  const initial = scenarios[0]?.scenario.replications ?? 0;
  const resolved = precision === undefined ? undefined : resolvePrecision(precision, scenarios.map((s) => s.scenario));
  const outputs = scenarios.map((): ReplicationOutput[] => []);
  let done = 0;
  let planned = initial;
  for (;;) {
    const from = outputs[0]?.length ?? 0;
    for (const [i, { label, scenario }] of scenarios.entries()) {
      const limit = runReplications(scenario, from, planned, outputs[i]!, () => onProgress?.(++done, planned * scenarios.length), executor);
      if (limit !== undefined) {
        const where = scenarios.length > 1 ? `${label}: ${limit}` : limit;
        if (resolved === undefined) return { outputs, limit: where };
        const completed = Math.min(...outputs.map((o) => o.length));
        return { outputs, limit: where, precision: record(resolved, false, completed, `stopped by the event limit (${where})`) };
      }
    }
    if (resolved === undefined) return { outputs };
    const missing = scenarios.flatMap(({ label }, i) => {
      const metrics = summarise(outputs[i]!).metrics;
      return resolved.metrics.flatMap((name) => {
        const why = shortfall(metrics[name], resolved.target);
        return why === undefined ? [] : [`${scenarios.length > 1 ? `${label}: ` : ""}${name} ${why}`];
      });
    });
    const target = percent(resolved.target);
    if (missing.length === 0) {
      const reason = `every selected metric's 95% CI half-width is within ${target} of its mean after ${planned} replications`;
      return { outputs, precision: record(resolved, true, planned, reason) };
    }
    if (planned >= resolved.maxReplications) {
      const reason = `the cap of ${resolved.maxReplications} replications was reached before the ${target} target: ${missing.join("; ")}`;
      return { outputs, precision: record(resolved, false, planned, reason) };
    }
    planned = Math.min(planned + initial, resolved.maxReplications);
  }
}

function record(p: Required<PrecisionTarget>, achieved: boolean, replications: number, reason: string): PrecisionRecord {
  return { target: p.target, metrics: [...p.metrics], achieved, replications, reason };
}

/**
 * `ftsim run --precision`: {@link runScenario} with batches added until the
 * target is met or the cap reached; the result records which in `precision`.
 */
export function runToPrecision(
  scenario: Scenario,
  source: ScenarioIdentity,
  precision: PrecisionTarget,
  options: RunnerOptions = {},
): RunResult {
  const batched = runBatched([{ label: scenario.name, scenario }], precision, options.onProgress, options.executor);
  const outputs = batched.outputs[0]!;
  return resultDocument(scenario, source, {
    summaries: summariseOutputs(outputs),
    replications: outputs.length,
    limit: batched.limit,
    precision: batched.precision,
    reproduce: reproduceCommand("run", source.file, scenario, options.reproduceFlags),
  });
}
