import { describe, expect, it } from "vitest";
import {
  gammaFn,
  gammaP,
  gammaQ,
  logGamma,
  logGammaP,
  logGammaPrefix,
  logGammaQ,
  stirlingCorrection,
} from "../../src/math/gamma.js";

/** Relative difference, for comparisons across magnitudes. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// Reference values below marked "mpmath" are from mpmath at 40 digits.

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

describe("logGamma from Stirling's series, and stirlingCorrection", () => {
  it("matches mpmath at 7.5 (Lanczos side) to 1e-15", () => {
    expect(rel(logGamma(7.5), 7.534364236758733)).toBeLessThan(1e-15);
  });

  it("matches mpmath at 30.25 and 1e6", () => {
    expect(rel(logGamma(30.25), 72.10420474200800)).toBeLessThan(1e-15);
    expect(rel(logGamma(1e6), 12815504.569147612)).toBeLessThan(1e-15);
  });

  it("gives the remainder ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π] (mpmath at z = 10 and 123.5)", () => {
    // The first omitted term is < 3e-17 from z = 10 on.
    expect(Math.abs(stirlingCorrection(10) - 0.008330563433362871)).toBeLessThan(3e-17);
    expect(Math.abs(stirlingCorrection(123.5) - 0.0006747623580101445)).toBeLessThan(3e-18);
  });

  it("returns NaN at x ≤ 0 and Infinity at Infinity", () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
    expect(logGamma(Infinity)).toBe(Infinity);
  });
});

describe("logGammaPrefix", () => {
  it("is ln[x^a e^{−x} / Γ(a)] below and above a = 10 (mpmath at a = 1e4, x = 1.02e4)", () => {
    expect(Math.abs(logGammaPrefix(3, 2) - (3 * Math.log(2) - 2 - Math.log(2)))).toBeLessThan(1e-14);
    expect(rel(logGammaPrefix(1e4, 1.02e4), 1.712496281247218)).toBeLessThan(1e-12);
  });
});

describe("logGammaP and logGammaQ", () => {
  it("keep relative accuracy far below 1e-16 (mpmath: ln Q(3, 200), ln P(5, 1e-3))", () => {
    expect(rel(logGammaQ(3, 200), -190.08651261288554)).toBeLessThan(1e-14);
    expect(rel(logGammaP(5, 1e-3), -39.32710146110488)).toBeLessThan(1e-14);
  });

  it("are the logs of gammaP and gammaQ where those are not tiny", () => {
    for (const [a, x] of [[0.5, 0.2], [2.5, 1], [2.5, 6], [30, 25], [30, 40]] as const) {
      expect(Math.abs(Math.exp(logGammaP(a, x)) - gammaP(a, x))).toBeLessThan(1e-14);
      expect(Math.abs(Math.exp(logGammaQ(a, x)) - gammaQ(a, x))).toBeLessThan(1e-14);
    }
  });

  it("give the limits at 0 and Infinity and NaN outside 0 < a < ∞, x ≥ 0", () => {
    expect(logGammaP(2, 0)).toBe(-Infinity);
    expect(logGammaQ(2, 0)).toBe(0);
    expect(logGammaP(2, Infinity)).toBe(0);
    expect(logGammaQ(2, Infinity)).toBe(-Infinity);
    expect(logGammaP(2, -1)).toBeNaN();
    expect(logGammaQ(0, 1)).toBeNaN();
    expect(logGammaP(Infinity, 1)).toBeNaN();
    expect(logGammaQ(2, NaN)).toBeNaN();
  });
});

describe("gammaP and gammaQ for large shape", () => {
  it("keep their accuracy where the naive prefactor would cancel (mpmath: P(1e5, 1e5), Q(1e3, 1100))", () => {
    expect(rel(gammaP(1e5, 1e5), 0.5004205221103652)).toBeLessThan(1e-12);
    expect(rel(gammaQ(1e3, 1100), 0.0010593232539299773)).toBeLessThan(1e-12);
  });
});
