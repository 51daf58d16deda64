import type { Component } from "../../hardware/component.js";
import { ModelReferenceError, resolveNetwork } from "../../hardware/inventory.js";
import { Processor } from "../../hardware/processor.js";
import type { MechanismContext, MechanismDefinition } from "../mechanism.js";
import { standbyNodeConfig, type StandbyNodeConfig } from "./config.js";
import { StandbyNode } from "./controller.js";

type Path = (string | number)[];

/** Resolves `refs` (one reference or a list) to distinct components, each with the path of the reference that named it. */
function resolveAll(ctx: MechanismContext, refs: string | readonly string[], field: string): { component: Component; path: Path }[] {
  const list = typeof refs === "string" ? [refs] : refs;
  const out: { component: Component; path: Path }[] = [];
  list.forEach((ref, i) => {
    const path: Path = typeof refs === "string" ? [field] : [field, i];
    for (const component of ctx.inventory.resolve(ref, path)) {
      if (out.some((o) => o.component === component)) {
        throw new ModelReferenceError(`${component.id} is listed twice in ${field}; each must be a distinct component`, path);
      }
      out.push({ component, path });
    }
  });
  return out;
}

/** Checks references and builds one replication's instance. */
function build(ctx: MechanismContext, name: string, config: StandbyNodeConfig): StandbyNode {
  const nodes = resolveAll(ctx, config.nodes, "nodes");
  for (const { component, path } of nodes) {
    if (!(component instanceof Processor)) {
      throw new ModelReferenceError(`${component.id} is a ${component.kind}, not a processor: a CPU node must be of kind processor`, path);
    }
  }
  if (nodes.length < 2) throw new ModelReferenceError(`standby-node needs at least two nodes (actives and one standby), got ${nodes.length}`, ["nodes"]);
  let standby = nodes[nodes.length - 1]!.component;
  if (config.standby !== undefined) {
    const found = ctx.inventory.resolve(config.standby, ["standby"]);
    const one = found.length === 1 ? found[0]! : undefined;
    if (one === undefined || !nodes.some((n) => n.component === one)) {
      throw new ModelReferenceError(`standby must be one of the nodes (an instance id such as "${nodes[0]!.component.id}"), got "${config.standby}"`, ["standby"]);
    }
    standby = one;
  }
  const io = resolveAll(ctx, config.io_domains, "io_domains");
  if (io.length !== 2) {
    throw new ModelReferenceError(`standby-node needs exactly two IO domains (one active, one to take over), got ${io.length}`, ["io_domains"]);
  }
  for (const { component } of io) {
    if (nodes.some((n) => n.component === component)) throw new ModelReferenceError(`${component.id} cannot be both a node and an IO domain`, ["io_domains"]);
  }
  const fabric = resolveNetwork(ctx.networks, config.fabric, ["fabric"]);
  for (const { component, path } of [...nodes, ...io]) {
    if (!fabric.nodes.includes(component)) {
      throw new ModelReferenceError(`${component.id} is not connected to the fabric "${config.fabric}" (no link of that network \`connects\` it)`, path);
    }
  }
  if (config.coverage < 1 && config.uncovered_recovery === undefined) {
    throw new ModelReferenceError("coverage < 1 needs uncovered_recovery (how long an uncovered failure keeps the service down)", ["coverage"]);
  }
  return new StandbyNode(ctx, name, config, {
    nodes: nodes.map((n) => n.component as Processor),
    standby: standby as Processor,
    ioDomains: [io[0]!.component, io[1]!.component],
    fabric,
  });
}

/** CPU nodes + one standby, two IO domains, a switching fabric; proactive transfer on predicted failure. */
export const standbyNode: MechanismDefinition<StandbyNodeConfig> = {
  type: "standby-node",
  summary: "active CPU nodes + one standby, two IO domains and a fabric; state moves to the standby on failure or predicted failure (pre-copy), IO-domain failover",
  configSchema: standbyNodeConfig,
  metrics: [
    { name: "proactive_transfers", unit: "count", direction: "none", description: "transfers of an active node's state to the standby started in the window on a predicted failure or a false alarm" },
    { name: "aborted_transfers", unit: "count", direction: "lower-is-better", description: "proactive transfers started in the window that did not complete (source or target down, fabric failure, pre-empted by a failover)" },
    { name: "reactive_failovers", unit: "count", direction: "lower-is-better", description: "restarts from the last state on the standby after a sudden stop of an active node, begun in the window (covered and uncovered)" },
    { name: "uncovered_failures", unit: "count", description: "reactive failovers in the window that were not covered (an uncovered_recovery instead of a restart)" },
    { name: "unprotected_failures", unit: "count", description: "stops of an active node in the window with no standby to take over (the workload waits for a repaired node)" },
    { name: "io_failovers", unit: "count", direction: "none", description: "takeovers of the communication functions by the other IO domain, begun in the window" },
    { name: "precursors", unit: "count", direction: "none", description: "precursor signals of active nodes whose workload is not already moving, seen by the predictor in the window (0 without a predictor)" },
    { name: "true_alarms", unit: "count", direction: "none", description: "precursors the predictor turned into a predicted failure in the window" },
    { name: "false_alarms", unit: "count", direction: "lower-is-better", description: "false alarms of the predictor in the window (each a needless transfer)" },
    { name: "unserved_alarms", unit: "count", direction: "lower-is-better", description: "alarms in the window that found no idle standby to transfer to when raised (kept, and served if a standby is idle again while the node is still active)" },
    { name: "transfer_time_s", unit: "s", description: "mean duration of the proactive transfers begun in the window and completed, pre-copy and stop-and-copy (absent in a replication without one); pooled over events across replications, quantiles over events" },
    { name: "pause_s", unit: "s", direction: "lower-is-better", description: "mean stop-and-copy pause (service down) of those transfers (absent in a replication without one); pooled over events across replications, quantiles over events" },
    { name: "copy_rounds", unit: "count", direction: "none", description: "mean pre-copy rounds before the stop-and-copy of those transfers over the fabric (absent in a replication without one); pooled over events across replications, quantiles over events" },
    { name: "failover_time_s", unit: "s", description: "mean time from an active node's stop to the end of its reactive failover, detection included, for those begun in the window and completed (absent in a replication without one); pooled over events across replications, quantiles over events" },
  ],
  build,
};
