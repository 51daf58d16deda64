import type { Component } from "../../hardware/component.js";
import { type Inventory, ModelReferenceError } from "../../hardware/inventory.js";
import { suggest } from "../../math/did-you-mean.js";
import type { RedundancyGroupConfig } from "./config.js";
import { naivePlacement, type Placement, placementViolations, spreadPlacement } from "./placement.js";

/** A redundancy-group entry resolved against the hardware: which node hosts which member of which group. */
export interface Layout {
  readonly nodes: readonly Component[];
  /** Fault domain of each node (an index); each node its own without `fault_domain`. */
  readonly domainOf: readonly number[];
  readonly groupNames: readonly string[];
  /** Members of each group as node indices, highest priority first. */
  readonly placement: Placement;
  readonly violations: number;
}

type Path = (string | number)[];

/**
 * Resolves `nodes`, `fault_domain` and `groups` (built-in placer or explicit
 * lists). Every problem is a ModelReferenceError at the offending field,
 * relative to the entry.
 */
export function resolveLayout(inventory: Inventory, config: RedundancyGroupConfig): Layout {
  const nodes = resolveNodes(inventory, config.nodes);
  const domainOf = config.fault_domain === undefined ? nodes.map((_, k) => k) : resolveDomains(inventory, nodes, config.fault_domain);
  if (typeof config.groups === "number") {
    const standbys = config.standbys ?? 1;
    const placement = config.placement ?? "spread";
    const size = standbys + 1;
    if (size > nodes.length) {
      throw new ModelReferenceError(
        `anti-affinity needs N + 1 = ${size} distinct nodes for 1 active + ${standbys} standbys, but \`nodes\` has ${nodes.length}; lower \`standbys\` to at most ${nodes.length - 1} or add nodes`,
        ["standbys"],
      );
    }
    const domains = new Set(domainOf).size;
    if (placement === "spread" && size > domains) {
      throw new ModelReferenceError(
        `anti-affinity needs N + 1 = ${size} distinct fault domains (\`fault_domain: ${config.fault_domain}\`) for 1 active + ${standbys} standbys, but the nodes are in ${domains}; lower \`standbys\` to at most ${domains - 1} or spread the nodes over more domains`,
        ["standbys"],
      );
    }
    const members = placement === "spread" ? spreadPlacement(domainOf, config.groups, standbys) : naivePlacement(nodes.length, config.groups, standbys);
    const groupNames = members.map((_, g) => `g${g}`);
    return { nodes, domainOf, groupNames, placement: members, violations: placementViolations(members, domainOf) };
  }
  for (const key of ["standbys", "placement"] as const) {
    if (config[key] !== undefined) {
      throw new ModelReferenceError(`\`${key}\` applies only to \`groups: <count>\`; with explicit groups, each \`members\` list gives the placement and the standbys`, [key]);
    }
  }
  const groupNames: string[] = [];
  const placement: Placement = [];
  config.groups.forEach((group, i) => {
    if (groupNames.includes(group.name)) throw new ModelReferenceError(`group "${group.name}" is defined twice`, ["groups", i, "name"]);
    groupNames.push(group.name);
    placement.push(group.members.map((ref, j) => memberNode(inventory, nodes, ref, ["groups", i, "members", j])));
  });
  return { nodes, domainOf, groupNames, placement, violations: placementViolations(placement, domainOf) };
}

function resolveNodes(inventory: Inventory, refs: string | readonly string[]): Component[] {
  const list: [string, Path][] = typeof refs === "string" ? [[refs, ["nodes"]]] : refs.map((r, i) => [r, ["nodes", i]]);
  const nodes: Component[] = [];
  for (const [ref, path] of list) {
    for (const c of inventory.resolve(ref, path)) {
      if (nodes.includes(c)) throw new ModelReferenceError(`${c.id} is listed twice in \`nodes\``, path);
      nodes.push(c);
    }
  }
  return nodes;
}

/** Each node's domain: the first of the `fault_domain` components found going up its containers (itself included). */
function resolveDomains(inventory: Inventory, nodes: readonly Component[], ref: string): number[] {
  const domains = inventory.resolve(ref, ["fault_domain"]);
  return nodes.map((node) => {
    const queue: Component[] = [node];
    const seen = new Set(queue);
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
      const index = domains.indexOf(c);
      if (index >= 0) return index;
      for (const up of c.containers) {
        if (!seen.has(up)) {
          seen.add(up);
          queue.push(up);
        }
      }
    }
    throw new ModelReferenceError(`node ${node.id} is not inside any "${ref}" component; place it in one with \`in:\` or drop \`fault_domain\``, ["fault_domain"]);
  });
}

/** The node a priority list names: one of `nodes`, with a did-you-mean among them. */
function memberNode(inventory: Inventory, nodes: readonly Component[], ref: string, path: Path): number {
  if (inventory.find(ref) === undefined && !ref.startsWith("kind:")) {
    const hint = suggest(ref, nodes.map((n) => n.id));
    if (hint !== undefined) throw new ModelReferenceError(`no node named "${ref}"; did you mean "${hint}"?`, path);
  }
  // Throws for an unknown name, with the inventory's did-you-mean; `kind:<kind>` resolves to its components.
  const components = inventory.resolve(ref, path);
  if (components.length !== 1) {
    throw new ModelReferenceError(`"${ref}" is ${components.length} components; a member names one node, e.g. "${components[0]?.id}"`, path);
  }
  const index = nodes.indexOf(components[0]!);
  if (index < 0) {
    const names = nodes.map((n) => n.id);
    throw new ModelReferenceError(`"${ref}" is not one of the \`nodes\` (${names.slice(0, 8).join(", ")}${names.length > 8 ? ", ..." : ""})`, path);
  }
  return index;
}
