import { describe, it, expect } from "vitest";
import { runReplication } from "../../src/run/replication.js";
import { scenarioSchema } from "../../src/scenario/schema.js";

const fixed = (value: number) => ({ dist: "deterministic", value: `${value}s` });

describe("runReplication", () => {
  it("reports the service metrics of a replication", () => {
    // Fails at 100, 220, 340 (life 100, repair 20), horizon 400.
    const s = scenarioSchema.parse({ name: "t", horizon: "400s", components: [{ name: "cpu", failure: fixed(100), repair: fixed(20) }] });
    const out = runReplication(s, 1, 0);
    expect(out.replication).toBe(0);
    expect(out.values.availability).toEqual({ value: 340 / 400, unit: "fraction" });
    expect(out.values.unavailability!.value).toBeCloseTo(60 / 400, 12);
    expect(out.values.downtime_s).toEqual({ value: 60, unit: "s" });
    expect(out.values.outages).toEqual({ value: 3, unit: "count" });
    expect(out.ratios.mttr_s).toEqual({ numerator: 60, denominator: 3, unit: "s", events: [20, 20, 20] });
    expect(out.ratios.mtbf_s).toEqual({ numerator: 340, denominator: 3, unit: "s" });
    expect(out.values.component_availability).toEqual({ value: 340 / 400, unit: "fraction" });
    expect(out.values.events!.value).toBeGreaterThan(0);
    expect(out.times.first_failure_s).toEqual({ time: 100, observed: true, unit: "s" });
  });

  it("gives mttr_s and mtbf_s a zero denominator when there were no outages", () => {
    const s = scenarioSchema.parse({ name: "t", horizon: "50s", components: [{ name: "cpu", failure: fixed(100), repair: fixed(20) }] });
    const out = runReplication(s, 1, 0);
    expect(out.ratios.mttr_s).toEqual({ numerator: 0, denominator: 0, unit: "s", events: [] });
    expect(out.ratios.mtbf_s).toEqual({ numerator: 50, denominator: 0, unit: "s" });
    expect(out.values.outages!.value).toBe(0);
    expect(out.times.first_failure_s).toEqual({ time: 50, observed: false, unit: "s" });
  });

  it("prefixes mechanism metrics with the mechanism's name", () => {
    const s = scenarioSchema.parse({
      name: "t",
      horizon: "50s",
      components: [{ name: "cpu", count: 2, failure: fixed(100), repair: fixed(20) }],
      mechanisms: [{ type: "active-standby", name: "pair", units: "cpu" }],
      service: "pair",
    });
    const out = runReplication(s, 1, 0);
    // No failure before the horizon: no switchover completed, so no switchover_time_s.
    expect(Object.keys(out.values).filter((k) => k.startsWith("pair.")).sort()).toEqual([
      "pair.switchover_downtime_s",
      "pair.switchovers",
      "pair.uncovered_downtime_s",
      "pair.uncovered_failures",
    ]);
  });

  it("gives identical outputs for the same seed and replication", () => {
    const s = scenarioSchema.parse({ name: "t", horizon: "1e5s", components: [{ name: "cpu", count: 3, mttf: "1000s", mttr: "50s" }] });
    expect(runReplication(s, 9, 2)).toEqual(runReplication(s, 9, 2));
  });

  it("gives different draws to different replications", () => {
    const s = scenarioSchema.parse({ name: "t", horizon: "1e5s", components: [{ name: "cpu", count: 3, mttf: "1000s", mttr: "50s" }] });
    expect(runReplication(s, 9, 0).values.downtime_s).not.toEqual(runReplication(s, 9, 1).values.downtime_s);
  });
});
