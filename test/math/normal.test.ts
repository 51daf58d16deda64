import { describe, expect, it } from "vitest";
import { gammaP, gammaQ } from "../../src/math/gamma.js";
import { erf, erfc, normalCdf, normalPdf, normalQuantile } from "../../src/math/normal.js";

/** Relative difference, for comparisons across magnitudes. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("erf and erfc", () => {
  it("gives erf(1) = 0.8427007929497149 and erf(0) = 0", () => {
    expect(Math.abs(erf(1) - 0.8427007929497149)).toBeLessThan(1e-15);
    expect(erf(0)).toBe(0);
  });

  it("agrees with P(1/2, x²) to 1e-14 over [−6, 6] (independent check of Cody's coefficients)", () => {
    for (let x = -6; x <= 6; x += 0.01) {
      const viaGamma = Math.sign(x) * gammaP(0.5, x * x);
      expect(Math.abs(erf(x) - viaGamma)).toBeLessThan(1e-14);
    }
  });

  it("keeps relative precision in the tail: erfc agrees with Q(1/2, x²) to 1e-12 up to x = 26", () => {
    for (let x = 0.5; x <= 26; x += 0.05) {
      expect(rel(erfc(x), gammaQ(0.5, x * x))).toBeLessThan(1e-12);
    }
  });

  it("gives erfc(5) = 1.5374597944280349e-12 and erfc(−x) = 2 − erfc(x)", () => {
    expect(rel(erfc(5), 1.5374597944280349e-12)).toBeLessThan(1e-14);
    expect(erfc(-1)).toBeCloseTo(2 - erfc(1), 15);
  });

  it("propagates NaN", () => {
    expect(erf(NaN)).toBeNaN();
    expect(erfc(NaN)).toBeNaN();
  });
});

describe("normalCdf, normalPdf and normalQuantile", () => {
  it("gives Φ(0) = 1/2, Φ(−1.96) = 0.024997895148220435, φ(0) = 1/√(2π)", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(rel(normalCdf(-1.96), 0.024997895148220435)).toBeLessThan(1e-14);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });

  it("gives Φ⁻¹(0.975) = 1.959963984540054 to 1e-14", () => {
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-14);
    expect(Math.abs(normalQuantile(0.025) + 1.959963984540054)).toBeLessThan(1e-14);
  });

  it("inverts Φ to 1e-13 relative from p = 1e-300 to 1 − 1e-6", () => {
    for (const p of [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6]) {
      expect(rel(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-13);
    }
  });

  it("is antisymmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p)", () => {
    for (const p of [0.001, 0.01, 0.2, 0.4]) {
      expect(Math.abs(normalQuantile(1 - p) + normalQuantile(p))).toBeLessThan(1e-12);
    }
  });

  it("returns ∓Infinity at 0 and 1 and NaN outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });
});
