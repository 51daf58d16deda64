import { describe, expect, it } from "vitest";
import { makeDistribution } from "../../src/engine/distributions.js";
import {
  SECONDS_PER_HOUR,
  SECONDS_PER_YEAR,
  erlang,
  exponentialFromAfr,
  exponentialFromFit,
  exponentialFromMean,
  gammaFromMeanShape,
  lognormalFromMeanCv,
  normalTruncated,
  weibullFromMeanShape,
} from "../../src/engine/reliability-params.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const cv = (d: { mean: number; variance: number }) => Math.sqrt(d.variance) / d.mean;

describe("constants", () => {
  it("uses the Julian year: 8766 h = 31 557 600 s", () => {
    expect(SECONDS_PER_YEAR).toBe(8766 * 3600);
    expect(SECONDS_PER_HOUR).toBe(3600);
  });
});

describe("exponentialFromMean", () => {
  it("returns the exponential with that mean", () => {
    expect(exponentialFromMean(3600)).toEqual({ kind: "exponential", mean: 3600 });
  });
});

describe("exponentialFromAfr", () => {
  it("makes the probability of failing within one year equal to the AFR", () => {
    for (const afr of [0.5, 2, 8.76, 50]) {
      expect(makeDistribution(exponentialFromAfr(afr)).cdf(SECONDS_PER_YEAR)).toBeCloseTo(afr / 100, 14);
    }
  });

  it("uses rate −ln(1 − AFR) per year: AFR 2 % gives MTTF = year / 0.0202027 ≈ 49.5 years", () => {
    const spec = exponentialFromAfr(2);
    expect(spec.kind).toBe("exponential");
    expect(spec.kind === "exponential" && rel(spec.mean, SECONDS_PER_YEAR / -Math.log(0.98))).toBeLessThan(1e-15);
    expect(spec.kind === "exponential" && spec.mean / SECONDS_PER_YEAR).toBeCloseTo(49.498, 3);
  });

  it("rejects AFR outside (0, 100) naming afr", () => {
    for (const afr of [0, 100, -1, 120, NaN]) expect(() => exponentialFromAfr(afr)).toThrow(/exponential: afr must be in \(0, 100\)/);
  });
});

describe("exponentialFromFit", () => {
  it("turns 1000 FIT into a mean of 1e6 hours", () => {
    expect(exponentialFromFit(1000)).toEqual({ kind: "exponential", mean: 1e6 * 3600 });
  });

  it("rejects a FIT of 0 naming fit", () => {
    expect(() => exponentialFromFit(0)).toThrow(/exponential: fit must be > 0/);
  });
});

describe("weibullFromMeanShape", () => {
  it("gives a Weibull whose exact mean is the requested mean", () => {
    for (const shape of [0.5, 0.7, 1, 1.5, 3, 10]) {
      expect(rel(makeDistribution(weibullFromMeanShape(1e5, shape)).mean, 1e5)).toBeLessThan(1e-13);
    }
  });

  it("with shape 1 has scale = mean", () => {
    const spec = weibullFromMeanShape(500, 1);
    expect(spec.kind === "weibull" && spec.scale).toBeCloseTo(500, 10);
  });

  it("with shape 2 has scale = 2·mean/√π", () => {
    const spec = weibullFromMeanShape(100, 2);
    expect(spec.kind === "weibull" && spec.scale).toBeCloseTo(200 / Math.sqrt(Math.PI), 10);
  });

  it("rejects a non-positive shape naming shape", () => {
    expect(() => weibullFromMeanShape(100, -1)).toThrow(/weibull: shape must be > 0.*got -1/);
  });
});

describe("lognormalFromMeanCv", () => {
  it("gives a lognormal with the requested mean and coefficient of variation", () => {
    for (const c of [0.1, 0.5, 1, 3]) {
      const d = makeDistribution(lognormalFromMeanCv(7200, c));
      expect(rel(d.mean, 7200)).toBeLessThan(1e-13);
      expect(rel(cv(d), c)).toBeLessThan(1e-12);
    }
  });

  it("sets sigma² = ln(1 + cv²) and mu = ln(mean) − sigma²/2", () => {
    const spec = lognormalFromMeanCv(Math.E ** 3, 1);
    expect(spec).toEqual({ kind: "lognormal", mu: 3 - Math.log(2) / 2, sigma: Math.sqrt(Math.log(2)) });
  });

  it("rejects cv = 0 naming cv", () => {
    expect(() => lognormalFromMeanCv(1, 0)).toThrow(/lognormal: cv must be > 0/);
  });
});

describe("gammaFromMeanShape and erlang", () => {
  it("gammaFromMeanShape gives mean = mean and cv = 1/√shape", () => {
    const d = makeDistribution(gammaFromMeanShape(600, 4));
    expect(d.mean).toBeCloseTo(600, 10);
    expect(cv(d)).toBeCloseTo(0.5, 14);
  });

  it("erlang(k, mean) is the gamma with integer shape k and scale mean/k", () => {
    expect(erlang(3, 30)).toEqual({ kind: "gamma", shape: 3, scale: 10 });
  });

  it("erlang rejects a non-integer or zero k naming k", () => {
    expect(() => erlang(2.5, 10)).toThrow(/erlang: k must be an integer >= 1, got 2.5/);
    expect(() => erlang(0, 10)).toThrow(/erlang: k/);
  });

  it("gammaFromMeanShape rejects a negative mean naming mean", () => {
    expect(() => gammaFromMeanShape(-5, 2)).toThrow(/gamma: mean must be > 0.*got -5/);
  });
});

describe("normalTruncated", () => {
  it("passes the untruncated mean and stddev through", () => {
    expect(normalTruncated(100, 15)).toEqual({ kind: "normal", mean: 100, stddev: 15 });
  });

  it("whose sampled mean exceeds meanS once truncation bites", () => {
    expect(makeDistribution(normalTruncated(10, 10)).mean).toBeGreaterThan(10);
  });

  it("rejects stddev 0 naming stddev", () => {
    expect(() => normalTruncated(10, 0)).toThrow(/normal: stddev must be > 0/);
  });
});
