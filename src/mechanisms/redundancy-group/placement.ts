/**
 * The built-in placers of `redundancy-group`: which node hosts each member
 * of each group, in priority order (member 0 is the active at the start).
 * Nodes are indices 0 … n − 1; `domainOf[k]` is node k's fault domain (its
 * own index when there are no fault domains). Pure functions, so the
 * properties the docs promise are tested directly (fast-check).
 */

/** Members of each group as node indices, highest priority first. */
export type Placement = number[][];

/**
 * `spread`: actives round-robin (group g on node g mod n); then, rank by rank,
 * each standby goes to the eligible node (a domain the group does not use
 * yet) that has the fewest rank-r standbys of groups active on the same node,
 * ties broken by the fewest members in total, then by the lowest index.
 *
 * For rank 1 the eligible set of a group depends only on its active node a
 * (the nodes outside a's domain, E_a), and the groups active on a pick the
 * least-used node of E_a one after the other, so their first standbys differ
 * by at most one per node: a lone failure of node a moves at most
 * ⌈actives(a) / |E_a|⌉ actives to any one node. Every group gets N + 1
 * distinct domains whenever N + 1 ≤ the number of domains (checked by the
 * caller), so the placement has no violation.
 */
export function spreadPlacement(domainOf: readonly number[], groups: number, standbys: number): Placement {
  const n = domainOf.length;
  const placement: Placement = [];
  for (let g = 0; g < groups; g++) placement.push([g % n]);
  const membersOn = new Array<number>(n).fill(0);
  for (let g = 0; g < groups; g++) membersOn[g % n]!++;
  for (let rank = 1; rank <= standbys; rank++) {
    // pairs[a * n + k]: groups active on a whose rank-`rank` standby is on k.
    const pairs = new Array<number>(n * n).fill(0);
    for (const members of placement) {
      const active = members[0]!;
      const used = new Set(members.map((k) => domainOf[k]));
      let best = -1;
      for (let k = 0; k < n; k++) {
        if (used.has(domainOf[k]!)) continue;
        if (best < 0) {
          best = k;
          continue;
        }
        const dp = pairs[active * n + k]! - pairs[active * n + best]!;
        if (dp < 0 || (dp === 0 && membersOn[k]! < membersOn[best]!)) best = k;
      }
      if (best < 0) throw new RangeError(`no fault domain left for standby ${rank} of group ${placement.indexOf(members)}`);
      members.push(best);
      pairs[active * n + best]!++;
      membersOn[best]!++;
    }
  }
  return placement;
}

/**
 * `naive`: group g is active on node i = g mod n and its k-th standby is on
 * node (i + k) mod n. All first standbys of node i's groups are on its
 * neighbour i + 1, which takes over all of node i's actives when it fails.
 * Members are on distinct nodes when N + 1 ≤ n; fault domains are ignored.
 */
export function naivePlacement(nodes: number, groups: number, standbys: number): Placement {
  const placement: Placement = [];
  for (let g = 0; g < groups; g++) {
    const active = g % nodes;
    placement.push(Array.from({ length: standbys + 1 }, (_, k) => (active + k) % nodes));
  }
  return placement;
}

/**
 * Placement violations: for each group, its members minus the distinct fault
 * domains they occupy (two members on one node, or in one domain, is one
 * violation; three is two).
 */
export function placementViolations(placement: Placement, domainOf: readonly number[]): number {
  let violations = 0;
  for (const members of placement) violations += members.length - new Set(members.map((k) => domainOf[k])).size;
  return violations;
}

/**
 * Actives per node after the nodes in `failed` are down and every group has
 * failed over to its highest-priority member on a live node (a group with
 * none is counted nowhere). With `failed` empty: the actives at the start.
 */
export function activesPerNode(placement: Placement, nodes: number, failed: ReadonlySet<number> = new Set()): number[] {
  const actives = new Array<number>(nodes).fill(0);
  for (const members of placement) {
    const live = members.find((k) => !failed.has(k));
    if (live !== undefined) actives[live]!++;
  }
  return actives;
}
