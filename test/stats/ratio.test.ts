import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RatioValues, summarizeRatio } from "../../src/stats/ratio.js";

describe("summarizeRatio", () => {
  it("reports the pooled ratio Σnum/Σden, not the mean of per-replication ratios", () => {
    const s = summarizeRatio(
      [
        { numerator: 10, denominator: 1 },
        { numerator: 100, denominator: 20 },
      ],
      "s",
    )!;
    expect(s.mean).toBe(110 / 21);
    expect(s.p50).toBe((10 + 5) / 2);
    expect(s.n).toBe(2);
  });

  it("counts replications without events in n and in the pooled ratio's denominator", () => {
    const s = summarizeRatio(
      [
        { numerator: 8, denominator: 2 },
        { numerator: 0, denominator: 0 },
        { numerator: 4, denominator: 1 },
      ],
      "s",
    )!;
    expect(s.mean).toBe(4);
    expect(s.n).toBe(3);
    expect(s.ci95[0]).toBeLessThanOrEqual(4);
    expect(s.ci95[1]).toBeGreaterThanOrEqual(4);
  });

  it("is undefined when no replication saw an event", () => {
    expect(summarizeRatio([{ numerator: 5, denominator: 0 }], "s")).toBeUndefined();
  });

  it("gives a zero-width interval when every replication has the same ratio", () => {
    const s = summarizeRatio(
      [
        { numerator: 3, denominator: 1 },
        { numerator: 6, denominator: 2 },
        { numerator: 9, denominator: 3 },
      ],
      "s",
    )!;
    expect(s.ci95).toEqual([3, 3]);
  });

  it("covers the true ratio about 95% of the time (exponential outages, Poisson counts)", () => {
    // A 64-bit LCG keeps the test independent of the engine's generators.
    let state = 88172645463325252n;
    const uniform = () => {
      state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      return Number(state >> 11n) / 2 ** 53;
    };
    const trueMean = 4;
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const cells = Array.from({ length: 20 }, () => {
        let count = 0;
        let total = 0;
        // Poisson(3) outages per replication, each Exp(mean 4).
        for (let clock = -Math.log(1 - uniform()); clock < 3; clock += -Math.log(1 - uniform())) {
          count++;
          total += -trueMean * Math.log(1 - uniform());
        }
        return { numerator: total, denominator: count };
      });
      const s = summarizeRatio(cells, "s")!;
      if (s.ci95[0] <= trueMean && trueMean <= s.ci95[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });
});

describe("RatioValues", () => {
  it("merging shards in any order gives the same summaries as one run", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ n: fc.double({ min: 0, max: 1e6, noNaN: true }), d: fc.nat(50) }), { minLength: 2, maxLength: 30 }),
        fc.nat(),
        (cells, cut) => {
          const all = new RatioValues();
          cells.forEach((c, r) => all.record("mttr_s", r, { numerator: c.n, denominator: c.d }, "s"));
          const k = cut % cells.length;
          const a = new RatioValues();
          const b = new RatioValues();
          cells.forEach((c, r) => (r < k ? a : b).record("mttr_s", r, { numerator: c.n, denominator: c.d }, "s"));
          expect(JSON.stringify(RatioValues.merge(b, a).summaries())).toBe(JSON.stringify(all.summaries()));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
