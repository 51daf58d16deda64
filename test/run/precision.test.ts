import { describe, expect, it } from "vitest";
import { PrecisionError, resolvePrecision, runBatched, runToPrecision } from "../../src/run/precision.js";
import { runScenario } from "../../src/run/runner.js";
import type { RunResult } from "../../src/run/result.js";
import { pairScenario } from "../support/scenarios.js";

const identity = { name: "t", file: "t.yaml", hash: "sha256:0" };

/** The largest relative CI half-width of the metrics in a plain run of n replications. */
function worst(n: number, metrics: readonly string[]): number {
  const r = runScenario(pairScenario({ replications: n }), identity);
  return Math.max(
    ...metrics.map((name) => {
      const m = r.metrics[name]!;
      return Math.max(m.mean - m.ci95[0], m.ci95[1] - m.mean) / Math.abs(m.mean);
    }),
  );
}

/** A result without the fields a precision run adds (its `precision` and `reproduce` line). */
function plain(r: RunResult): Omit<RunResult, "precision" | "reproduce"> {
  const { precision: _p, reproduce: _r, ...rest } = r;
  return rest;
}

describe("runToPrecision", () => {
  const metrics = ["unavailability", "mttr_s"];
  // pairScenario runs 8 replications; batches are 8, 16, 24, ...
  const at8 = worst(8, metrics);
  const at16 = worst(16, metrics);

  it("stops after the first batch that meets the target (here the second)", () => {
    expect(at16).toBeLessThan(at8); // the premise: 8 replications do not meet a target that 16 meet
    const r = runToPrecision(pairScenario(), identity, { target: at16, metrics });
    expect(r.replications).toBe(16);
    expect(r.precision).toEqual({
      target: at16,
      metrics,
      achieved: true,
      replications: 16,
      reason: expect.stringMatching(/^every selected metric's 95% CI half-width is within [\d.]+% of its mean after 16 replications$/),
    });
  });

  it("stops at once when the initial replications meet the target", () => {
    const r = runToPrecision(pairScenario(), identity, { target: at8, metrics });
    expect(r.replications).toBe(8);
    expect(r.precision?.achieved).toBe(true);
  });

  it("equals a plain run with the same number of replications, byte for byte but for the precision record", () => {
    const r = runToPrecision(pairScenario(), identity, { target: at16, metrics });
    const p = runScenario(pairScenario({ replications: 16 }), identity);
    expect(JSON.stringify(plain(r))).toBe(JSON.stringify(plain(p)));
  });

  it("stops at the cap, truncating the last batch, and says which metric fell short", () => {
    const r = runToPrecision(pairScenario(), identity, { target: 1e-6, metrics, maxReplications: 20 });
    expect(r.replications).toBe(20);
    expect(r.values.availability).toHaveLength(20);
    expect(r.precision).toMatchObject({ achieved: false, replications: 20 });
    expect(r.precision?.reason).toMatch(/^the cap of 20 replications was reached before the 0\.0001% target: unavailability half-width [\d.]+% of the mean; mttr_s half-width/);
  });

  it("caps at 10 x the initial replications by default", () => {
    expect(resolvePrecision({ target: 0.01 }, [pairScenario()])).toEqual({ target: 0.01, metrics: ["unavailability", "mttr_s"], maxReplications: 80 });
  });

  it("says a metric with mean 0 cannot meet a relative target", () => {
    const never = pairScenario({ components: [{ name: "cpu", count: 2, mttf: "1e12s", mttr: "100s" }] });
    const r = runToPrecision(never, identity, { target: 0.5, metrics: ["outages"], maxReplications: 8 });
    expect(r.precision?.achieved).toBe(false);
    expect(r.precision?.reason).toMatch(/outages has mean 0, so a relative target cannot be met/);
  });

  it("says a metric no replication defined has not been observed", () => {
    const never = pairScenario({ components: [{ name: "cpu", count: 2, mttf: "1e12s", mttr: "100s" }] });
    const r = runToPrecision(never, identity, { target: 0.5, metrics: ["mttr_s"], maxReplications: 16 });
    expect(r.precision).toMatchObject({ achieved: false, replications: 16 });
    expect(r.precision?.reason).toMatch(/mttr_s not observed yet/);
  });

  it("records an event limit as the reason it stopped", () => {
    const r = runToPrecision(pairScenario({ limits: { max_events: 1 } }), identity, { target: 0.01 });
    expect(r.outcome).toBe("limit-hit");
    expect(r.precision).toMatchObject({ achieved: false, replications: 0, reason: expect.stringMatching(/^stopped by the event limit/) });
  });
});

describe("resolvePrecision", () => {
  const option = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(PrecisionError);
      return `${(e as PrecisionError).option}: ${(e as Error).message}`;
    }
    throw new Error("expected a PrecisionError");
  };

  it("refuses an unknown metric, with a did-you-mean", () => {
    expect(option(() => resolvePrecision({ target: 0.01, metrics: ["mtr_s"] }, [pairScenario()]))).toBe(
      'precisionMetrics: no metric named "mtr_s"; did you mean "mttr_s"?',
    );
  });

  it("knows the mechanisms' metrics by their entry names", () => {
    const s = pairScenario({
      mechanisms: [{ type: "active-standby", name: "pair", units: "cpu" }],
      service: "pair",
    });
    expect(resolvePrecision({ target: 0.01, metrics: ["pair.switchovers"] }, [s]).metrics).toEqual(["pair.switchovers"]);
  });

  it("refuses a cap below the initial replications and a target of 0", () => {
    expect(option(() => resolvePrecision({ target: 0.01, maxReplications: 4 }, [pairScenario()]))).toMatch(/^maxReplications: the cap must be at least the initial 8/);
    expect(option(() => resolvePrecision({ target: 0 }, [pairScenario()]))).toMatch(/^precision: /);
  });
});

describe("runBatched", () => {
  it("keeps several scenarios in lock-step: every one ends with the same replications", () => {
    const a = pairScenario();
    const b = pairScenario({ components: [{ name: "cpu", count: 2, mttf: "1000s", mttr: "50s" }] });
    const runs = runBatched([{ label: "a", scenario: a }, { label: "b", scenario: b }], { target: 1e-6, metrics: ["unavailability"], maxReplications: 24 });
    expect(runs.outputs.map((o) => o.map((x) => x.replication))).toEqual([
      Array.from({ length: 24 }, (_, i) => i),
      Array.from({ length: 24 }, (_, i) => i),
    ]);
    expect(runs.precision?.reason).toMatch(/a: unavailability half-width .*; b: unavailability half-width/);
  });
});
