import type { Component } from "../../hardware/component.js";
import { gib } from "../host-fleet.js";
import { ModelReferenceError, resolveNetwork } from "../../hardware/inventory.js";
import { Dimm } from "../../hardware/memory.js";
import type { MechanismContext, MechanismDefinition } from "../mechanism.js";
import { liveMigrationConfig, type LiveMigrationConfig } from "./config.js";
import { HostState, HYPERVISOR, Vm } from "./fleet.js";
import { LiveMigrationManager } from "./manager.js";

type Path = (string | number)[];


/** The DIMMs inside a component, at any depth (a host's, or a board's inside it). */
function dimmsIn(c: Component): Dimm[] {
  const out: Dimm[] = [];
  for (const m of c.members) {
    if (m instanceof Dimm) out.push(m);
    else out.push(...dimmsIn(m));
  }
  return out;
}

function resolveHosts(ctx: MechanismContext, refs: string | readonly string[]): { host: Component; path: Path }[] {
  const list = typeof refs === "string" ? [refs] : refs;
  const out: { host: Component; path: Path }[] = [];
  list.forEach((ref, i) => {
    const path: Path = typeof refs === "string" ? ["hosts"] : ["hosts", i];
    for (const host of ctx.inventory.resolve(ref, path)) {
      if (host.kind !== "host") throw new ModelReferenceError(`${host.id} is a ${host.kind}, not a host: VMs run on components of kind host`, path);
      if (out.some((o) => o.host === host)) throw new ModelReferenceError(`${host.id} is listed twice in hosts`, path);
      out.push({ host, path });
    }
  });
  return out;
}

/** Checks references and sizes, lays out the memory (hypervisor, then the VMs), and builds one replication's manager. */
function build(ctx: MechanismContext, name: string, config: LiveMigrationConfig): LiveMigrationManager {
  const resolved = resolveHosts(ctx, config.hosts);
  if (resolved.length < 2) throw new ModelReferenceError(`live-migration needs at least two hosts (a source and a target), got ${resolved.length}`, ["hosts"]);
  const network = resolveNetwork(ctx.networks, config.network, ["network"]);
  let pageBytes: number | undefined;
  const hosts = resolved.map(({ host, path }, index) => {
    const dimms = dimmsIn(host);
    if (dimms.length === 0) throw new ModelReferenceError(`${host.id} has no DIMM: put components of kind dimm \`in:\` it`, path);
    for (const d of dimms) {
      if (pageBytes === undefined) pageBytes = d.params.pageSizeBytes;
      else if (d.params.pageSizeBytes !== pageBytes) {
        throw new ModelReferenceError(`${d.id} has ${d.params.pageSizeBytes}-byte pages, others ${pageBytes}: every DIMM of the hosts needs the same page size`, path);
      }
    }
    if (!network.nodes.includes(host)) {
      throw new ModelReferenceError(`${host.id} is not a node of the network "${config.network}" (no link of that network \`connects\` it)`, path);
    }
    return new HostState(index, host, dimms);
  });
  const page = pageBytes!;
  const hvPages = Math.ceil(config.hypervisor_memory / page);
  for (const hs of hosts) {
    if (!hs.allocate(HYPERVISOR, hvPages, 0)) {
      throw new ModelReferenceError(`hypervisor_memory ${gib(config.hypervisor_memory)} does not fit in ${hs.id} (${gib(hs.totalPages() * page)} of DIMMs)`, ["hypervisor_memory"]);
    }
  }
  const largest = Math.max(...hosts.map((h) => h.freePages()));
  const vms: Vm[] = [];
  config.vms.forEach((group, g) => {
    const pages = Math.ceil(group.memory / page);
    if (pages > largest) {
      throw new ModelReferenceError(
        `a VM of group "${group.name}" needs ${gib(group.memory)}, more than any host can hold (the largest has ${gib(largest * page)} besides the hypervisor's ${gib(config.hypervisor_memory)}): no target could ever take it`,
        ["vms", g, "memory"],
      );
    }
    for (let i = 0; i < group.count; i++) {
      const vm = new Vm(`${group.name}[${i}]`, vms.length, pages * page, pages, group.dirty_rate, ctx.warmupS, ctx.horizonS);
      if (vms.some((v) => v.id === vm.id)) throw new ModelReferenceError(`two VM groups are named "${group.name}"`, ["vms", g, "name"]);
      // Initial placement: the host with the most free memory.
      const target = [...hosts].sort((a, b) => b.freePages() - a.freePages() || a.index - b.index).find((h) => h.allocate(vm.id, pages, 0));
      if (target === undefined) {
        throw new ModelReferenceError(`the VMs do not fit on the hosts: ${vm.id} (${gib(pages * page)}) finds no room after ${vms.length} VMs; add hosts or DIMMs, or fewer VMs`, ["vms", g, "count"]);
      }
      vm.host = target;
      target.resident.add(vm);
      vms.push(vm);
    }
  });
  if (config.policy === "proactive") {
    for (const hs of hosts) {
      for (const d of hs.dimms) {
        if (config.ce_window > d.params.ceHistoryS) {
          throw new ModelReferenceError(`ce_window ${config.ce_window}s is longer than ${d.id}'s ce_history (${d.params.ceHistoryS}s): raise the DIMM's ce_history`, ["ce_window"]);
        }
      }
    }
  }
  return new LiveMigrationManager(ctx, name, config, { hosts, vms, network, pageBytes: page });
}

