import type { Component } from "../../hardware/component.js";
import { Disk } from "../../hardware/disk.js";
import { ModelReferenceError, resolveNetwork } from "../../hardware/inventory.js";
import { Processor } from "../../hardware/processor.js";
import type { MechanismContext, MechanismDefinition } from "../mechanism.js";
import { checkpointConfig, type CheckpointConfig } from "./config.js";
import { dalyInterval, expectedWallTime, youngInterval } from "./interval.js";
import { CheckpointJob } from "./job.js";

type Path = (string | number)[];

/** Resolves one reference or a list to distinct components, each with the path of the reference that named it. */
function resolveAll(ctx: MechanismContext, refs: string | readonly string[], field: string): { component: Component; path: Path }[] {
  const list = typeof refs === "string" ? [refs] : refs;
  const out: { component: Component; path: Path }[] = [];
  list.forEach((ref, i) => {
    const path: Path = typeof refs === "string" ? [field] : [field, i];
    for (const component of ctx.inventory.resolve(ref, path)) {
      if (out.some((o) => o.component === component)) throw new ModelReferenceError(`${component.id} is listed twice in ${field}`, path);
      out.push({ component, path });
    }
  });
  return out;
}

function processors(found: { component: Component; path: Path }[], what: string): Processor[] {
  return found.map(({ component, path }) => {
    if (!(component instanceof Processor)) throw new ModelReferenceError(`${component.id} is a ${component.kind}, not a processor: ${what} must be of kind processor`, path);
    return component;
  });
}

const gb = (bytes: number) => `${(bytes / 1e9).toPrecision(4)} GB`;

/** Checks references and sizes and builds one replication's job. */
function build(ctx: MechanismContext, name: string, config: CheckpointConfig): CheckpointJob {
  const nodes = processors(resolveAll(ctx, config.nodes, "nodes"), "a compute node");
  const spares = config.spares === undefined ? [] : processors(resolveAll(ctx, config.spares, "spares"), "a spare node");
  for (const s of spares) if (nodes.includes(s)) throw new ModelReferenceError(`${s.id} cannot be both a compute node and a spare`, ["spares"]);
  const disks = resolveAll(ctx, config.storage, "storage").map(({ component, path }) => {
    if (!(component instanceof Disk)) throw new ModelReferenceError(`${component.id} is a ${component.kind}, not a disk: checkpoint storage must be of kind disk`, path);
    return component;
  });
  const p = config.processes ?? nodes.length;
  if (p < nodes.length) throw new ModelReferenceError(`${p} processes cannot occupy ${nodes.length} nodes; give at least one process per node`, ["processes"]);
  if ((config.interval === "fixed") !== (config.tau !== undefined)) {
    throw new ModelReferenceError(
      config.interval === "fixed" ? "interval: fixed needs `tau`, the work between checkpoints (e.g. tau: 1h)" : `tau applies to interval: fixed, not to interval: ${config.interval}`,
      [config.interval === "fixed" ? "interval" : "tau"],
    );
  }
  // Process blocks in equal consecutive blocks over the nodes; block i's images on disk i mod D.
  const slots = nodes.map((_, i) => ({ procs: Math.floor(((i + 1) * p) / nodes.length) - Math.floor((i * p) / nodes.length), disk: disks[i % disks.length]! }));
  const perDisk = new Map<Disk, number>();
  for (const s of slots) perDisk.set(s.disk, (perDisk.get(s.disk) ?? 0) + s.procs * config.state_per_process);
  let delta = 0;
  let read = 0;
  for (const [disk, bytes] of perDisk) {
    // The last complete checkpoint stays until the next one is written: room for two.
    if (2 * bytes > disk.params.capacityBytes) {
      throw new ModelReferenceError(
        `the checkpoint does not fit the storage: ${disk.id} must hold two images of ${gb(bytes)} (the last complete one and the one being written), but its capacity is ${gb(disk.params.capacityBytes)}; add disks, use larger ones or lower state_per_process`,
        ["storage"],
      );
    }
    delta = Math.max(delta, bytes / disk.params.writeBandwidthBytesPerS);
    read = Math.max(read, bytes / disk.params.readBandwidthBytesPerS);
  }
  const network = config.network === undefined ? undefined : resolveNetwork(ctx.networks, config.network, ["network"]);
  if (network !== undefined) {
    const check = (c: Component, field: string) => {
      if (network.nodeFor(c) === undefined) throw new ModelReferenceError(`${c.id} is not on the network "${config.network}" (no link of it connects it or a container of it)`, [field]);
    };
    for (const n of nodes) check(n, "nodes");
    for (const s of spares) check(s, "spares");
    for (const d of disks) check(d, "storage");
  } else if (spares.length > 0 && config.migrate) {
    throw new ModelReferenceError("migration to a spare copies the processes' state over a network: give `network`, or `migrate: false`", ["spares"]);
  }
  const stated = ctx.stated;
  let rate = 0;
  let exponential = stated !== undefined;
  const repairs = new Set<number | undefined>();
  for (const n of nodes) {
    const s = stated?.(n);
    rate += s?.failureRatePerS ?? 0;
    exponential &&= s?.exponential ?? false;
    repairs.add(s?.meanRepairS);
  }
  const mtbfS = config.mtbf ?? (rate > 0 ? 1 / rate : Infinity);
  // Daly's assumptions: Poisson failures, whole-job rollback, restart on the failed node after its repair, constant δ, R and τ.
  const daly = exponential && rate > 0 && config.log === undefined && spares.length === 0 && network === undefined && config.interval !== "adaptive" && repairs.size === 1;
  let expectedS: number | undefined;
  if (daly) {
    const tau = config.interval === "fixed" ? config.tau! : undefined;
    const m = 1 / rate;
    const r = read + config.restart;
    const downtime = [...repairs][0] ?? Infinity;
    if (downtime < Infinity) {
      const policyM = config.mtbf ?? m;
      const chosen = tau ?? (config.interval === "young" ? youngInterval(delta, policyM) : dalyInterval(delta, policyM));
      // Bougeret et al.'s per-segment form with downtime D: e^{λR}(1/λ + D)(e^{λ(w+δ)} − 1).
      expectedS = expectedWallTime(config.work, chosen, delta, r, m) * (1 + downtime / m);
    }
  }
  return new CheckpointJob(ctx, name, config, { nodes, spares, slots, network, mtbfS, deltaEstimateS: delta, expectedS });
}

