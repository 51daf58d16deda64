import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/random.js";
import { balancedAssignment } from "../../../src/mechanisms/raid-rebuild/balanced-assignment.js";
import { choose, completeLayout, randomLayout } from "../../../src/mechanisms/raid-rebuild/declustered-layout.js";
import type { StripeMap } from "../../../src/mechanisms/raid-rebuild/stripe-map.js";

/** Every stripe has its present members on distinct disks. */
function distinctDisks(map: StripeMap): boolean {
  for (let s = 0; s < map.stripeCount; s++) {
    const seen = new Set<number>();
    for (let m = 0; m < map.width; m++) {
      const d = map.diskOf[s * map.width + m]!;
      if (d < 0) continue;
      if (seen.has(d)) return false;
      seen.add(d);
    }
  }
  return true;
}

const spread = (xs: readonly number[]) => Math.max(...xs) - Math.min(...xs);

describe("declustered layouts", () => {
  it("random: no stripe has two members on a disk, data chunks per disk within one of balanced; a failure's members go to other disks, as balanced as the stripes allow", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((G) =>
          fc.record({
            G: fc.constant(G),
            C: fc.integer({ min: G + 1, max: 40 }),
            spare: fc.integer({ min: 1, max: 2 }),
            rows: fc.integer({ min: 1, max: 30 }),
            seed: fc.integer({ min: 0, max: 1000 }),
            failures: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
          }),
        ),
        ({ G, C, spare, rows, seed, failures }) => {
          fc.pre(C - spare >= G);
          const map = randomLayout(C, rows, G, spare, new RandomStreams(seed, 0).stream("layout"));
          expect(distinctDisks(map)).toBe(true);
          expect(spread(Array.from(map.used))).toBeLessThanOrEqual(1);
          const down = new Set<number>();
          for (const f of failures) {
            const failed = f % C;
            if (down.has(failed)) continue;
            down.add(failed);
            const lost = map.membersOn(failed);
            for (const o of lost) map.remove(Math.floor(o / G), o % G);
            const eligible = (o: number) => {
              const s = Math.floor(o / G);
              return Array.from({ length: C }, (_, d) => d).filter((d) => !down.has(d) && map.free[d]! > 0 && !map.stripeUses(s, d));
            };
            const options = new Map(lost.map((o) => [o, eligible(o)]));
            const plan = balancedAssignment(lost, eligible, (d) => map.free[d]!, C);
            const perDisk = new Map<number, number>();
            for (const [o, d] of plan) {
              const s = Math.floor(o / G);
              // Never a disk already holding a member of the stripe, nor a failed one.
              expect(map.stripeUses(s, d)).toBe(false);
              expect(down.has(d)).toBe(false);
              map.place(s, o % G, d, map.firstFree(d));
              perDisk.set(d, (perDisk.get(d) ?? 0) + 1);
            }
            expect(distinctDisks(map)).toBe(true);
            // Balanced as the stripe constraint allows: moving any one member to another disk it may go to
            // would not even out the writes (that disk already takes at least one fewer).
            for (const [o, d] of plan) {
              for (const other of options.get(o)!) {
                if (other === d || map.free[other]! === 0) continue;
                expect((perDisk.get(other) ?? 0) + 1, `member ${o} on disk ${d} could go to ${other}`).toBeGreaterThanOrEqual(perDisk.get(d)!);
              }
            }
            if (down.size === 1) expect(plan.size).toBe(lost.length); // one disk's worth of spare always holds one failure
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("complete: every G-subset once, so each pair of disks shares exactly C(C−2, G−2) stripes", () => {
    const C = 9;
    const G = 4;
    const map = completeLayout(C, 64, G, 1);
    expect(map.stripeCount).toBe(choose(C, G));
    expect(distinctDisks(map)).toBe(true);
    const shared = Array.from({ length: C }, () => new Array<number>(C).fill(0));
    for (let s = 0; s < map.stripeCount; s++) {
      const disks = Array.from({ length: G }, (_, m) => map.diskOf[s * G + m]!);
      for (const a of disks) for (const b of disks) if (a !== b) shared[a]![b]!++;
    }
    for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) if (a !== b) expect(shared[a]![b]).toBe(choose(C - 2, G - 2));
    expect(new Set(Array.from(map.used)).size).toBe(1);
  });

  it("names the field when there is no room for the distributed spare or the width exceeds the pool", () => {
    const rng = new RandomStreams(1, 0).stream("layout");
    expect(() => randomLayout(4, 10, 5, 1, rng)).toThrow(/width G = 5 is larger than the pool's C = 4/);
    expect(() => randomLayout(10, 10, 10, 1, rng)).toThrow(/no room for the distributed spare/);
    expect(() => randomLayout(10, 10, 5, 0, rng)).toThrow(/no room for the distributed spare/);
    expect(() => completeLayout(8, 35, 4, 1)).toThrow(/no room for the distributed spare/);
  });
});
