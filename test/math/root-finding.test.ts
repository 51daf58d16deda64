import { describe, expect, it } from "vitest";
import { solveMonotone } from "../../src/math/root-finding.js";

describe("solveMonotone", () => {
  it("finds √2 as the root of the increasing x² − 2 on (0, ∞)", () => {
    const x = solveMonotone((x) => [x * x - 2, 2 * x], 1, { increasing: true, lo: 0, tol: 1e-14 });
    expect(Math.abs(x - Math.SQRT2)).toBeLessThan(1e-15);
  });

  it("solves a decreasing function with a relative tolerance: e^{−x} = 1e-200", () => {
    const x = solveMonotone((x) => [Math.exp(-x) - 1e-200, -Math.exp(-x)], 1, {
      increasing: false,
      lo: 0,
      tol: 1e-14,
      relative: true,
    });
    expect(Math.abs(x - 200 * Math.LN10) / (200 * Math.LN10)).toBeLessThan(1e-14);
  });

  it("falls back to bisection when Newton leaves the bracket (atan, whose Newton steps diverge from 3)", () => {
    let calls = 0;
    const x = solveMonotone(
      (x) => {
        calls++;
        return [Math.atan(x), 1 / (1 + x * x)];
      },
      3,
      { increasing: true, tol: 1e-15 },
    );
    expect(Math.abs(x)).toBeLessThan(1e-15);
    expect(calls).toBeLessThan(100);
  });

  it("expands from an open side when the slope is useless", () => {
    // A zero slope sends Newton to ±Infinity; the solver steps by max(1, |end|) instead.
    const x = solveMonotone((x) => [x - 1000, 0], 0, { increasing: true, tol: 1e-12 });
    expect(x).toBe(1000);
  });

  it("returns the start at once where g is exactly 0", () => {
    let calls = 0;
    const x = solveMonotone(
      (x) => {
        calls++;
        return [x - 5, 1];
      },
      5,
      { increasing: true, tol: 1e-14 },
    );
    expect(x).toBe(5);
    expect(calls).toBe(1);
  });

  it("stops after maxIterations and returns the last point", () => {
    let calls = 0;
    solveMonotone(
      (x) => {
        calls++;
        return [x - 1, 1e-300];
      },
      0,
      { increasing: true, lo: -1e6, hi: 1e6, tol: 0, maxIterations: 7 },
    );
    expect(calls).toBe(7);
  });
});