/** A job with coordinated checkpoints, restart, windowed message logging and migration to spares. */
export const checkpoint: MechanismDefinition<CheckpointConfig> = {
  type: "checkpoint",
  summary: "a distributed job of P processes with coordinated checkpoints to disks (cost from their bandwidth), restart, windowed message logging and migration to a spare on a precursor",
  configSchema: checkpointConfig,
  metrics: [
    { name: "completion_time_s", unit: "s", direction: "lower-is-better", description: "wall time from the job's start to the end of its final checkpoint (absent when it did not finish by the horizon)" },
    { name: "expected_completion_time_s", unit: "s", direction: "none", description: "Daly's expected completion time (Daly 2006; the per-segment form of Bougeret et al. 2011) for this job's W, τ, δ, R and M, emitted only where his assumptions hold (Poisson failures, no logging, no spares, storage without a network, constant τ)" },
    { name: "unfinished", unit: "count", direction: "lower-is-better", description: "1 when the job had not finished by the horizon, else 0" },
    { name: "waste_fraction", unit: "fraction", direction: "lower-is-better", description: "1 − W / completion time: the share of the wall time not spent on useful work (checkpoints, lost work, restarts, replays, migrations, waits); up to the horizon for an unfinished job" },
    { name: "lost_work_s", unit: "s", direction: "lower-is-better", description: "work rolled back by failures, weighted by the share of processes that rolled back (a local rollback of k of P processes loses age × k/P)" },
    { name: "checkpoints", unit: "count", direction: "none", description: "checkpoints completed, the final one included" },
    { name: "checkpoint_failures", unit: "count", direction: "lower-is-better", description: "checkpoints the storage failed (a disk or the network down)" },
    { name: "checkpoint_time_s", unit: "s", direction: "lower-is-better", description: "wall time spent writing checkpoints, completed, aborted and failed" },
    { name: "failures", unit: "count", direction: "none", description: "failures of nodes running the job that it detected (reported at once, or after `detection`)" },
    { name: "restarts", unit: "count", direction: "lower-is-better", description: "restarts begun (reads of images back), full and local, including restarts cut short by another failure" },
    { name: "migrations", unit: "count", direction: "none", description: "processes blocks moved to a spare on a precursor and remapped, completed" },
    { name: "log_replays", unit: "count", direction: "none", description: "failures recovered by a local rollback and replay of the logged messages" },
    { name: "full_rollbacks", unit: "count", direction: "lower-is-better", description: "failures that rolled the whole job back to its last checkpoint" },
    { name: "interval_s", unit: "s", direction: "none", description: "mean τ (work between checkpoints) the policy chose over the run's intervals" },
    { name: "checkpoint_duration_s", unit: "s", direction: "lower-is-better", description: "mean duration δ of the completed checkpoints, as measured" },
    { name: "young_interval_s", unit: "s", direction: "none", description: "Young's √(2δM) for this job, δ the measured checkpoint_duration_s and M the platform MTBF (absent when nothing fails the nodes)" },
    { name: "daly_interval_s", unit: "s", direction: "none", description: "Daly's higher-order optimum for the same δ and M (absent when nothing fails the nodes)" },
  ],
  build,
};
