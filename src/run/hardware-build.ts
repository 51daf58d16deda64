import type { RandomStreams } from "../engine/random.js";
import type { Simulator } from "../engine/simulator.js";
import type { Trace } from "../engine/trace.js";
import { Component } from "../hardware/component.js";
import { Disk, diskParamsFrom } from "../hardware/disk.js";
import { Inventory, ModelReferenceError } from "../hardware/inventory.js";
import { ParameterError } from "../hardware/kinds.js";
import { Link, type LinkParams } from "../hardware/link.js";
import { Dimm, dimmParamsFrom } from "../hardware/memory.js";
import { Network } from "../hardware/network.js";
import { Processor, processorParamsFrom } from "../hardware/processor.js";
import type { ComponentSpec } from "../scenario/schema.js";


/** The hardware of one replication. */
export interface Hardware {
  inventory: Inventory;
  /** Networks by name, in order of first mention. */
  networks: Map<string, Network>;
}


/**
 * The member of `targets` that instance `i` of a group of `count` pairs with:
 * the only one; the i-th when the sizes match; otherwise the i-th of `count`
 * equal consecutive blocks.
 */
export function pairedMember(targets: readonly Component[], i: number, count: number): Component {
  if (targets.length === 1) return targets[0]!;
  if (targets.length === count) return targets[i]!;
  return targets[Math.floor((i * targets.length) / count)]!;
}

/** The link fields of a component spec (names as in the scenario, already in SI units). */
function linkParams(fields: ComponentSpec["params"]): Partial<LinkParams> {
  const out: Partial<LinkParams> = {};
  if (typeof fields.bandwidth === "number") out.bandwidth = fields.bandwidth;
  if (typeof fields.latency === "number") out.latency = fields.latency;
  if (typeof fields.loss === "number") out.loss = fields.loss;
  return out;
}

/** Builds every component, places it in its containers and joins the networks. */
export function buildHardware(specs: readonly ComponentSpec[], sim: Simulator, streams: RandomStreams, trace: Trace): Hardware {
  const inventory = new Inventory();
  specs.forEach((spec, g) => {
    const make = (id: string): Component => {
      switch (spec.kind) {
        case "processor":
          return new Processor(id, processorParamsFrom(spec.params), sim);
        case "dimm":
          return new Dimm(id, dimmParamsFrom(spec.params));
        case "disk":
          return new Disk(id, diskParamsFrom(spec.params), sim);
        case "link":
          return new Link(id, linkParams(spec.params));
        default:
          return new Component(id, spec.kind);
      }
    };
    try {
      inventory.addGroup(spec.name, spec.kind, spec.count, make);
    } catch (e) {
      if (e instanceof ModelReferenceError) throw new ModelReferenceError(e.message, ["components", g, "name"]);
      // A parameter the kind's model refuses (a DIMM smaller than a page, a disk smaller than an extent...).
      if (e instanceof ParameterError) throw new ModelReferenceError(e.message, ["components", g, e.field]);
      throw e;
    }
  });
  if (trace.enabled) for (const c of inventory.components) c.trace = trace;

  // Containment, once every group exists (a container may be declared after its members).
  specs.forEach((spec, g) => {
    const members = inventory.find(spec.name)!;
    spec.in.forEach((ref, r) => {
      const path = typeof spec.in === "string" || spec.in.length === 1 ? ["components", g, "in"] : ["components", g, "in", r];
      const containers = inventory.resolve(ref, path);
      members.forEach((member, i) => {
        const container = pairedMember(containers, i, members.length);
        try {
          container.contain(member);
        } catch (e) {
          throw new ModelReferenceError(`${member.id} cannot be inside ${container.id}: ${(e as Error).message}`, path);
        }
      });
    });
  });

  const networks = new Map<string, Network>();
  specs.forEach((spec, g) => {
    if (spec.kind !== "link") return;
    const name = (spec.params.network as string | undefined) ?? "lan";
    let network = networks.get(name);
    if (network === undefined) {
      network = new Network(sim, name, streams, trace);
      networks.set(name, network);
    }
    const [a, b] = spec.params.connects as readonly [string, string];
    const links = inventory.find(spec.name)! as Link[];
    const ends = [a, b].map((ref, e) => inventory.resolve(ref, ["components", g, "connects", e]));
    links.forEach((link, i) => {
      const from = pairedMember(ends[0]!, i, links.length);
      const to = pairedMember(ends[1]!, i, links.length);
      if (from === to) throw new ModelReferenceError(`${link.id} would join ${from.id} to itself`, ["components", g, "connects"]);
      for (const node of [from, to]) {
        if (node instanceof Link) throw new ModelReferenceError(`${link.id} cannot end at ${node.id}, which is a link`, ["components", g, "connects"]);
      }
      network!.addLink(link, from, to); // adds endpoints that are not nodes yet
    });
  });
  return { inventory, networks };
}
