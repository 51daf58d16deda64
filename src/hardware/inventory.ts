import { suggest } from "../math/did-you-mean.js";
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

  /**
   * Resolves a reference as scenarios write it: a group (`host`), an instance
   * (`host[3]`) or `kind:<kind>` (every component of that kind). For a name
   * that matches nothing it throws a ModelReferenceError at `path`, with a
   * did-you-mean.
   */
  resolve(ref: string, path: readonly (string | number)[]): Component[] {
    if (ref.startsWith("kind:")) {
      const kind = ref.slice(5);
      const found = this.ofKind(kind);
      if (found.length > 0) return found;
      const kinds = [...new Set(this.components.map((c) => c.kind))];
      const hint = suggest(kind, kinds);
      throw new ModelReferenceError(`no component of kind "${kind}"` + (hint ? `; did you mean "kind:${hint}"?` : `; the kinds present are ${kinds.join(", ")}`), path);
    }
    const found = this.find(ref);
    if (found) return found;
    const hint = suggest(ref, this.names);
    throw new ModelReferenceError(
      `no component named "${ref}"` + (hint ? `; did you mean "${hint}"?` : `; known names: ${this.names.slice(0, 12).join(", ")}`),
      path,
    );
  }

  /** Resolves `name` (a group or an instance id) to its components, or undefined. */
  find(name: string): Component[] | undefined {
    const group = this.groups.get(name);
    if (group) return group;
    const one = this.byId.get(name);
    return one ? [one] : undefined;
  }
}

/**
 * The network named `name` among a scenario's networks (a `network:` of its
 * links), for a mechanism's or a fault's `network` field.
 * @throws {ModelReferenceError} at `path`, with a did-you-mean or the known names
 */
export function resolveNetwork<N>(networks: ReadonlyMap<string, N>, name: string, path: readonly (string | number)[]): N {
  const network = networks.get(name);
  if (network !== undefined) return network;
  const known = [...networks.keys()];
  const hint = suggest(name, known);
  throw new ModelReferenceError(
    `no network named "${name}"` +
      (hint !== undefined
        ? `; did you mean "${hint}"?`
        : known.length > 0
          ? `; the networks are ${known.join(", ")}`
          : "; the scenario has no network: join the components with links (kind: link, connects: [a, b], network: <name>)"),
    path,
  );
}

/** The containers of `kind` (`site`, `rack`...) that `c` is in, directly or through its containers, nearest first. */
export function containersOfKind(c: Component, kind: string): Component[] {
  const found: Component[] = [];
  const queue = [c];
  for (let x = queue.shift(); x !== undefined; x = queue.shift()) {
    if (x.kind === kind && !found.includes(x)) found.push(x);
    queue.push(...x.containers);
  }
  return found;
}

/**
 * The one instance a reference names (`fs-a`, `site[0]`); a group of several
 * is a reference error at `field`, saying what one instance is for.
 */
export function resolveExactlyOne(inventory: Inventory, ref: string, field: string, what: string): Component {
  const found = inventory.resolve(ref, [field]);
  if (found.length !== 1) throw new ModelReferenceError(`"${ref}" names ${found.length} components; the ${field} is ${what} (name an instance, e.g. "${found[0]!.id}")`, [field]);
  return found[0]!;
}
