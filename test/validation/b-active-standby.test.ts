/**
 * Case B of ../shared/validation/CASES.md: active/standby pair with
 * switchover time and imperfect coverage, one repair crew. The 5-state
 * Markov chain is solved here; rates are inflated ×100 (λ = 1/10 h) as §B
 * recommends, so that U ≈ 1e-2 is measured to ≤ 3 % relative SE.
 */
import { describe, expect, it } from "vitest";
import { expectAgrees, meanAndSe, replicate, solveChain, valuesOf, type ChainParams } from "./helpers.js";

const chainAvailability = (p: ChainParams): number => solveChain(p).availability;

function pairScenario(opts: { standby: "hot" | "cold"; coverage: number; switchover?: string; recovery?: string; horizonH: number }) {
  return {
    replications: 30,
    horizon: `${opts.horizonH}h`,
    components: [{ name: "unit", count: 2, mttf: "10h", mttr: "4h" }],
    repair: { crews: 1 as const },
    mechanisms: [
      {
        type: "active-standby",
        name: "pair",
        units: "unit",
        standby: opts.standby,
        coverage: opts.coverage,
        ...(opts.switchover ? { switchover: { dist: "exponential", mean: opts.switchover } } : {}),
        ...(opts.recovery ? { uncovered_recovery: { dist: "exponential", mean: opts.recovery } } : {}),
      },
    ],
    service: "pair",
  };
}

describe("B active/standby with switchover and coverage (rates ×100)", () => {
  it("the chain solver reproduces the published B-i and B-ii availabilities at the original rates", () => {
    const bi = chainAvailability({ lambda: 1e-3, lambdaStandby: 1e-3, mu: 0.25, c: 1, delta: Infinity, beta: 6 });
    const bii = chainAvailability({ lambda: 1e-3, lambdaStandby: 1e-3, mu: 0.25, c: 0.95, delta: 120, beta: 6 });
    expect(bi).toBeCloseTo(0.99996826, 7);
    expect(bii).toBeCloseTo(0.99995207, 7);
  });

  it("B-i: hot standby, perfect coverage, instantaneous switchover", () => {
    const outputs = replicate(pairScenario({ standby: "hot", coverage: 1, horizonH: 50_000 }));
    const anchor = 1 - chainAvailability({ lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 1, delta: Infinity, beta: 6 });
    expectAgrees(valuesOf(outputs, "unavailability"), anchor, 0.03);
  });

  it("B-ii: hot standby, c = 0.95, 30 s switchover, 10 min uncovered recovery", () => {
    const outputs = replicate(pairScenario({ standby: "hot", coverage: 0.95, switchover: "30s", recovery: "10min", horizonH: 50_000 }));
    const anchor = 1 - chainAvailability({ lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 0.95, delta: 120, beta: 6 });
    expectAgrees(valuesOf(outputs, "unavailability"), anchor, 0.03);
    // Outage frequency Σ_{up i, down j} π_i q_ij, a Poisson-like count: relative SE ≈ 1/√K with K ≈ 1.3e5 outages.
    const { outagesPerHour } = solveChain({ lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 0.95, delta: 120, beta: 6 });
    expectAgrees(valuesOf(outputs, "outages").map((k) => k / 50_000), outagesPerHour, 0.01);
  });

  it("cold standby (λ_s = 0), c = 0.9, 30 s switchover", () => {
    const outputs = replicate(pairScenario({ standby: "cold", coverage: 0.9, switchover: "30s", recovery: "10min", horizonH: 50_000 }));
    const anchor = 1 - chainAvailability({ lambda: 0.1, lambdaStandby: 0, mu: 0.25, c: 0.9, delta: 120, beta: 6 });
    expectAgrees(valuesOf(outputs, "unavailability"), anchor, 0.03);
  });

  it("discriminates repair policies: with unlimited crews the single-crew anchor is rejected", () => {
    const scenario = pairScenario({ standby: "hot", coverage: 0.95, switchover: "30s", recovery: "10min", horizonH: 50_000 });
    const outputs = replicate({ ...scenario, repair: { crews: "unlimited" as const } });
    const singleCrew = 1 - chainAvailability({ lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 0.95, delta: 120, beta: 6 });
    const { mean, se } = meanAndSe(valuesOf(outputs, "unavailability"));
    expect(Math.abs(mean - singleCrew) / se).toBeGreaterThan(3);
  });
});
