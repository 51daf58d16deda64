import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { naturalCompare } from "../../src/math/natural-order.js";

describe("naturalCompare", () => {
  it("orders digit runs by value", () => {
    const names = ["s.g10.availability", "s.g2.availability", "s.g1.availability", "s.failovers", "s.g0.availability", "availability"];
    expect([...names].sort(naturalCompare)).toEqual([
      "availability",
      "s.failovers",
      "s.g0.availability",
      "s.g1.availability",
      "s.g2.availability",
      "s.g10.availability",
    ]);
  });

  it("agrees with plain order on names without digits, and handles long numbers and leading zeros", () => {
    expect(["mttr_s", "downtime_s", "availability"].sort(naturalCompare)).toEqual(["availability", "downtime_s", "mttr_s"]);
    expect(["x99999999999999999999", "x100000000000000000000"].sort(naturalCompare)).toEqual(["x99999999999999999999", "x100000000000000000000"]);
    expect(naturalCompare("g007", "g7")).not.toBe(0);
    expect(naturalCompare("g007", "g8")).toBeLessThan(0);
  });

  it("is a total order: antisymmetric, transitive, 0 only for equal strings", () => {
    const name = fc.stringMatching(/^[a-c0-2.]{0,6}$/);
    fc.assert(
      fc.property(name, name, name, (a, b, c) => {
        expect(Math.sign(naturalCompare(a, b)) === -Math.sign(naturalCompare(b, a))).toBe(true);
        expect(naturalCompare(a, b) === 0).toBe(a === b);
        if (naturalCompare(a, b) < 0 && naturalCompare(b, c) < 0) expect(naturalCompare(a, c)).toBeLessThan(0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("naturalCompare on edge strings", () => {
  it("is a total order on empty strings, unicode and leading zeros", () => {
    const names = ["", "a", "a2", "a02", "a10", "é1", "e1", "\u{1F600}1", "a2b", "a2a", "1", "01", "-1"];
    for (const a of names) {
      expect(naturalCompare(a, a)).toBe(0);
      for (const b of names) {
        expect(Math.sign(naturalCompare(a, b)) + Math.sign(naturalCompare(b, a))).toBe(0);
        for (const c of names) {
          if (naturalCompare(a, b) < 0 && naturalCompare(b, c) < 0) expect(naturalCompare(a, c)).toBeLessThan(0);
        }
      }
    }
    expect(["a10", "", "a2"].sort(naturalCompare)).toEqual(["", "a2", "a10"]);
  });
});
