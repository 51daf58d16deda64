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

  /** Adds `count` components of a group; a group of one is named without an index. */
  addGroup(name: string, kind: string, count: number): Component[] {
    if (this.groups.has(name)) throw new ModelReferenceError(`duplicate component name "${name}"`);
    const members: Component[] = [];
    for (let i = 0; i < count; i++) {
      const id = count === 1 ? name : `${name}[${i}]`;
      const component = new Component(id, kind);
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

  /** Resolves `name` (a group or an instance id) to its components, or undefined. */
  find(name: string): Component[] | undefined {
    const group = this.groups.get(name);
    if (group) return group;
    const one = this.byId.get(name);
    return one ? [one] : undefined;
  }
}
