import { describe, expect, it } from "vitest";
import { betaContinuedFraction, logBetaHalf } from "../../src/math/beta.js";

/** Relative difference, for comparisons across magnitudes. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** I_x(a, b) from the fraction, on the side where it converges. */
function incompleteBeta(a: number, b: number, x: number, logBeta: number): number {
  return Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta) * (betaContinuedFraction(a, b, x) / a);
}

// Reference values marked "mpmath" are from mpmath at 40 digits.
describe("logBetaHalf", () => {
  it("gives B(1, ½) = 2 and B(½, ½) = π", () => {
    expect(rel(logBetaHalf(1), Math.LN2)).toBeLessThan(1e-14);
    expect(rel(logBetaHalf(0.5), Math.log(Math.PI))).toBeLessThan(1e-14);
  });

  it("matches mpmath on both sides of the switch to the Stirling difference at a = 10", () => {
    // Below 10 a difference of two ln Γ of about 2, each good to a few 1e-15.
    expect(Math.abs(logBetaHalf(3.5) - -0.01842092395628069)).toBeLessThan(5e-15);
    expect(rel(logBetaHalf(25), -1.0320733026829275)).toBeLessThan(1e-15);
    expect(rel(logBetaHalf(1e6), -6.335390211057437)).toBeLessThan(1e-15);
  });
});

describe("betaContinuedFraction", () => {
  it("gives I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b", () => {
    for (const x of [0.01, 0.2, 0.4]) {
      expect(rel(incompleteBeta(3, 1, x, -Math.log(3)), x ** 3)).toBeLessThan(1e-14);
      expect(rel(incompleteBeta(1, 2.5, x, -Math.log(2.5)), -Math.expm1(2.5 * Math.log1p(-x)))).toBeLessThan(1e-14);
    }
  });

  it("matches mpmath: I_0.3(2.5, ½) = 0.01892712407194565", () => {
    expect(rel(incompleteBeta(2.5, 0.5, 0.3, logBetaHalf(2.5)), 0.01892712407194565)).toBeLessThan(1e-14);
  });
});
