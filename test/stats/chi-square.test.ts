import { describe, it, expect } from "vitest";
import {
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSurvival,
  chiSquareUpperQuantile,
} from "../../src/stats/chi-square.js";

/** |actual − expected| ≤ tol·|expected|. */
function expectRelative(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

describe("chiSquareQuantile", () => {
  it("matches published χ²_{0.975, 2} and χ²_{0.025, 10}", () => {
    expectRelative(chiSquareQuantile(0.975, 2), 7.377758908227871, 1e-13);
    expectRelative(chiSquareQuantile(0.025, 10), 3.246972780236841, 1e-13);
  });

  it("equals the closed form −2·ln(1 − p) for two degrees of freedom", () => {
    for (const p of [1e-12, 0.01, 0.3, 0.5, 0.95, 0.999999]) {
      expectRelative(chiSquareQuantile(p, 2), -2 * Math.log1p(-p), 1e-13);
    }
  });

  // Reference values from mpmath at 40 digits.
  it("matches reference values for many degrees of freedom and tiny p", () => {
    expectRelative(chiSquareQuantile(0.975, 2001), 2126.8732911130569, 1e-13);
    expectRelative(chiSquareQuantile(1e-10, 3), 5.20939762143448e-7, 1e-12);
    expectRelative(chiSquareQuantile(0.975, 8), 17.534546139484652, 1e-13);
    expectRelative(chiSquareQuantile(0.025, 6), 1.2373442457912026, 1e-13);
  });

  // Round trip x → tail probability → x: well conditioned, unlike p → x → p,
  // whose error is the quantile's times the (large) slope of ln P in ln x.
  it("inverts the CDF and the survival function across degrees of freedom", () => {
    for (const df of [0.5, 1, 2, 3, 7, 30, 200, 5000]) {
      for (const x of [-3, -1, 0, 1, 3, 10].map((k) => Math.max(df + k * Math.sqrt(2 * df), df / 100))) {
        const p = chiSquareCdf(x, df);
        const back = p <= 0.5 ? chiSquareQuantile(p, df) : chiSquareUpperQuantile(chiSquareSurvival(x, df), df);
        expectRelative(back, x, 1e-12);
      }
    }
  });

  it("returns 0 at p = 0 and Infinity at p = 1", () => {
    expect(chiSquareQuantile(0, 4)).toBe(0);
    expect(chiSquareQuantile(1, 4)).toBe(Infinity);
  });

  it("rejects a probability outside [0, 1] and non-positive or infinite degrees of freedom", () => {
    expect(() => chiSquareQuantile(-0.1, 4)).toThrow(RangeError);
    expect(() => chiSquareQuantile(0.5, 0)).toThrow(/degrees of freedom/);
    expect(() => chiSquareQuantile(0.5, Infinity)).toThrow(/degrees of freedom/);
  });
});

describe("chiSquareUpperQuantile", () => {
  it("keeps its accuracy for upper-tail probabilities far below 1e-16", () => {
    expectRelative(chiSquareUpperQuantile(1e-30, 4), 146.77366344605044, 1e-13);
  });

  it("agrees with chiSquareQuantile(1 − q) where 1 − q is exact", () => {
    expect(chiSquareUpperQuantile(0.25, 5)).toBe(chiSquareQuantile(0.75, 5));
  });
});

describe("chiSquareCdf and chiSquareSurvival", () => {
  it("match reference values, the survival function deep in the upper tail", () => {
    expectRelative(chiSquareCdf(3.5, 7), 0.16477451738965786, 1e-14);
    expectRelative(chiSquareSurvival(300, 10), 1.554674754380318e-58, 1e-12);
  });

  it("equal 1 − e^{−x/2} and e^{−x/2} for two degrees of freedom", () => {
    for (const x of [0.001, 1, 10, 100]) {
      expectRelative(chiSquareCdf(x, 2), -Math.expm1(-x / 2), 1e-14);
      expectRelative(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-14);
    }
  });

  it("are 0 and 1 at x ≤ 0", () => {
    expect(chiSquareCdf(0, 3)).toBe(0);
    expect(chiSquareSurvival(-1, 3)).toBe(1);
  });
});