/** Hosts with DIMMs running VMs; UEs signalled and contained, VMs live-migrated away by pre-copy (case G). */
export const liveMigration: MechanismDefinition<LiveMigrationConfig> = {
  type: "live-migration",
  summary: "VMs on hosts with DIMMs; an uncorrectable memory error is signalled, its page poisoned and contained, and the host's VMs live-migrated away by pre-copy (or proactively on a CE threshold)",
  configSchema: liveMigrationConfig,
  metrics: [
    { name: "vm_availability", unit: "fraction", description: "fraction of VM time in the window that the VMs ran (down in blackouts, after crashes until booted elsewhere, while their host is down)" },
    { name: "blackout_s", unit: "s", direction: "lower-is-better", description: "mean blackout (stop-and-copy plus resume, the VM paused) over the migrations begun in the window and completed (absent without one)" },
    { name: "migration_time_s", unit: "s", description: "mean time from a migration's start to the VM running on the target, over those begun in the window and completed (absent without one)" },
    { name: "migration_bytes", unit: "bytes", direction: "lower-is-better", description: "mean bytes a completed migration sent, every pre-copy round and the stop-and-copy (absent without one)" },
    { name: "rounds", unit: "count", direction: "none", description: "mean pre-copy rounds (round 0 included) before the stop-and-copy, over the completed migrations (absent without one)" },
    { name: "migrations", unit: "count", direction: "none", description: "migrations begun in the window and completed" },
    { name: "migrations_interrupted", unit: "count", direction: "lower-is-better", description: "migrations begun in the window and ended before completion: a new UE on the source, its crash, the target's crash or a network failure" },
    { name: "wasted_bytes", unit: "bytes", direction: "lower-is-better", description: "bytes the interrupted migrations had sent (lost work on the network)" },
    { name: "vms_lost", unit: "count", direction: "lower-is-better", description: "VM crashes in the window (a UE in a guest kernel page, its host crashing or stopping), each restarted on another host" },
    { name: "host_crashes", unit: "count", direction: "lower-is-better", description: "hosts that crashed in the window: a UE in a hypervisor page, or the hardware stopping" },
    { name: "ues", unit: "count", direction: "none", description: "uncorrectable errors signalled to running hypervisors in the window" },
    { name: "ue_contained", unit: "count", direction: "none", description: "UEs in the window whose page was poisoned with no VM lost (a free page, a VM's non-kernel page, an incoming copy, a page poisoned before)" },
    { name: "evacuations", unit: "count", direction: "none", description: "hosts taken out of service in the window and evacuated (on a UE, or on the CE threshold with `proactive`)" },
  ],
  build,
};
