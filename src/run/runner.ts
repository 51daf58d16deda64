import { EventLimitError } from "../engine/errors.js";
import type { Scenario } from "../scenario/schema.js";
import { VERSION } from "../version.js";
import { summarise } from "../metrics/aggregate.js";
import { shellQuote } from "./overrides.js";
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
      `ftsim run ${shellQuote(source.file)} --seed ${shellQuote(String(scenario.seed))} --replications ${scenario.replications}` +
      (options.reproduceFlags ? ` ${options.reproduceFlags}` : ""),
  };
  const { schema, ftsim_version, ...rest } = base;
  // Key order is part of the bytes: schema and version first, then the outcome.
  return limit === undefined
    ? { schema, ftsim_version, outcome: "ok", ...rest }
    : { schema, ftsim_version, outcome: "limit-hit", limit, ...rest };
}
