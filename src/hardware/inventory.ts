import { Component } from "./component.js";

/** Thrown when a scenario names hardware that does not exist; `path` points into the scenario. */
export class ModelReferenceError extends Error {
  override readonly name = "ModelReferenceError";
  constructor(
    message: string,
    /** Path of the offending field in the scenario, e.g. ["mechanisms", 0, "units", 1]. */
    readonly path: readonly (string | number)[] = [],
  ) {
    super(message);
  }
}

/**
 * All components of one replication, by instance id (`server[2]`, or `lb`
 * for a single instance) and by group name (`server`).
 */
export class Inventory {
  readonly components: Component[] = [];
  private readonly byId = new Map<string, Component>();
  private readonly groups = new Map<string, Component[]>();

  /**
   * Adds `count` components of a group; a group of one is named without an
   * index. `make` builds each instance (a Processor, a Disk...); by default a
   * plain Component of `kind`.
   */
  addGroup(name: string, kind: string, count: number, make: (id: string, index: number) => Component = (id) => new Component(id, kind)): Component[] {
    if (this.groups.has(name)) throw new ModelReferenceError(`duplicate component name "${name}"`);
    const members: Component[] = [];
    for (let i = 0; i < count; i++) {
      const id = count === 1 ? name : `${name}[${i}]`;
      const component = make(id, i);
      members.push(component);
      this.components.push(component);
      this.byId.set(id, component);
    }
    this.groups.set(name, members);
    return members;
  }

  /** Every name a reference may use: groups and instance ids. */
  get names(): string[] {
    return [...new Set([...this.groups.keys(), ...this.byId.keys()])];
  }

  /** Every component of a kind, in declaration order. */
  ofKind(kind: string): Component[] {
    return this.components.filter((c) => c.kind === kind);
  }

  /** Resolves `name` (a group or an instance id) to its components, or undefined. */
  find(name: string): Component[] | undefined {
    const group = this.groups.get(name);
    if (group) return group;
    const one = this.byId.get(name);
    return one ? [one] : undefined;
  }
}
