import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { summarize } from "../../src/stats/summary.js";

/** 64-bit LCG (Knuth's MMIX constants), top 53 bits as a uniform in [0, 1). */
function lcg(seed: bigint): () => number {
  let state = seed;
  return () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number(state >> 11n) / 2 ** 53;
  };
}

/** Standard normal draws by Box–Muller (one per pair of uniforms, for simplicity). */
function normal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

describe("summarize", () => {
  it("gives mean, sample stddev and the Student-t interval of a small sample", () => {
    const s = summarize([1, 2, 3, 4, 5], "s");
    expect(s.mean).toBe(3);
    expect(s.stddev).toBeCloseTo(Math.sqrt(2.5), 15);
    const half = (2.7764451051977934 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(s.ci95[0]).toBeCloseTo(3 - half, 13);
    expect(s.ci95[1]).toBeCloseTo(3 + half, 13);
    expect(s.n).toBe(5);
    expect(s.unit).toBe("s");
  });

  it("reports min, max and type-7 quantiles whatever the order of the values", () => {
    const s = summarize([10, 1, 7, 3, 9, 2, 8, 4, 6, 5], "bytes");
    expect([s.min, s.max]).toEqual([1, 10]);
    expect(s.p50).toBe(5.5);
    expect(s.p90).toBeCloseTo(9.1, 14);
    expect(s.p99).toBeCloseTo(9.91, 14);
  });

  it("reports stddev 0 and the interval [mean, mean] for a single value", () => {
    const s = summarize([4.5], "s");
    expect(s.stddev).toBe(0);
    expect(s.ci95).toEqual([4.5, 4.5]);
    expect([s.p50, s.p90, s.p99]).toEqual([4.5, 4.5, 4.5]);
  });

  it("keeps the mean of identical values equal to them despite rounding", () => {
    const s = summarize([0.1, 0.1, 0.1], "ratio");
    expect(s.mean).toBe(0.1);
    expect(s.stddev).toBe(0);
    expect(s.ci95).toEqual([0.1, 0.1]);
  });

  it("throws on no values", () => {
    expect(() => summarize([], "s", "mttr_s")).toThrow(/"mttr_s".*no values/);
  });

  it("throws on NaN or infinite values, naming the metric and the position", () => {
    expect(() => summarize([1, NaN], "s", "mttr_s")).toThrow(/"mttr_s".*value 1 is NaN/);
    expect(() => summarize([Infinity], "s")).toThrow(/value 0 is Infinity/);
  });

  it("produces only finite, JSON-safe numbers with ci95 around the mean and quantiles within [min, max]", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 60 }), (xs) => {
        const s = summarize(xs, "u");
        const numbers = Object.values(s).flat().filter((v) => typeof v === "number");
        expect(numbers.every(Number.isFinite)).toBe(true);
        expect(s.ci95[0]).toBeLessThanOrEqual(s.mean);
        expect(s.mean).toBeLessThanOrEqual(s.ci95[1]);
        for (const q of [s.mean, s.p50, s.p90, s.p99]) {
          expect(q).toBeGreaterThanOrEqual(s.min);
          expect(q).toBeLessThanOrEqual(s.max);
        }
      }),
    );
  });

  // The check that can fail: with n = 10 a normal-theory z interval covers
  // 91.8% and one built on the n-divisor variance 94.0%; the Student-t
  // interval covers 95%. Over 10 000 trials the binomial standard error is
  // 0.22%, so ±0.75% is ~3.4 standard errors (this seed: 95.04%).
  it("covers the true mean of normal samples of size 10 in 95% of 10 000 trials", () => {
    const draw = normal(lcg(20240601n));
    const trueMean = 3;
    const sigma = 2;
    const trials = 10_000;
    let covered = 0;
    for (let i = 0; i < trials; i++) {
      const sample = Array.from({ length: 10 }, () => trueMean + sigma * draw());
      const { ci95 } = summarize(sample, "u");
      if (ci95[0] <= trueMean && trueMean <= ci95[1]) covered += 1;
    }
    expect(Math.abs(covered / trials - 0.95)).toBeLessThanOrEqual(0.0075);
  });
});
