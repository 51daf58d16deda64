import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MaxMinAllocator } from "../../src/hardware/max-min.js";

function allocate(paths: number[][], capacity: number[]): number[] {
  const rates: number[] = [];
  new MaxMinAllocator().allocate(paths, (r) => capacity[r]!, rates);
  return rates;
}

describe("MaxMinAllocator", () => {
  it("splits one resource equally", () => {
    expect(allocate([[0], [0], [0], [0]], [100])).toEqual([25, 25, 25, 25]);
  });

  it("gives a flow bottlenecked elsewhere its share there, and the rest to the others (textbook example)", () => {
    // Bertsekas & Gallager's example: link 0 (cap 1) carries flows 0, 1, 2; link 1 (cap 1) carries 0 and 3.
    // Flows 0, 1, 2 get 1/3 on link 0; flow 3 gets the 2/3 flow 0 leaves on link 1.
    const rates = allocate([[0, 1], [0], [0], [1]], [1, 1]);
    expect(rates.map((r) => r * 3)).toEqual([1, 1, 1, 2].map((x) => expect.closeTo(x, 12)));
  });

  it("gives an empty path an infinite rate", () => {
    expect(allocate([[], [0]], [10])).toEqual([Infinity, 10]);
  });

  it("is feasible and max-min fair: every flow is saturated at a resource where no flow gets more (property)", () => {
    const instance = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }))
      .chain(([resources, flows]) =>
        fc.record({
          capacity: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: resources, maxLength: resources }),
          paths: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: resources - 1 }), { minLength: 1, maxLength: resources }), {
            minLength: flows,
            maxLength: flows,
          }),
        }),
      );
    const allocator = new MaxMinAllocator(); // reused: scratch state must not leak between calls
    fc.assert(
      fc.property(instance, ({ capacity, paths }) => {
        const rates: number[] = [];
        allocator.allocate(paths, (r) => capacity[r]!, rates);
        const load = capacity.map((_, r) => paths.reduce((sum, p, f) => sum + (p.includes(r) ? rates[f]! : 0), 0));
        const tol = 1e-9;
        load.forEach((l, r) => expect(l).toBeLessThanOrEqual(capacity[r]! * (1 + tol)));
        paths.forEach((path, f) => {
          expect(rates[f]).toBeGreaterThan(0);
          const bottleneck = path.some(
            (r) => load[r]! >= capacity[r]! * (1 - tol) && paths.every((p, g) => !p.includes(r) || rates[g]! <= rates[f]! * (1 + tol)),
          );
          expect(bottleneck, `flow ${f} has no bottleneck`).toBe(true);
        });
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
