import { describe, expect, it } from "vitest";
import {
  erf,
  erfc,
  gammaFn,
  gammaP,
  gammaQ,
  logGamma,
  normalCdf,
  normalPdf,
  normalQuantile,
} from "../../src/engine/special-functions.js";

/** Relative difference, for comparisons across magnitudes. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("gammaFn and logGamma", () => {
  it("gives factorials at integers: Γ(5) = 24, Γ(1) = Γ(2) = 1", () => {
    expect(gammaFn(5)).toBe(24);
    expect(gammaFn(1)).toBe(1);
    expect(gammaFn(2)).toBe(1);
  });

  it("gives Γ(0.5) = √π and Γ(1.5) = √π/2", () => {
    expect(rel(gammaFn(0.5), Math.sqrt(Math.PI))).toBeLessThan(1e-14);
    expect(rel(gammaFn(1.5), Math.sqrt(Math.PI) / 2)).toBeLessThan(1e-14);
  });

  it("satisfies the recurrence Γ(x + 1) = x Γ(x) at non-integers", () => {
    for (const x of [0.1, 0.7, 1.3, 2.5, 7.25, 30.6]) {
      expect(rel(gammaFn(x + 1), x * gammaFn(x))).toBeLessThan(1e-13);
    }
  });

  it("uses reflection for negative non-integers: Γ(−0.5) = −2√π", () => {
    expect(rel(gammaFn(-0.5), -2 * Math.sqrt(Math.PI))).toBeLessThan(1e-14);
  });

  it("returns NaN at the poles and Infinity past the double range", () => {
    expect(gammaFn(0)).toBeNaN();
    expect(gammaFn(-3)).toBeNaN();
    expect(gammaFn(172.5)).toBe(Infinity);
  });

  it("gives ln Γ(100) = ln 99! = 359.1342053695754 without overflow", () => {
    expect(rel(logGamma(100), 359.1342053695754)).toBeLessThan(1e-14);
    expect(rel(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15);
  });

  it("agrees with ln of gammaFn where both are finite", () => {
    for (const x of [0.01, 0.3, 1.7, 4.5, 20.2, 150.5]) {
      expect(Math.abs(logGamma(x) - Math.log(gammaFn(x)))).toBeLessThan(1e-12 * Math.max(1, Math.abs(logGamma(x))));
    }
  });
});

describe("gammaP and gammaQ", () => {
  it("gives P(1, x) = 1 − e^{−x}", () => {
    for (const x of [1e-6, 0.1, 1, 1.9, 5, 30]) {
      expect(Math.abs(gammaP(1, x) - -Math.expm1(-x))).toBeLessThan(1e-15);
    }
  });

  it("gives the Erlang CDF P(3, x) = 1 − e^{−x}(1 + x + x²/2) on both branches", () => {
    for (const x of [0.5, 3.5, 4.5, 12]) {
      expect(Math.abs(gammaP(3, x) - (1 - Math.exp(-x) * (1 + x + (x * x) / 2)))).toBeLessThan(1e-15);
    }
  });

  it("keeps relative precision in the upper tail: Q(1, 50) = e^{−50}", () => {
    expect(rel(gammaQ(1, 50), Math.exp(-50))).toBeLessThan(1e-13);
  });

  it("makes P + Q = 1", () => {
    for (const [a, x] of [[0.3, 0.2], [2.5, 1], [10, 12], [100, 90], [1000, 1010]] as const) {
      expect(Math.abs(gammaP(a, x) + gammaQ(a, x) - 1)).toBeLessThan(1e-14);
    }
  });

  it("is close to 1/2 at the mean for large shape (P(1e4, 1e4) ≈ 1/2 + 1/(3√(2π·1e4)))", () => {
    // Temme's uniform asymptotic expansion, first correction term.
    expect(Math.abs(gammaP(1e4, 1e4) - (0.5 + 1 / (3 * Math.sqrt(2 * Math.PI * 1e4))))).toBeLessThan(1e-6);
  });

  it("returns NaN outside a > 0, x ≥ 0 and the limits at 0 and Infinity", () => {
    expect(gammaP(0, 1)).toBeNaN();
    expect(gammaP(1, -1)).toBeNaN();
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaP(2, Infinity)).toBe(1);
  });
});

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
