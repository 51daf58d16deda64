import { EventLimitError } from "../engine/errors.js";
import type { Scenario } from "../scenario/schema.js";
import { VERSION } from "../version.js";
import { summarise, type Summaries } from "../metrics/aggregate.js";
import { shellQuote } from "./overrides.js";
import type { ReplicationExecutor } from "./pool.js";
import { replicationFigure } from "../metrics/replication-output.js";
import { runReplication, type ReplicationOutput } from "./replication.js";
import type { PrecisionRecord, RunResult, ScenarioIdentity } from "./result.js";

export interface RunnerOptions {
  /** Called after each replication with (done, total); for progress display only. */
  onProgress?: (done: number, total: number) => void;
  /** Extra words for the `reproduce` command line (e.g. `--horizon 1y` if it was overridden). */
  reproduceFlags?: string;
  /** Where replications run: this thread when omitted, or a {@link ReplicationPool} (`--workers`); the results are the same. */
  executor?: ReplicationExecutor | undefined;
}

/**
 * Runs every replication of a scenario in order and summarises them.
 * The scenario carries the effective seed, replications and horizon
 * (command-line overrides are applied before this).
 */
export function runScenario(scenario: Scenario, source: ScenarioIdentity, options: RunnerOptions = {}): RunResult {
  const outputs: ReplicationOutput[] = [];
  const limit = runReplications(
    scenario,
    0,
    scenario.replications,
    outputs,
    () => options.onProgress?.(outputs.length, scenario.replications),
    options.executor,
  );
  return resultDocument(scenario, source, {
    summaries: summariseOutputs(outputs),
    replications: outputs.length,
    limit,
    reproduce: reproduceCommand("run", source.file, scenario, options.reproduceFlags),
  });
}

/**
 * Runs replications `from` … `to − 1` of a scenario (replication r always
 * draws from the streams of (seed, r)), appending their outputs in order.
 *
 * @param onEach - called after each completed replication, in replication order
 * @param executor - where they run (default: this thread); any executor gives the same outputs
 * @returns what stopped the run when a replication exceeded the event limit, else undefined
 */
export function runReplications(
  scenario: Scenario,
  from: number,
  to: number,
  outputs: ReplicationOutput[],
  onEach?: () => void,
  executor: ReplicationExecutor = IN_THIS_THREAD,
): string | undefined {
  return executor.run(scenario, from, to, outputs, onEach);
}

/** Replications one after another in the calling thread. */
export const IN_THIS_THREAD: ReplicationExecutor = { run: runInThisThread };

function runInThisThread(scenario: Scenario, from: number, to: number, outputs: ReplicationOutput[], onEach?: () => void): string | undefined {
  for (let r = from; r < to; r++) {
    try {
      outputs.push(runReplication(scenario, scenario.seed, r));
    } catch (e) {
      if (!(e instanceof EventLimitError)) throw e;
      return `replication ${r}: ${e.message}`;
    }
    onEach?.();
  }
  return undefined;
}

/** Summaries of replication outputs plus each metric's per-replication values. */
export interface OutputSummaries extends Summaries {
  values: Record<string, (number | null)[]>;
  /** Each ratio metric's [numerator, denominator] per replication (see {@link ratioParts}). */
  ratios: Record<string, [number, number][]>;
}

/** {@link summarise} of the outputs (given in replication order) and the values behind each metric. */
export function summariseOutputs(outputs: readonly ReplicationOutput[]): OutputSummaries {
  const summaries = summarise(outputs);
  const names = Object.keys(summaries.metrics);
  return { ...summaries, values: replicationValues(outputs, names), ratios: ratioParts(outputs, names) };
}

/**
 * For each ratio metric among `metrics` (the pooled `mttr_s`, `mtbf_s` and
 * the mechanisms' means over events), each replication's [numerator,
 * denominator] in the order of `outputs`; a replication without the metric
 * saw no event and contributes [0, 0]. What a paired comparison of pooled
 * ratios needs (`ftsim compare`, `ftsim check`).
 */
export function ratioParts(outputs: readonly ReplicationOutput[], metrics: readonly string[]): Record<string, [number, number][]> {
  const ratio = new Set(outputs.flatMap((o) => Object.keys(o.ratios)));
  return Object.fromEntries(
    metrics
      .filter((name) => ratio.has(name))
      .map((name) => [
        name,
        outputs.map((o): [number, number] => {
          const r = o.ratios[name];
          return r === undefined ? [0, 0] : [r.numerator, r.denominator];
        }),
      ]),
  );
}

/**
 * Each metric's value in each replication, in the order of `outputs`
 * (replication order): the observed value, or for a ratio metric
 * (`mttr_s`, `mtbf_s`) the replication's own ratio; null where it is
 * undefined (no completed switchover, no outage).
 */
export function replicationValues(outputs: readonly ReplicationOutput[], metrics: readonly string[]): Record<string, (number | null)[]> {
  return Object.fromEntries(
    metrics.map((name) => [
      name,
      outputs.map((o) => replicationFigure(o, name) ?? null),
    ]),
  );
}

/** What goes into a result document besides the scenario's identity and settings. */
export interface ResultParts {
  summaries: OutputSummaries;
  /** Replications summarised. */
  replications: number;
  /** What stopped the run early, if anything. */
  limit?: string | undefined;
  precision?: PrecisionRecord | undefined;
  reproduce: string;
}

/**
 * Assembles an `ftsim.result/v1` document. Key order is part of the bytes:
 * schema and version first, then the outcome, ..., `values`, `precision`
 * (when there is one), then `extra` (a sweep's `sweep` and `points`), and
 * `reproduce` last.
 */
export function resultDocument<Extra extends object = object>(
  scenario: Pick<Scenario, "seed" | "horizon" | "warmup">,
  source: ScenarioIdentity,
  parts: ResultParts,
  extra?: Extra,
): RunResult & Extra {
  const head = { schema: "ftsim.result/v1" as const, ftsim_version: VERSION };
  const outcome = parts.limit === undefined ? { outcome: "ok" as const } : { outcome: "limit-hit" as const, limit: parts.limit };
  return {
    ...head,
    ...outcome,
    scenario: source,
    seed: scenario.seed,
    replications: parts.replications,
    horizon_s: scenario.horizon,
    warmup_s: scenario.warmup,
    metrics: parts.summaries.metrics,
    time_to_event: parts.summaries.time_to_event,
    values: parts.summaries.values,
    ratios: parts.summaries.ratios,
    ...(parts.precision === undefined ? {} : { precision: parts.precision }),
    ...(extra ?? ({} as Extra)),
    reproduce: parts.reproduce,
  };
}

/** `ftsim <command> <file> --seed <seed> --replications <n> [flags]`, quoted for a POSIX shell. */
export function reproduceCommand(command: string, file: string, scenario: Scenario, flags?: string): string {
  return (
    `ftsim ${command} ${shellQuote(file)} --seed ${shellQuote(String(scenario.seed))} --replications ${scenario.replications}` +
    (flags ? ` ${flags}` : "")
  );
}
