import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { quantile } from "../../src/stats/quantiles.js";

const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe("quantile (Hyndman–Fan type 7)", () => {
  it("matches R's quantile(1:10, c(.1, .5, .9, .99))", () => {
    expect(quantile(oneToTen, 0.1)).toBeCloseTo(1.9, 14);
    expect(quantile(oneToTen, 0.5)).toBe(5.5);
    expect(quantile(oneToTen, 0.9)).toBeCloseTo(9.1, 14);
    expect(quantile(oneToTen, 0.99)).toBeCloseTo(9.91, 14);
  });

  it("returns the minimum at p = 0 and the maximum at p = 1", () => {
    expect(quantile([-3, 0, 8], 0)).toBe(-3);
    expect(quantile([-3, 0, 8], 1)).toBe(8);
  });

  it("returns the only value of a one-element sample for every p", () => {
    for (const p of [0, 0.3, 0.99, 1]) expect(quantile([42], p)).toBe(42);
  });

  it("returns order statistics exactly when (n − 1)·p is an integer", () => {
    expect(quantile([0.1, 0.2, 0.7], 0.5)).toBe(0.2);
  });

  it("returns a repeated value exactly when interpolating between equal neighbours", () => {
    expect(quantile([0.1, 0.1, 0.1, 0.1], 0.37)).toBe(0.1);
  });

  it("is non-decreasing in p and stays within [min, max]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p1, p2) => {
          const sorted = [...values].sort((a, b) => a - b);
          const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const qlo = quantile(sorted, lo);
          const qhi = quantile(sorted, hi);
          expect(qlo).toBeLessThanOrEqual(qhi);
          expect(qlo).toBeGreaterThanOrEqual(sorted[0] as number);
          expect(qhi).toBeLessThanOrEqual(sorted[sorted.length - 1] as number);
        },
      ),
    );
  });

  it("rejects an empty sample, p outside [0, 1] and unsorted values", () => {
    expect(() => quantile([], 0.5)).toThrow(/no values/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/\[0, 1\]/);
    expect(() => quantile([1, 2], NaN)).toThrow(/\[0, 1\]/);
    expect(() => quantile([2, 1], 0.5)).toThrow(/sorted/);
  });
});
