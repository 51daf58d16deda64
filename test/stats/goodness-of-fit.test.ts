import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { kolmogorovSurvival, ksTest } from "../../src/stats/goodness-of-fit.js";

const uniformCdf = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x);
const exponentialCdf = (x: number) => (x <= 0 ? 0 : -Math.expm1(-x));

function draws(n: number, name: string): number[] {
  const rng = new RandomStreams(7, 0).stream(name);
  return Array.from({ length: n }, () => rng.next());
}

describe("kolmogorovSurvival", () => {
  it("matches the tabulated critical values: Q(1.3581) = 0.05, Q(1.6276) = 0.01, Q(1.2239) = 0.10", () => {
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 4);
    expect(kolmogorovSurvival(1.2239)).toBeCloseTo(0.1, 4);
  });

  it("is continuous where it switches series at λ = 1.18", () => {
    expect(Math.abs(kolmogorovSurvival(1.18 - 1e-12) - kolmogorovSurvival(1.18))).toBeLessThan(1e-12);
  });

  it("is 1 at λ = 0, tends to 1 for small λ and to 0 for large λ", () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    // P(K ≤ 0.2) = (√(2π)/0.2)·e^{−π²/0.32} ≈ 5.05e-13.
    expect(1 - kolmogorovSurvival(0.2)).toBeCloseTo(5.05e-13, 14);
    expect(kolmogorovSurvival(5)).toBeLessThan(1e-20);
  });
});

describe("ksTest", () => {
  it("computes D exactly on a small sample: {0.1, 0.2, 0.3, 0.4} against U(0,1) gives D = 0.6", () => {
    const r = ksTest([0.4, 0.1, 0.3, 0.2], uniformCdf);
    expect(r.statistic).toBeCloseTo(0.6, 15);
    expect(r.n).toBe(4);
  });

  it("counts the gap below the first sample: {0.9} against U(0,1) gives D = 0.9", () => {
    expect(ksTest([0.9], uniformCdf).statistic).toBeCloseTo(0.9, 15);
  });

  it("applies Stephens' correction: p = Q((√n + 0.12 + 0.11/√n)·D)", () => {
    const r = ksTest([0.4, 0.1, 0.3, 0.2], uniformCdf);
    expect(r.pValue).toBe(kolmogorovSurvival((2 + 0.12 + 0.11 / 2) * 0.6));
  });

  it("accepts uniform draws against the uniform CDF (p > 0.01)", () => {
    const r = ksTest(draws(100_000, "ks/uniform"), uniformCdf);
    expect(r.pValue).toBeGreaterThan(0.01);
    expect(r.statistic).toBeLessThan(2 / Math.sqrt(100_000));
  });

  it("rejects exponential samples tested against a uniform CDF (p < 1e-6)", () => {
    const expSamples = draws(1000, "ks/exp").map((u) => -Math.log(1 - u) / 3); // mean 1/3, mostly in [0,1]
    expect(ksTest(expSamples, uniformCdf).pValue).toBeLessThan(1e-6);
  });

  it("rejects uniform samples tested against an exponential CDF of the same mean 1/2 (p < 1e-6)", () => {
    expect(ksTest(draws(1000, "ks/unif2"), (x) => exponentialCdf(2 * x)).pValue).toBeLessThan(1e-6);
  });

  it("does not reorder the caller's array", () => {
    const samples = [0.3, 0.1, 0.2];
    ksTest(samples, uniformCdf);
    expect(samples).toEqual([0.3, 0.1, 0.2]);
  });

  it("throws RangeError for empty samples, NaN samples or a CDF outside [0, 1]", () => {
    expect(() => ksTest([], uniformCdf)).toThrow(RangeError);
    expect(() => ksTest([0.1, NaN], uniformCdf)).toThrow(/NaN/);
    expect(() => ksTest([0.5], () => 2)).toThrow(/cdf/);
  });
});
