import { makeDistribution } from "../engine/distributions.js";
import type { RandomStreams } from "../engine/random.js";
import type { Simulator } from "../engine/simulator.js";
import type { Component } from "../hardware/component.js";
import { Disk } from "../hardware/disk.js";
import { ModelReferenceError, resolveNetwork } from "../hardware/inventory.js";
import { Link } from "../hardware/link.js";
import { Dimm } from "../hardware/memory.js";
import { Processor } from "../hardware/processor.js";
import {
  PartitionFault,
  TargetFault,
  type DimmPort,
  type DiskPort,
  type InjectedFault,
  type LossyPort,
  type ProcessorPort,
  type SlowablePort,
} from "../faults/injected-faults.js";
import { FAULT_TARGET_KINDS } from "../faults/kinds.js";
import type { ComponentSpec, FaultSpec } from "../scenario/schema.js";
import type { Hardware } from "./hardware-build.js";

/** Something that starts injecting when the replication starts. */
export interface Startable {
  start(): void;
}

/**
 * Resolves the `faults:` entries against the hardware and creates one
 * injector per (fault, target instance), or one per partition.
 */
export function buildFaults(
  faults: readonly FaultSpec[],
  components: readonly ComponentSpec[],
  hardware: Hardware,
  sim: Simulator,
  streams: RandomStreams,
): Startable[] {
  const injectors: Startable[] = [];
  const names = new Map<string, number>();
  const repairOf = new Map<Component, ComponentSpec["repair"]>();
  for (const spec of components) for (const c of hardware.inventory.find(spec.name)!) repairOf.set(c, spec.repair);

  faults.forEach((spec, i) => {
    const path = ["faults", i];
    const earlier = names.get(spec.name);
    if (earlier !== undefined) {
      throw new ModelReferenceError(
        `faults ${earlier} and ${i} are both named "${spec.name}" (a fault's name labels its trace events and random streams); give one a distinct \`name\``,
        [...path, "name"],
      );
    }
    names.set(spec.name, i);
    const fault: InjectedFault = {
      type: spec.type,
      name: spec.name,
      when: spec.when.kind === "at" ? spec.when : { kind: "every", interval: makeDistribution(spec.when.interval) },
      burst: spec.burst,
    };
    if (spec.duration !== undefined) fault.duration = makeDistribution(spec.duration);
    if (spec.lead !== undefined) fault.lead = makeDistribution(spec.lead);
    if (spec.factor !== undefined) fault.factor = spec.factor;
    if (spec.loss !== undefined) fault.loss = spec.loss;

    if (spec.type === "partition") {
      // A side may name containers (a rack, a site): in each network it then stands for the nodes inside them.
      const sides = spec.between!.map((refs, s) =>
        refs.flatMap((ref, r) => hardware.inventory.resolve(ref, refs.length === 1 ? [...path, "between", s] : [...path, "between", s, r])),
      ) as [Component[], Component[]];
      let chosen = [...hardware.networks.values()];
      if (spec.network !== undefined) {
        chosen = [resolveNetwork(hardware.networks, spec.network, [...path, "network"])];
      }
      for (const network of chosen) {
        const a = network.nodesOf(sides[0]);
        const overlap = network.nodesOf(sides[1]).find((c) => a.includes(c));
        if (overlap) throw new ModelReferenceError(`${overlap.id} is on both sides of the partition`, [...path, "between"]);
      }
      if (!chosen.some((network) => network.nodesOf(sides[0]).length > 0 && network.nodesOf(sides[1]).length > 0)) {
        throw new ModelReferenceError("no network joins nodes of both sides, so this partition would cut nothing; check `between` and the links' `connects`", [...path, "between"]);
      }
      injectors.push(new PartitionFault(sim, fault, sides, chosen, streams));
      return;
    }

    const allowed = FAULT_TARGET_KINDS[spec.type];
    // One injector per target instance, even when several references name it
    // (`[kind:processor, bmc]`): a second would double the rate and share its streams.
    const targeted = new Set<Component>();
    spec.targets.forEach((ref, r) => {
      const refPath = spec.targets.length === 1 ? [...path, "target"] : [...path, "target", r];
      for (const component of hardware.inventory.resolve(ref, refPath)) {
        if (targeted.has(component)) continue;
        targeted.add(component);
        if (allowed !== undefined && !allowed.includes(component.kind)) {
          throw new ModelReferenceError(`a ${spec.type} fault applies to ${allowed.join(", ")}, but ${component.id} is a ${component.kind}`, refPath);
        }
        if ((spec.type === "fail-stop" || spec.type === "precursor") && repairOf.get(component) === undefined) {
          throw new ModelReferenceError(
            `this fault fail-stops ${component.id}, which has no repair: give its group \`mttr\` or \`repair\` (or \`repair: none\` if it is never repaired)`,
            refPath,
          );
        }
        injectors.push(
          new TargetFault(sim, fault, {
            component,
            ...(component instanceof Processor ? { processor: component satisfies ProcessorPort, slowable: component } : {}),
            ...(component instanceof Link ? { slowable: component satisfies SlowablePort, lossy: component satisfies LossyPort } : {}),
            ...(component instanceof Dimm ? { dimm: component satisfies DimmPort } : {}),
            ...(component instanceof Disk ? { disk: component satisfies DiskPort } : {}),
          }, streams),
        );
      }
    });
  });
  return injectors;
}

