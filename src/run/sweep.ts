/**
 * `ftsim sweep`: every point of a scenario's sweep, run with the same seed
 * and the same replication indices, so that replication r of every point
 * draws from the same streams (common random numbers): the points differ
 * only by what the sweep changes, and any two of them form a paired
 * comparison.
 */
import type { Scenario } from "../scenario/schema.js";
import type { LoadedSweep } from "./load.js";
import { runBatched, type PrecisionTarget } from "./precision.js";
import type { ScenarioIdentity, SweepPointResult, SweepResult } from "./result.js";
import { reproduceCommand, resultDocument, summariseOutputs, type RunnerOptions } from "./runner.js";

export interface SweepOptions extends RunnerOptions {
  /** Add replications to every point until each meets this target (or the cap). */
  precision?: PrecisionTarget;
}

/**
 * Runs a sweep's points and returns one `ftsim.result/v1` document with
 * `sweep` and `points`. Its top-level `metrics`, `time_to_event` and `values`
 * are empty (each point carries its own); `seed`, `horizon_s` and `warmup_s`
 * are the base scenario's, `replications` the number every point completed.
 *
 * @param base - the scenario as written, with any overrides applied
 * @param sweep - its points, each with the same overrides applied (every point has the base's seed and replications)
 */
export function runSweep(base: Scenario, source: ScenarioIdentity, sweep: LoadedSweep, options: SweepOptions = {}): SweepResult {
  const runs = runBatched(
    sweep.points.map((p) => ({ label: `point "${p.name}"`, scenario: p.scenario })),
    options.precision,
    options.onProgress,
    options.executor,
  );
  const points = sweep.points.map((p, i): SweepPointResult => {
    const { metrics, time_to_event, values, ratios } = summariseOutputs(runs.outputs[i]!);
    return { name: p.name, params: p.params, metrics, time_to_event, values, ratios };
  });
  const empty = { metrics: {}, time_to_event: {}, values: {}, ratios: {} };
  return resultDocument(
    base,
    source,
    {
      summaries: empty,
      replications: Math.min(...runs.outputs.map((o) => o.length)),
      limit: runs.limit,
      precision: runs.precision,
      reproduce: reproduceCommand("sweep", source.file, base, options.reproduceFlags),
    },
    { sweep: { kind: sweep.kind, parameters: sweep.parameters }, points },
  );
}
