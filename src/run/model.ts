import { makeDistribution } from "../engine/distributions.js";
import type { RandomStreams } from "../engine/random.js";
import type { Simulator } from "../engine/simulator.js";
import { NO_TRACE, type Trace } from "../engine/trace.js";
import { type Inventory, ModelReferenceError } from "../hardware/inventory.js";
import type { Network } from "../hardware/network.js";
import { RepairShop } from "../hardware/repair-shop.js";
import type { StatusSignal } from "../hardware/status.js";
import { StochasticFailures, type FailureModel } from "../faults/stochastic-failures.js";
import { buildFaults, type Startable } from "./fault-build.js";
import { buildHardware } from "./hardware-build.js";
import type { MechanismInstance, StatedReliability } from "../mechanisms/mechanism.js";
import type { Component } from "../hardware/component.js";
import type { DistributionSpec } from "../engine/distribution.js";
import { findMechanism } from "../mechanisms/registry.js";
import { evaluateStructure, type StructureNode } from "../metrics/structure.js";
import type { Scenario, StructureInput } from "../scenario/schema.js";
import { suggest } from "../math/did-you-mean.js";

type Path = (string | number)[];

/** One replication's model, wired and ready to run. */
export interface Model {
  inventory: Inventory;
  networks: ReadonlyMap<string, Network>;
  /** The service whose availability is reported. */
  service: StatusSignal;
  mechanisms: { name: string; instance: MechanismInstance }[];
  /**
   * Mechanisms none of whose services the `service` structure uses: their
   * metrics are reported, but the service metrics do not measure them.
   */
  unmeasured: string[];
  /** Starts the failure processes; call once before running. */
  start(): void;
}

/**
 * Builds the hardware, the failure processes, the mechanisms and the service
 * structure of one replication. Bad references throw ModelReferenceError
 * with the path of the offending field.
 */
export function buildModel(scenario: Scenario, sim: Simulator, streams: RandomStreams, trace: Trace = NO_TRACE): Model {
  const hardware = buildHardware(scenario.components, sim, streams, trace);
  const { inventory } = hardware;
  const shop = new RepairShop(sim, scenario.repair.crews === "unlimited" ? Infinity : scenario.repair.crews);
  const processes: Startable[] = [];
  for (const spec of scenario.components) {
    if (spec.failure === undefined && (spec.repair === undefined || spec.repair === "none")) continue;
    const model: FailureModel = {};
    if (spec.failure !== undefined) model.failure = makeDistribution(spec.failure);
    if (spec.repair !== undefined && spec.repair !== "none") model.repair = makeDistribution(spec.repair);
    for (const component of inventory.find(spec.name)!) processes.push(new StochasticFailures(sim, component, model, streams, shop));
  }
  processes.push(...buildFaults(scenario.faults, scenario.components, hardware, sim, streams));

  const stated = statedReliability(scenario, inventory);
  const ctx = { sim, streams, inventory, warmupS: scenario.warmup, horizonS: scenario.horizon, networks: hardware.networks, trace, stated };
  const services = new Map<string, StatusSignal>();
  const mechanisms: Model["mechanisms"] = [];
  scenario.mechanisms.forEach((entry, i) => {
    const { type, name: givenName, ...config } = entry as { type: string; name?: string };
    const definition = findMechanism(type)!;
    const name = givenName ?? type;
    if (mechanisms.some((m) => m.name === name)) {
      throw new ModelReferenceError(`two mechanisms are named "${name}"; give each a distinct name`, ["mechanisms", i, "name"]);
    }
    let instance: MechanismInstance;
    try {
      instance = definition.build(ctx, name, config);
    } catch (e) {
      if (e instanceof ModelReferenceError) throw new ModelReferenceError(e.message, ["mechanisms", i, ...e.path]);
      throw e;
    }
    mechanisms.push({ name, instance });
    for (const [serviceName, signal] of Object.entries(instance.services)) {
      if (inventory.find(serviceName) !== undefined || services.has(serviceName)) {
        throw new ModelReferenceError(
          `mechanism "${name}" provides a service named "${serviceName}", which is already the name of a component or service; rename one`,
          ["mechanisms", i, "name"],
        );
      }
      services.set(serviceName, signal);
    }
  });

  if (scenario.service === undefined && services.size > 0) {
    // Defaulting to "all components in series" would silently ignore what the mechanisms provide.
    const names = [...services.keys()];
    throw new ModelReferenceError(
      `the mechanisms provide the service${names.length > 1 ? "s" : ""} ${names.map((n) => `"${n}"`).join(", ")}; ` +
        `say what availability is measured on with a top-level \`service:\` entry, e.g. \`service: ${names[0]}\``,
      [],
    );
  }
  const resolver = new NameResolver(inventory, services);
  const root: StructureNode =
    scenario.service === undefined
      ? { kind: "gate", k: inventory.components.length, children: inventory.components.map((signal) => ({ kind: "leaf", signal })) }
      : resolver.node(scenario.service, ["service"]);
  // Traced runs name the leaf whose change moved the service as the cause; this listener is
  // registered before the structure's own, so it runs first on every leaf change.
  let lastLeaf = "structure";
  if (trace.enabled) forEachLeaf(root, (signal) => signal.onChange((up) => (lastLeaf = `${signal.id} ${up ? "up" : "down"}`)));
  const measured = new Set<StatusSignal>();
  forEachLeaf(root, (signal) => measured.add(signal));
  const unmeasured = mechanisms.filter((m) => !Object.values(m.instance.services).some((s) => measured.has(s))).map((m) => m.name);
  const service = evaluateStructure(root);
  if (trace.enabled) service.onChange((up, now) => trace.record(now, "service", up ? "up" : "down", lastLeaf));
  return { inventory, networks: hardware.networks, service, mechanisms, unmeasured, start: () => processes.forEach((p) => p.start()) };
}

