import type { CensoredSummary, MetricSummary } from "../stats/index.js";

/** Identity of the scenario a result came from. */
export interface ScenarioIdentity {
  name: string;
  description?: string;
  /** The path as given on the command line (or "<inline>"). */
  file: string;
  /** `sha256:` of the scenario file's bytes. */
  hash: string;
}

interface ResultBase {
  schema: "ftsim.result/v1";
  ftsim_version: string;
  scenario: ScenarioIdentity;
  seed: number | string;
  replications: number;
  horizon_s: number;
  warmup_s: number;
  /** Summaries over replications, by metric name (sorted). */
  metrics: Record<string, MetricSummary>;
  /** Times to events with right-censoring at the horizon, by name. */
  time_to_event: Record<string, CensoredSummary>;
  /**
   * For each metric in `metrics`, its value in each replication, index =
   * replication order; null where the metric is undefined in that
   * replication (for the ratio metrics `mttr_s`/`mtbf_s`: the replication's
   * own ratio, null when its denominator is 0).
   */
  values: Record<string, (number | null)[]>;
  /**
   * For each ratio metric in `metrics` (`mttr_s`, `mtbf_s` and the
   * mechanisms' means over events such as `<name>.failover_time_s`), each
   * replication's [numerator, denominator], index = replication order: the
   * parts the pooled ratio Σnumerator / Σdenominator is made of, and what a
   * paired comparison of two runs needs. A replication with no event has
   * [0, 0] (it still counts).
   */
  ratios: Record<string, [number, number][]>;
  /** How a `--precision` run stopped; only in results of such runs. */
  precision?: PrecisionRecord;
  /** A command that reproduces this result. */
  reproduce: string;
}

/** How a run with a precision target (`--precision`) stopped. */
export interface PrecisionRecord {
  /** The target: the largest 95% CI half-width allowed, as a fraction of the metric's |mean| (0.01 for `1%`). */
  target: number;
  /** The metrics that had to meet it. */
  metrics: string[];
  /** Whether every selected metric met it (in every point, for a sweep). */
  achieved: boolean;
  /** Replications run (per point, for a sweep). */
  replications: number;
  /** Why the run stopped, in words: the target met, the cap reached (and which metric fell short, by how much), or a limit. */
  reason: string;
}

/** The part of a result each sweep point carries. */
export interface SweepPointResult {
  /** The variant's name, or for a grid a label such as `mttr=4h, crews=2`. */
  name: string;
  /** The value of each swept path at this point; SI base units (s, bytes, bytes/s) for fields with units. */
  params: Record<string, number | string>;
  metrics: Record<string, MetricSummary>;
  time_to_event: Record<string, CensoredSummary>;
  values: Record<string, (number | null)[]>;
  ratios: Record<string, [number, number][]>;
}

/** What a sweep result adds to the document. */
export interface SweepFields {
  sweep: { kind: "grid" | "variants"; parameters: string[] };
  /** One entry per point, in sweep order; the top-level `metrics`, `time_to_event` and `values` are empty. */
  points: SweepPointResult[];
}

/** An `ftsim sweep` result: an `ftsim.result/v1` document with `sweep` and `points`. */
export type SweepResult = RunResult & SweepFields;

/** A run that completed every replication. */
export interface OkResult extends ResultBase {
  outcome: "ok";
}

/** A run stopped by a limit (events per replication); metrics cover the replications that completed. */
export interface LimitHitResult extends ResultBase {
  outcome: "limit-hit";
  /** What stopped it. */
  limit: string;
}

/** The `ftsim.result/v1` document: results are data; printing is a separate function of them. */
export type RunResult = OkResult | LimitHitResult;
