import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activesPerNode, naivePlacement, placementViolations, spreadPlacement } from "../../../src/mechanisms/redundancy-group/placement.js";

/** (nodes, groups, N) with N + 1 ≤ nodes, as the mechanism accepts them. */
const layouts = fc
  .record({ nodes: fc.integer({ min: 2, max: 12 }), groups: fc.integer({ min: 1, max: 80 }), extra: fc.nat() })
  .map(({ nodes, groups, extra }) => ({ nodes, groups, standbys: 1 + (extra % (nodes - 1)) }));

const ownDomains = (n: number) => Array.from({ length: n }, (_, k) => k);

describe("spread placement", () => {
  it("puts every group's members on distinct nodes, active first round-robin, N + 1 members each", () => {
    fc.assert(
      fc.property(layouts, ({ nodes, groups, standbys }) => {
        const placement = spreadPlacement(ownDomains(nodes), groups, standbys);
        expect(placementViolations(placement, ownDomains(nodes))).toBe(0);
        placement.forEach((members, g) => {
          expect(members).toHaveLength(standbys + 1);
          expect(members[0]).toBe(g % nodes);
        });
      }),
    );
  });

  it("after any single node failure, no node gains more than ⌈actives of the failed node / (nodes − 1)⌉", () => {
    fc.assert(
      fc.property(layouts, ({ nodes, groups, standbys }) => {
        const placement = spreadPlacement(ownDomains(nodes), groups, standbys);
        const before = activesPerNode(placement, nodes);
        const maxBefore = Math.max(...before);
        for (let failed = 0; failed < nodes; failed++) {
          const after = activesPerNode(placement, nodes, new Set([failed]));
          const bound = Math.ceil(before[failed]! / (nodes - 1));
          after.forEach((a, k) => {
            if (k !== failed) expect(a - before[k]!).toBeLessThanOrEqual(bound);
          });
          expect(Math.max(...after)).toBeLessThanOrEqual(maxBefore + bound);
          // Nothing is lost: every group still has an active somewhere.
          expect(after.reduce((s, a) => s + a, 0)).toBe(groups);
        }
      }),
    );
  });

  it("with fault domains, puts a group's members in distinct domains and spreads a node's actives over the other domains' nodes", () => {
    const withDomains = fc
      .record({ domains: fc.integer({ min: 2, max: 5 }), perDomain: fc.integer({ min: 1, max: 3 }), groups: fc.integer({ min: 1, max: 60 }), extra: fc.nat() })
      .map(({ domains, perDomain, groups, extra }) => ({
        // Nodes listed domain by domain, as `count: 6, in: rack` lays them out (node k in domain ⌊k / perDomain⌋).
        domainOf: Array.from({ length: domains * perDomain }, (_, k) => Math.floor(k / perDomain)),
        groups,
        standbys: 1 + (extra % (domains - 1)),
      }));
    fc.assert(
      fc.property(withDomains, ({ domainOf, groups, standbys }) => {
        const n = domainOf.length;
        const placement = spreadPlacement(domainOf, groups, standbys);
        expect(placementViolations(placement, domainOf)).toBe(0);
        const before = activesPerNode(placement, n);
        for (let failed = 0; failed < n; failed++) {
          const outside = domainOf.filter((d) => d !== domainOf[failed]).length;
          const bound = Math.ceil(before[failed]! / outside);
          const after = activesPerNode(placement, n, new Set([failed]));
          after.forEach((a, k) => {
            if (k !== failed) expect(a - before[k]!).toBeLessThanOrEqual(bound);
          });
        }
      }),
    );
  });

  it("6 nodes, 24 groups, N = 2: a node failure moves its 4 actives to 4 different nodes", () => {
    const placement = spreadPlacement(ownDomains(6), 24, 2);
    expect(activesPerNode(placement, 6)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(activesPerNode(placement, 6, new Set([0]))).toEqual([0, 5, 5, 5, 5, 4]);
  });
});

describe("naive placement", () => {
  it("puts standby k of the groups active on node i on node i + k: distinct nodes, and one neighbour takes all of a failed node's actives", () => {
    fc.assert(
      fc.property(layouts, ({ nodes, groups, standbys }) => {
        const placement = naivePlacement(nodes, groups, standbys);
        expect(placementViolations(placement, ownDomains(nodes))).toBe(0);
        const before = activesPerNode(placement, nodes);
        for (let failed = 0; failed < nodes; failed++) {
          const after = activesPerNode(placement, nodes, new Set([failed]));
          expect(after[(failed + 1) % nodes]).toBe(before[(failed + 1) % nodes]! + before[failed]!);
        }
      }),
    );
  });

  it("ignores fault domains, which then count as violations", () => {
    // Nodes 0, 1 in domain 0, nodes 2, 3 in domain 1: groups active on 0 and 2 have their standby in their own domain.
    const placement = naivePlacement(4, 4, 1);
    expect(placement).toEqual([[0, 1], [1, 2], [2, 3], [3, 0]]);
    expect(placementViolations(placement, [0, 0, 1, 1])).toBe(2);
  });
});

describe("placement violations", () => {
  it("counts members beyond the distinct nodes of each group", () => {
    expect(placementViolations([[0, 1, 2], [0, 0, 1], [3, 3, 3]], ownDomains(4))).toBe(0 + 1 + 2);
  });
});