/**
 * Each component's stated failure processes (its own life and the stochastic
 * fail-stop/precursor faults naming it; a container's faults are not
 * counted), for MechanismContext.stated.
 */
function statedReliability(scenario: Scenario, inventory: Inventory): (component: Component) => StatedReliability {
  const table = new Map<Component, { failureRatePerS: number; exponential: boolean; meanRepairS: number | undefined }>();
  const add = (c: Component, spec: DistributionSpec) => {
    const entry = table.get(c)!;
    entry.failureRatePerS += 1 / makeDistribution(spec).mean;
    entry.exponential &&= spec.kind === "exponential";
  };
  for (const spec of scenario.components) {
    const repair = spec.repair === undefined || spec.repair === "none" ? undefined : makeDistribution(spec.repair).mean;
    for (const c of inventory.find(spec.name)!) {
      table.set(c, { failureRatePerS: 0, exponential: true, meanRepairS: repair });
      if (spec.failure !== undefined) add(c, spec.failure);
    }
  }
  for (const fault of scenario.faults) {
    if ((fault.type !== "fail-stop" && fault.type !== "precursor") || fault.when.kind !== "every") continue;
    const seen = new Set<Component>();
    for (const ref of fault.targets) for (const c of inventory.resolve(ref, [])) if (!seen.has(c)) (seen.add(c), add(c, fault.when.interval));
  }
  return (component) => table.get(component) ?? { failureRatePerS: 0, exponential: true, meanRepairS: undefined };
}

class NameResolver {
  constructor(
    private readonly inventory: Inventory,
    private readonly services: Map<string, StatusSignal>,
  ) {}

  /** A structure node; a group name as a whole node means all its members in series. */
  node(input: StructureInput, path: Path): StructureNode {
    if (typeof input === "string") {
      const signals = this.signals(input, path);
      return signals.length === 1 ? { kind: "leaf", signal: signals[0]! } : gate(signals.length, this.leaves(signals));
    }
    if ("series" in input) {
      const children = this.list(input.series, [...path, "series"]);
      return gate(children.length, children);
    }
    if ("parallel" in input) return gate(1, this.list(input.parallel, [...path, "parallel"]));
    const children = typeof input.of === "string" ? this.leaves(this.signals(input.of, [...path, "of"])) : this.list(input.of, [...path, "of"]);
    if (input.k > children.length) {
      throw new ModelReferenceError(`k = ${input.k} but only ${children.length} members are listed in "of"`, [...path, "k"]);
    }
    return gate(input.k, children);
  }

  /** Members of a list; a group name inside a list expands to one member per instance. */
  private list(items: readonly StructureInput[], path: Path): StructureNode[] {
    return items.flatMap((item, i) =>
      typeof item === "string" ? this.leaves(this.signals(item, [...path, i])) : [this.node(item, [...path, i])],
    );
  }

  private leaves(signals: StatusSignal[]): StructureNode[] {
    return signals.map((signal) => ({ kind: "leaf", signal }));
  }

  private signals(name: string, path: Path): StatusSignal[] {
    const service = this.services.get(name);
    if (service) return [service];
    const found = this.inventory.find(name);
    if (found) return found;
    const candidates = [...this.services.keys(), ...this.inventory.names];
    const hint = suggest(name, candidates);
    throw new ModelReferenceError(
      `no component or service named "${name}"` + (hint ? `; did you mean "${hint}"?` : `; known names: ${candidates.slice(0, 12).join(", ")}`),
      path,
    );
  }
}

function gate(k: number, children: StructureNode[]): StructureNode {
  return { kind: "gate", k, children };
}

function forEachLeaf(node: StructureNode, visit: (signal: StatusSignal) => void): void {
  if (node.kind === "leaf") visit(node.signal);
  else for (const child of node.children) forEachLeaf(child, visit);
}
