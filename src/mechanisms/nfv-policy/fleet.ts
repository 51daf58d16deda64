import type { Component } from "../../hardware/component.js";
import type { Processor } from "../../hardware/processor.js";
import { containersOfKind, type Inventory, ModelReferenceError } from "../../hardware/inventory.js";
import { gib, processorsIn } from "../host-fleet.js";
import { suggest } from "../../math/did-you-mean.js";
import type { NfvPolicyConfig } from "./config.js";

/** One NFVI host as the policy engine's inventory knows it (A&AI-like: static capacities). */
export interface HostInfo {
  readonly index: number;
  readonly component: Component;
  readonly cpu: number;
  readonly memoryBytes: number;
  /** Fault-domain index (a rack, or the host itself). */
  readonly domain: number;
  /** The processors inside the host, probed for fail-slow. */
  readonly processors: readonly Processor[];
}

export interface VnfInfo {
  readonly index: number;
  readonly name: string;
  readonly cpu: number;
  readonly memoryBytes: number;
  readonly instances: number;
  readonly needed: number;
  /** The chains that list this VNF (indices). */
  readonly chains: readonly number[];
}

export interface ChainInfo {
  readonly index: number;
  readonly name: string;
  readonly vnfs: readonly number[];
}

/** An nfv-policy entry resolved against the hardware. */
export interface Fleet {
  readonly hosts: readonly HostInfo[];
  readonly domains: number;
  readonly vnfs: readonly VnfInfo[];
  readonly chains: readonly ChainInfo[];
}

/**
 * Resolves hosts, fault domains, VNFs and chains. Every problem is a
 * ModelReferenceError at the offending field, relative to the entry: a
 * host listed twice, a VNF that fits on no host, a chain naming a VNF that
 * does not exist, `needed` above `instances`, a surge on an unknown VNF.
 */
export function resolveFleet(inventory: Inventory, config: NfvPolicyConfig): Fleet {
  const hosts: HostInfo[] = [];
  const seen = new Set<Component>();
  const domainIndex = new Map<Component | string, number>();
  config.hosts.forEach((entry, e) => {
    const refs = typeof entry.hosts === "string" ? [entry.hosts] : entry.hosts;
    refs.forEach((ref, r) => {
      const path = typeof entry.hosts === "string" ? ["hosts", e, "hosts"] : ["hosts", e, "hosts", r];
      for (const component of inventory.resolve(ref, path)) {
        if (seen.has(component)) throw new ModelReferenceError(`host ${component.id} is listed twice`, path);
        seen.add(component);
        const container = containersOfKind(component, config.fault_domain).find((c) => c !== component);
        const key = container ?? `self:${component.id}`;
        if (!domainIndex.has(key)) domainIndex.set(key, domainIndex.size);
        hosts.push({
          index: hosts.length,
          component,
          cpu: entry.cpu,
          memoryBytes: entry.memory,
          domain: domainIndex.get(key)!,
          processors: processorsIn(component),
        });
      }
    });
  });

  const names = config.vnfs.map((v) => v.name);
  config.vnfs.forEach((v, i) => {
    if (names.indexOf(v.name) !== i) throw new ModelReferenceError(`VNF "${v.name}" is defined twice`, ["vnfs", i, "name"]);
    if (v.needed !== undefined && v.needed > v.instances) {
      throw new ModelReferenceError(`needed (${v.needed}) is more than instances (${v.instances}): the VNF could never carry its load`, ["vnfs", i, "needed"]);
    }
    if (!hosts.some((h) => h.cpu >= v.cpu && h.memoryBytes >= v.memory)) {
      const biggest = hosts.reduce((a, h) => (h.cpu > a.cpu ? h : a), hosts[0]!);
      throw new ModelReferenceError(
        `VNF "${v.name}" (${v.cpu} cores, ${gib(v.memory)}) fits on no host: the largest host has ${biggest.cpu} cores and ${gib(biggest.memoryBytes)}`,
        ["vnfs", i],
      );
    }
  });
  const chainsOf: number[][] = config.vnfs.map(() => []);
  const chainNames: string[] = [];
  const chains: ChainInfo[] = config.chains.map((c, i) => {
    if (chainNames.includes(c.name)) throw new ModelReferenceError(`chain "${c.name}" is defined twice`, ["chains", i, "name"]);
    chainNames.push(c.name);
    const vnfs = c.vnfs.map((ref, j) => {
      const k = vnfIndex(names, ref, ["chains", i, "vnfs", j]);
      if (!chainsOf[k]!.includes(i)) chainsOf[k]!.push(i);
      return k;
    });
    return { index: i, name: c.name, vnfs: [...new Set(vnfs)] };
  });
  config.surges.forEach((s, i) => {
    vnfIndex(names, s.vnf, ["surges", i, "vnf"]);
    if ((s.at === undefined) === (s.every === undefined)) throw new ModelReferenceError("a surge needs exactly one of `at` (scripted) or `every` (stochastic)", ["surges", i]);
  });
  const vnfs: VnfInfo[] = config.vnfs.map((v, i) => ({
    index: i,
    name: v.name,
    cpu: v.cpu,
    memoryBytes: v.memory,
    instances: v.instances,
    needed: v.needed ?? v.instances,
    chains: chainsOf[i]!,
  }));
  return { hosts, domains: domainIndex.size, vnfs, chains };
}

function vnfIndex(names: readonly string[], ref: string, path: (string | number)[]): number {
  const k = names.indexOf(ref);
  if (k >= 0) return k;
  const hint = suggest(ref, names);
  throw new ModelReferenceError(`no VNF named "${ref}"` + (hint ? `; did you mean "${hint}"?` : `; the VNFs are ${names.join(", ")}`), path);
}

