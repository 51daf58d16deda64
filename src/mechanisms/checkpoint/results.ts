import { putMean, type MeanTally } from "../mean-tally.js";
import type { MechanismMetric } from "../mechanism.js";
import type { CheckpointConfig } from "./config.js";
import { dalyInterval, youngInterval } from "./interval.js";
import type { JobWiring } from "./state.js";

/** What a job has tallied by the end of its replication. */
export interface JobTally {
  config: CheckpointConfig;
  wiring: JobWiring;
  horizonS: number;
  /** End of the final checkpoint (s), if the job finished. */
  completedAt: number | undefined;
  /** Work committed or done since the last checkpoint (s). */
  workDone: number;
  lostWork: number;
  checkpointTime: number;
  counts: { failures: number; checkpoints: number; checkpointFailures: number; restarts: number; migrations: number; logReplays: number; fullRollbacks: number };
  intervals: MeanTally;
  durations: MeanTally;
}

/** The job's metrics (docs/mechanisms/checkpoint.md, "Metrics"). */
export function jobMetrics(t: JobTally): Record<string, MechanismMetric> {
  const end = t.completedAt ?? t.horizonS;
  const useful = t.completedAt !== undefined ? t.config.work : t.workDone;
  const c = t.counts;
  const out: Record<string, MechanismMetric> = {};
  if (t.completedAt !== undefined) out.completion_time_s = { value: t.completedAt, unit: "s" };
  out.unfinished = { value: t.completedAt === undefined ? 1 : 0, unit: "count" };
  out.waste_fraction = { value: end > 0 ? 1 - useful / end : 0, unit: "fraction" };
  out.lost_work_s = { value: t.lostWork, unit: "s" };
  out.checkpoints = { value: c.checkpoints, unit: "count" };
  out.checkpoint_failures = { value: c.checkpointFailures, unit: "count" };
  out.checkpoint_time_s = { value: t.checkpointTime, unit: "s" };
  out.failures = { value: c.failures, unit: "count" };
  out.restarts = { value: c.restarts, unit: "count" };
  out.migrations = { value: c.migrations, unit: "count" };
  out.log_replays = { value: c.logReplays, unit: "count" };
  out.full_rollbacks = { value: c.fullRollbacks, unit: "count" };
  putMean(out, "interval_s", t.intervals, "s");
  putMean(out, "checkpoint_duration_s", t.durations, "s");
  // The intervals Young and Daly would choose for this job: δ as measured, M as stated.
  const m = t.config.mtbf ?? t.wiring.mtbfS;
  if (m < Infinity) {
    const delta = t.durations.metric("s")?.value ?? t.wiring.deltaEstimateS;
    out.young_interval_s = { value: youngInterval(delta, m), unit: "s" };
    out.daly_interval_s = { value: dalyInterval(delta, m), unit: "s" };
  }
  if (t.wiring.expectedS !== undefined) out.expected_completion_time_s = { value: t.wiring.expectedS, unit: "s" };
  return out;
}
