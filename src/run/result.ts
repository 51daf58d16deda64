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
  /** A command that reproduces this result. */
  reproduce: string;
}

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
