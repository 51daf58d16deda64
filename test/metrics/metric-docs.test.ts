/** `ftsim list` documents the metrics from these lists: they must match what a run emits. */
import { describe, expect, it } from "vitest";
import { activeStandby } from "../../src/mechanisms/active-standby/active-standby.js";
import { SERVICE_METRICS, TIME_TO_EVENT_METRICS } from "../../src/metrics/metric-docs.js";
import { runReplication } from "../../src/run/replication.js";
import { scenarioSchema } from "../../src/scenario/schema.js";

const scenario = scenarioSchema.parse({
  name: "docs",
  horizon: "20000h",
  components: [{ name: "u", count: 2, mttf: "100h", mttr: "10h" }],
  mechanisms: [
    {
      type: "active-standby",
      name: "pair",
      units: "u",
      coverage: 0.5,
      switchover: { dist: "deterministic", value: "1min" },
      uncovered_recovery: { dist: "deterministic", value: "1h" },
    },
  ],
  service: "pair",
});
const output = runReplication(scenario, 1, 0);

describe("documented metrics", () => {
  it("the service metrics a replication emits are exactly the documented ones, with the documented units", () => {
    const emitted = [
      ...Object.entries(output.values).filter(([name]) => !name.includes(".")),
      ...Object.entries(output.ratios).filter(([name]) => !name.includes(".")),
    ].map(([name, v]) => [name, v.unit]);
    expect(emitted.sort()).toEqual(SERVICE_METRICS.map((m) => [m.name, m.unit]).sort());
  });

  it("the times to events are exactly the documented ones", () => {
    expect(Object.keys(output.times).sort()).toEqual(TIME_TO_EVENT_METRICS.map((m) => m.name).sort());
  });

  it("the active-standby metrics are exactly those it documents, with their units", () => {
    const emitted = [...Object.entries(output.values), ...Object.entries(output.ratios)]
      .filter(([name]) => name.startsWith("pair."))
      .map(([name, v]) => [name.slice("pair.".length), v.unit]);
    expect(emitted.sort()).toEqual(activeStandby.metrics.map((m) => [m.name, m.unit]).sort());
  });
});
