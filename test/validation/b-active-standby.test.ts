/**
 * Case B of docs/validation.md: active/standby pair with switchover time and
 * imperfect coverage, one repair crew (Birolini 2007 §6.8; Dugan & Trivedi
 * 1989). The 5-state Markov chain is solved here; rates are inflated ×100
 * (λ = 1/10 h), so that U ≈ 1e-2 is measured to ≤ 3 % relative SE.
 *
 * At MTTR 4 h double failures dominate the unavailability, so it barely sees
 * the coverage c, the switchover rate δ or the recovery rate β. The
 * fast-repair instances (MTTR 2.4 min) make the switchovers and uncovered
 * recoveries most of the downtime, and every instance checks the per-cause
 * figures against the chain: the rate of uncovered failures (1−c)λ·π(S2), the
 * fraction of time in switchover π(SO) and in uncovered recovery π(UC). Each
 * of c, δ and β moves a checked number.
 */
import { describe, expect, it } from "vitest";
import { beforeAllValue, expectAgrees, meanAndSe, replicate, solveChain, valuesOf, type ChainParams } from "./helpers.js";
import type { ReplicationOutput } from "../../src/run/replication.js";

const chainAvailability = (p: ChainParams): number => solveChain(p).availability;
const HORIZON_H = 50_000;

