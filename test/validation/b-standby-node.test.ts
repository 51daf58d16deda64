/**
 * Case B of docs/validation.md applied to the standby-node
 * mechanism: one active CPU node and the standby, predictor off, so that
 * every failure of the active node is a reactive failover: covered with
 * probability c (a restart from the last state of exponential mean 1/δ, the
 * switchover), otherwise an uncovered recovery of mean 1/β; one repair crew;
 * the failed node's repair starts when the takeover ends. The IO domains
 * never fail here, so the service is the node pair of the 5-state chain.
 * Rates ×100 (λ = 1/10 h) as §B recommends: U ≈ 1e-1 measured to ≤ 3 %.
 */
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { beforeAllValue, expectAgrees, expectWithin, meanAndSe, replicate, solveChain, valuesOf, type ChainParams } from "./helpers.js";

const HORIZON_H = 50_000;
/** B-ii with λ × 100: hot standby, c = 0.95, 30 s switchover (δ = 120/h), 10 min uncovered recovery (β = 6/h), MTTR 4 h. */
const B_II: ChainParams = { lambda: 0.1, lambdaStandby: 0.1, mu: 0.25, c: 0.95, delta: 120, beta: 6 };

/**
 * The same chain re-parametrised (docs/validation.md: the formula is unchanged,
 * only its parameters) with MTTR 2.4 min (μ = 25/h), so
 * that the switchover and the uncovered recoveries, not the double
 * failures, make most of the downtime: there the test can see c and δ.
 */
const FAST_REPAIR: ChainParams = { ...B_II, mu: 25 };

function nodeScenario(crews: 1 | "unlimited", mttr = "4h"): Omit<ScenarioInput, "name"> {
  return {
    replications: 30,
    horizon: `${HORIZON_H}h`,
    components: [
      { name: "cpu", kind: "processor", count: 2, mttf: "10h", mttr },
      { name: "iodom", count: 2 },
      { name: "xbar", kind: "switch" },
      { name: "cpu-port", kind: "link", count: 2, connects: ["cpu", "xbar"], network: "fabric" },
      { name: "io-port", kind: "link", count: 2, connects: ["iodom", "xbar"], network: "fabric" },
    ],
    repair: { crews },
    mechanisms: [
      {
        type: "standby-node",
        name: "ftc",
        nodes: "cpu",
        io_domains: "iodom",
        coverage: B_II.c,
        restart: { dist: "exponential", mean: `${3600 / B_II.delta}s` },
        transfer_time: { dist: "exponential", mean: `${3600 / B_II.delta}s` },
        uncovered_recovery: { dist: "exponential", mean: `${60 / B_II.beta}min` },
      },
    ],
    service: "ftc",
  };
}

describe("B active/standby on the standby-node mechanism (predictor off, rates ×100)", () => {
  const outputs = beforeAllValue(() => replicate(nodeScenario(1)));

  it("B-ii: the unavailability agrees with the 5-state chain", () => {
    expectAgrees(valuesOf(outputs(), "unavailability"), 1 - solveChain(B_II).availability, 0.03);
  });

  it("B-ii: the outage frequency agrees with the chain (≈ 1.3e5 outages, relative SE ≤ 1 %)", () => {
    expectAgrees(valuesOf(outputs(), "outages").map((k) => k / HORIZON_H), solveChain(B_II).outagesPerHour, 0.01);
  });

  it("the coverage is the fraction of reactive failovers that were covered", () => {
    const reactive = valuesOf(outputs(), "ftc.reactive_failovers").reduce((a, b) => a + b, 0);
    const uncovered = valuesOf(outputs(), "ftc.uncovered_failures").reduce((a, b) => a + b, 0);
    // A binomial proportion over ≈ 3e4 × 30 reactive failovers: SE √(c(1−c)/K).
    expectWithin({ mean: 1 - uncovered / reactive, se: Math.sqrt((B_II.c * (1 - B_II.c)) / reactive) }, B_II.c, 0.001);
  });

  it("discriminates repair policies: with unlimited crews the single-crew anchor is rejected", () => {
    const unlimited = replicate(nodeScenario("unlimited"));
    const { mean, se } = meanAndSe(valuesOf(unlimited, "unavailability"));
    expect(Math.abs(mean - (1 - solveChain(B_II).availability)) / se).toBeGreaterThan(3);
  });
});

describe("B with fast repair (MTTR 2.4 min): the switchover and the coverage show", () => {
  const outputs = beforeAllValue(() => replicate(nodeScenario(1, `${60 / FAST_REPAIR.mu}min`)));

  it("the unavailability agrees with the chain", () => {
    expectAgrees(valuesOf(outputs(), "unavailability"), 1 - solveChain(FAST_REPAIR).availability, 0.03);
  });

  it("discriminates: the anchors of perfect coverage and of an instantaneous switchover are rejected", () => {
    const { mean, se } = meanAndSe(valuesOf(outputs(), "unavailability"));
    expect(Math.abs(mean - (1 - solveChain({ ...FAST_REPAIR, c: 1 }).availability)) / se).toBeGreaterThan(3);
    expect(Math.abs(mean - (1 - solveChain({ ...FAST_REPAIR, delta: Infinity }).availability)) / se).toBeGreaterThan(3);
  });
});
