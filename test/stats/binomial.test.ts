import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../src/stats/binomial.js";

describe("wilsonInterval", () => {
  it("matches the Wilson score interval's closed form (Brown, Cai & DasGupta 2001, eq. 4)", () => {
    // 3 of 10: centre (0.3 + 1.92/10)/1.384, half-width 1.96·√(0.021 + 0.009604)/1.384.
    const z = 1.959963984540054;
    const [lo, hi] = wilsonInterval(3, 10);
    const centre = (0.3 + (z * z) / 20) / (1 + (z * z) / 10);
    const half = (z * Math.sqrt((0.3 * 0.7) / 10 + (z * z) / 400)) / (1 + (z * z) / 10);
    expect(lo).toBeCloseTo(centre - half, 12);
    expect(hi).toBeCloseTo(centre + half, 12);
    expect(lo).toBeCloseTo(0.10779, 4);
    expect(hi).toBeCloseTo(0.60322, 4);
  });
  it("with no event, [0, z²/(n + z²)]: an upper bound, not a collapsed [0, 0]", () => {
    const [lo, hi] = wilsonInterval(0, 30);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(3.8415 / 33.8415, 4);
  });
  it("stays in [0, 1] and is symmetric in successes and failures", () => {
    for (const n of [1, 2, 7, 100]) {
      for (let k = 0; k <= n; k++) {
        const [lo, hi] = wilsonInterval(k, n);
        const [lo2, hi2] = wilsonInterval(n - k, n);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeCloseTo(1 - hi2, 12);
        expect(hi).toBeCloseTo(1 - lo2, 12);
      }
    }
  });
  it("refuses counts that are not counts", () => {
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
  });
});