function pairScenario(opts: { standby: "hot" | "cold"; coverage: number; switchover?: string; recovery?: string; horizonH: number; mttr?: string }) {
  return {
    replications: 30,
    horizon: `${opts.horizonH}h`,
    components: [{ name: "unit", count: 2, mttf: "10h", mttr: opts.mttr ?? "4h" }],
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
    const chain = solveChain({ lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 1, delta: Infinity, beta: 6 });
    expectAgrees(valuesOf(outputs, "unavailability"), 1 - chain.availability, 0.03, "unavailability");
    // Only double failures (S1 → S0) are outages: an instantaneous switchover must not count as one.
    expectAgrees(valuesOf(outputs, "outages").map((k) => k / 50_000), chain.outagesPerHour, 0.01, "outages/h");
  });

  it("B-ii: hot standby, c = 0.95, 30 s switchover, 10 min uncovered recovery", () => {
    const outputs = replicate(pairScenario({ standby: "hot", coverage: 0.95, switchover: "30s", recovery: "10min", horizonH: 50_000 }));
    const anchor = 1 - chainAvailability({ lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 0.95, delta: 120, beta: 6 });
    expectAgrees(valuesOf(outputs, "unavailability"), anchor, 0.03, "unavailability");
    // Outage frequency Σ_{up i, down j} π_i q_ij, a Poisson-like count: relative SE ≈ 1/√K with K ≈ 1.3e5 outages.
    const { outagesPerHour } = solveChain({ lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 0.95, delta: 120, beta: 6 });
    expectAgrees(valuesOf(outputs, "outages").map((k) => k / 50_000), outagesPerHour, 0.01, "outages/h");
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

/** Per-replication fractions of the window and rates per hour of the per-cause figures, with no warm-up. */
function perCause(outputs: readonly ReplicationOutput[], horizonH: number) {
  const fraction = (metric: string) => valuesOf(outputs, metric).map((s) => s / (horizonH * 3600));
  const perHour = (metric: string) => valuesOf(outputs, metric).map((k) => k / horizonH);
  return {
    inSwitchover: fraction("pair.switchover_downtime_s"),
    inRecovery: fraction("pair.uncovered_downtime_s"),
    switchovers: perHour("pair.switchovers"),
    uncovered: perHour("pair.uncovered_failures"),
  };
}

/** §0's rule for every per-cause figure of the chain `p`; `maxRelSe` bounds the rarer ones. */
function expectPerCause(outputs: readonly ReplicationOutput[], p: ChainParams, maxRelSe: { common: number; rare: number }): void {
  const chain = solveChain(p);
  const observed = perCause(outputs, HORIZON_H);
  expectAgrees(valuesOf(outputs, "unavailability"), 1 - chain.availability, maxRelSe.common, "unavailability");
  expectAgrees(observed.switchovers, chain.switchoversPerHour, maxRelSe.common, "switchovers/h = cλπ(S2)");
  expectAgrees(observed.inSwitchover, chain.pi.SO, maxRelSe.common, "time in switchover π(SO)");
  expectAgrees(observed.uncovered, chain.uncoveredPerHour, maxRelSe.rare, "uncovered failures/h = (1−c)λπ(S2)");
  expectAgrees(observed.inRecovery, chain.pi.UC, maxRelSe.rare, "time in uncovered recovery π(UC)");
}

/** z of a sample against an anchor. */
function zAgainst(values: readonly number[], anchor: number): number {
  const { mean, se } = meanAndSe(values);
  return Math.abs(mean - anchor) / se;
}

describe("B per cause at MTTR 4 h (B-ii, rates ×100)", () => {
  const B_II: ChainParams = { lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 0.95, delta: 120, beta: 6 };
  const outputs = beforeAllValue(() => replicate(pairScenario({ standby: "hot", coverage: 0.95, switchover: "30s", recovery: "10min", horizonH: HORIZON_H })));

  it("the uncovered-failure rate, the time in switchover and in uncovered recovery agree with the chain", () => {
    // ≈ 3.2e4 switchovers and 1 700 uncovered failures per replication × 30.
    expectPerCause(outputs(), B_II, { common: 0.03, rare: 0.03 });
  });
});

/**
 * The chain re-parametrised with MTTR 2.4 min (μ = 25/h): π(S0) ≈ 2e-5, so
 * the switchovers (π(SO) ≈ 8e-4) and uncovered recoveries (π(UC) ≈ 8e-4)
 * make almost all of the unavailability.
 */
describe("B with fast repair (MTTR 2.4 min): coverage, switchover and recovery dominate", () => {
  const FAST_HOT: ChainParams = { lambda: 0.1, lambdaStandby: 0.1, mu: 25, c: 0.95, delta: 120, beta: 6 };
  /** Cold standby, other values of c, δ (1 min) and β (15 min). */
  const FAST_COLD: ChainParams = { lambda: 0.1, lambdaStandby: 0, mu: 25, c: 0.8, delta: 60, beta: 4 };
  const hot = beforeAllValue(() => replicate(pairScenario({ standby: "hot", coverage: 0.95, switchover: "30s", recovery: "10min", horizonH: HORIZON_H, mttr: "2.4min" })));
  const cold = beforeAllValue(() => replicate(pairScenario({ standby: "cold", coverage: 0.8, switchover: "1min", recovery: "15min", horizonH: HORIZON_H, mttr: "2.4min" })));

  it("the chain puts most of the downtime in SO and UC", () => {
    for (const p of [FAST_HOT, FAST_COLD]) {
      const { pi, availability } = solveChain(p);
      expect((pi.SO + pi.UC) / (1 - availability)).toBeGreaterThan(0.95);
    }
  });

  it("hot, c = 0.95, 30 s switchover, 10 min recovery: unavailability and every per-cause figure agree with the chain", () => {
    expectPerCause(hot(), FAST_HOT, { common: 0.01, rare: 0.03 });
  });

  it("cold, c = 0.8, 1 min switchover, 15 min recovery: unavailability and every per-cause figure agree with the chain", () => {
    expectPerCause(cold(), FAST_COLD, { common: 0.01, rare: 0.03 });
  });

  it("discriminates: c = 1, a switchover 3× longer and a recovery 3× longer are each rejected by the unavailability and by their own figure", () => {
    for (const [outputs, p] of [
      [hot(), FAST_HOT],
      [cold(), FAST_COLD],
    ] as const) {
      const u = valuesOf(outputs, "unavailability");
      const observed = perCause(outputs, HORIZON_H);
      const wrong = { c: { ...p, c: 1 }, delta: { ...p, delta: p.delta / 3 }, beta: { ...p, beta: p.beta / 3 } };
      for (const q of Object.values(wrong)) expect(zAgainst(u, 1 - solveChain(q).availability)).toBeGreaterThan(3);
      expect(zAgainst(observed.uncovered, solveChain({ ...p, c: 0.99 }).uncoveredPerHour)).toBeGreaterThan(3);
      expect(zAgainst(observed.inSwitchover, solveChain(wrong.delta).pi.SO)).toBeGreaterThan(3);
      expect(zAgainst(observed.inRecovery, solveChain(wrong.beta).pi.UC)).toBeGreaterThan(3);
    }
  });
});
