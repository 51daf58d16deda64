import type { Component } from "../../hardware/component.js";
import type { Processor } from "../../hardware/processor.js";
import { type Inventory, ModelReferenceError, resolveNetwork } from "../../hardware/inventory.js";
import type { Network } from "../../hardware/network.js";
import { gib, isWithin, processorsIn } from "../host-fleet.js";
import { suggest } from "../../math/did-you-mean.js";
import type { SelfMigrationConfig } from "./config.js";

export interface HostSpec {
  readonly index: number;
  readonly component: Component;
  readonly cpu: number;
  readonly memoryBytes: number;
  /** Features always present. */
  readonly fixedFeatures: readonly string[];
  /** Features backed by components inside the host: present while one of them is up. */
  readonly backedFeatures: ReadonlyMap<string, readonly Component[]>;
  readonly processors: readonly Processor[];
}

export interface ObjectSpec {
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly home: number;
  readonly bytes: number;
  readonly cpu: number;
  readonly memoryBytes: number;
  readonly features: readonly string[];
}

export interface Fleet {
  readonly network: Network;
  readonly hosts: readonly HostSpec[];
  readonly objects: readonly ObjectSpec[];
}

/**
 * Resolves the network, hosts (with their component-backed features) and
 * objects. A ModelReferenceError, at the field relative to the entry, for:
 * a host listed twice or not on the network, an object that fits on no
 * host or needs a feature no host has, an object starting off the hosts.
 */
export function resolveFleet(inventory: Inventory, networks: ReadonlyMap<string, Network>, config: SelfMigrationConfig): Fleet {
  const network = resolveNetwork(networks, config.network, ["network"]);
  const hosts: HostSpec[] = [];
  const byComponent = new Map<Component, number>();
  config.hosts.forEach((entry, e) => {
    const refs = typeof entry.hosts === "string" ? [entry.hosts] : entry.hosts;
    refs.forEach((ref, r) => {
      const path = typeof entry.hosts === "string" ? ["hosts", e, "hosts"] : ["hosts", e, "hosts", r];
      for (const component of inventory.resolve(ref, path)) {
        if (byComponent.has(component)) throw new ModelReferenceError(`host ${component.id} is listed twice`, path);
        if (!network.nodes.includes(component)) throw new ModelReferenceError(`host ${component.id} is not a node of network "${config.network}": join it with a link`, path);
        byComponent.set(component, hosts.length);
        const backed = new Map<string, Component[]>();
        const fixed: string[] = [];
        for (const f of entry.features) {
          const inside = (inventory.find(f) ?? []).filter((c) => c !== component && isWithin(c, component));
          if (inside.length > 0) backed.set(f, inside);
          else fixed.push(f);
        }
        hosts.push({ index: hosts.length, component, cpu: entry.cpu, memoryBytes: entry.memory, fixedFeatures: fixed, backedFeatures: backed, processors: processorsIn(component) });
      }
    });
  });
  const allFeatures = [...new Set(config.hosts.flatMap((h) => h.features))];
  const objects: ObjectSpec[] = [];
  const ids = new Set<string>();
  config.objects.forEach((o, i) => {
    if (!hosts.some((h) => h.cpu >= o.cpu && h.memoryBytes >= o.memory)) {
      throw new ModelReferenceError(`object "${o.name}" (${o.cpu} cores, ${gib(o.memory)}) fits on no host`, ["objects", i]);
    }
    o.features.forEach((f, j) => {
      if (allFeatures.includes(f)) return;
      const hint = suggest(f, allFeatures);
      throw new ModelReferenceError(
        `object "${o.name}" needs feature "${f}", which no host has` + (hint ? `; did you mean "${hint}"?` : allFeatures.length ? `; the hosts' features are ${allFeatures.join(", ")}` : "; no host lists features"),
        ["objects", i, "features", j],
      );
    });
    const onRefs = typeof o.on === "string" ? [o.on] : o.on;
    const on: number[] = [];
    onRefs.forEach((ref, r) => {
      const path = typeof o.on === "string" ? ["objects", i, "on"] : ["objects", i, "on", r];
      for (const c of inventory.resolve(ref, path)) {
        const h = byComponent.get(c);
        if (h === undefined) throw new ModelReferenceError(`"${c.id}" is not one of the entry's hosts`, path);
        on.push(h);
      }
    });
    for (let k = 0; k < o.count; k++) {
      const id = o.count === 1 ? o.name : `${o.name}[${k}]`;
      if (ids.has(id)) throw new ModelReferenceError(`object "${id}" is defined twice`, ["objects", i, "name"]);
      ids.add(id);
      objects.push({
        index: objects.length,
        id,
        type: o.type ?? o.name,
        home: on[Math.floor((k * on.length) / o.count)]!,
        bytes: o.code_size + o.state_size,
        cpu: o.cpu,
        memoryBytes: o.memory,
        features: o.features,
      });
    }
  });
  if (config.load_low !== undefined && config.load_low > config.load_high) {
    throw new ModelReferenceError(`load_low (${config.load_low}) is above load_high (${config.load_high}): the hysteresis band would be inverted`, ["load_low"]);
  }
  return { network, hosts, objects };
}

