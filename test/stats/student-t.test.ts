import { describe, it, expect } from "vitest";
import { studentTCdf, studentTQuantile } from "../../src/stats/student-t.js";

/** |actual − expected| ≤ tol·|expected|. */
function expectRelative(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

describe("studentTQuantile", () => {
  it("matches published t_{0.975, ν} for ν = 1, 4, 29 and 1000 to 1e-10", () => {
    expectRelative(studentTQuantile(0.975, 1), 12.706204736174705, 1e-10);
    expectRelative(studentTQuantile(0.975, 4), 2.7764451051977934, 1e-10);
    expectRelative(studentTQuantile(0.975, 29), 2.045229642132703, 1e-10);
    expectRelative(studentTQuantile(0.975, 1000), 1.962339080826408, 1e-10);
  });

  it("tends to the normal quantile as the degrees of freedom grow", () => {
    expectRelative(studentTQuantile(0.975, 1e300), 1.959963984540054, 1e-12);
    expectRelative(studentTQuantile(0.975, Infinity), 1.959963984540054, 1e-12);
  });

  // Reference values from mpmath at 40 digits (incomplete beta, root-found in ln t).
  it("is accurate on both sides of the switch to the Cornish–Fisher expansion at ν = 1e5", () => {
    expectRelative(studentTQuantile(0.975, 99999), 1.9599877077718444, 1e-11);
    expectRelative(studentTQuantile(0.975, 100000), 1.9599877075346093, 1e-11);
    expectRelative(studentTQuantile(1e-300, 100000), -37.174670665466216, 1e-11);
  });

  it("is accurate far in the tails", () => {
    expectRelative(studentTQuantile(1e-100, 3), -2.225769823822442e33, 1e-11);
    expectRelative(studentTQuantile(1e-20, 29), -23.495798212657593, 1e-11);
    expectRelative(studentTQuantile(1e-300, 1), -3.1830988618379066e299, 1e-11);
  });

  it("is accurate near the median, where t is tiny", () => {
    expectRelative(studentTQuantile(0.5000001, 7), 2.5974602742784954e-7, 1e-11);
    expectRelative(studentTQuantile(0.49999, 1), -3.141592654626478e-5, 1e-11);
  });

  it("handles non-integer degrees of freedom", () => {
    expectRelative(studentTQuantile(0.975, 30.5), 2.04086944518632, 1e-11);
  });

  it("is antisymmetric about p = ½", () => {
    for (const df of [1, 2, 3, 9.5, 50, 1e6]) {
      for (const p of [2 ** -30, 2 ** -7, 0.1875, 0.4375]) {
        // 1 − p is exact for these p, so the two calls see mirror-image inputs.
        expect(studentTQuantile(p, df)).toBe(-studentTQuantile(1 - p, df));
      }
    }
  });

  it("inverts the CDF across degrees of freedom and probabilities", () => {
    for (const df of [1, 2, 3, 5, 10, 29, 100, 1000, 99999, 1e5, 1e7]) {
      for (const p of [1e-6, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999]) {
        const t = studentTQuantile(p, df);
        expect(Math.abs(studentTCdf(t, df) - p)).toBeLessThanOrEqual(1e-13 * Math.max(p, 1e-3));
      }
    }
  });

  it("returns 0 at p = ½ and ±Infinity at p = 0 and 1", () => {
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(0, 4)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
  });

  it("rejects a probability outside [0, 1] and non-positive degrees of freedom", () => {
    expect(() => studentTQuantile(1.1, 4)).toThrow(RangeError);
    expect(() => studentTQuantile(NaN, 4)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/degrees of freedom/);
    expect(() => studentTQuantile(0.9, NaN)).toThrow(/degrees of freedom/);
  });
});

describe("studentTCdf", () => {
  // Reference values from mpmath at 40 digits.
  it("matches reference values", () => {
    expectRelative(studentTCdf(-3, 5), 0.015049623948731287, 1e-13);
    expectRelative(studentTCdf(0.1, 3), 0.5366738255995971, 1e-14);
    expectRelative(studentTCdf(-1e-5, 7), 0.49999615008549175, 1e-14);
    expectRelative(studentTCdf(-50, 3), 8.808576020635987e-6, 1e-12);
  });

  it("matches reference values for large degrees of freedom", () => {
    expectRelative(studentTCdf(1.96, 1e6), 0.9750019662073651, 1e-14);
    expectRelative(studentTCdf(2, 100001), 0.9772485182847445, 1e-14);
  });

  it("is the Cauchy CDF for one degree of freedom", () => {
    for (const t of [-100, -1, 0.3, 7]) {
      // F(t) = ½ + atan(t)/π, written so that the lower tail does not cancel.
      const cauchy = t < 0 ? Math.atan(-1 / t) / Math.PI : 1 - Math.atan(1 / t) / Math.PI;
      expectRelative(studentTCdf(t, 1), cauchy, 1e-14);
    }
  });

  it("is ½ at 0 and 0 or 1 at ∓Infinity", () => {
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(studentTCdf(Infinity, 3)).toBe(1);
  });

  it("rejects NaN", () => {
    expect(() => studentTCdf(NaN, 3)).toThrow(/NaN/);
  });
});
