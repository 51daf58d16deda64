/**
 * Metric and point names that are properties of every object (`constructor`,
 * `toString`, `__proto__`) are looked up as own keys by the chart readers:
 * unknown ones get the "unknown metric" message, not "is a time to event"
 * or a crash (docs/robustness.md, "Hostile content").
 */
import { describe, expect, it } from "vitest";
import { barsChart } from "../../src/report/charts/bars.js";
import { distributionChart } from "../../src/report/charts/distribution.js";
import { asResult, ownValue, requireMetric, type LabelledResult } from "../../src/report/charts/input.js";

const summary = { mean: 0.9, stddev: 0.1, ci95: [0.8, 1], min: 0.8, max: 1, p50: 0.9, p90: 1, p99: 1, n: 2, unit: "fraction" };
const doc = (metrics: Record<string, unknown>) => ({
  schema: "ftsim.result/v1",
  scenario: { name: "x", file: "x.yaml", hash: "sha256:0" },
  seed: 1,
  replications: 2,
  horizon_s: 10,
  warmup_s: 0,
  outcome: "ok",
  metrics,
  values: Object.fromEntries(Object.keys(metrics).map((m) => [m, [0.8, 1]])),
  time_to_event: {},
});
const input = (metrics: Record<string, unknown>, source = "r.json"): LabelledResult => ({ source, result: asResult(doc(metrics), source) });

describe("prototype names in the chart readers", () => {
  for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
    it(`--metric ${name} that no result has is an unknown metric`, () => {
      expect(() => requireMetric(name, [input({ availability: summary })])).toThrow(new RegExp(`^unknown metric "${name}" in r\\.json`));
    });
  }

  it("a metric named constructor in one result and not another is drawn from the one that has it", () => {
    const a = input({ "constructor.switchovers": summary }, "a.json");
    const b = input({ availability: summary }, "b.json");
    expect(() => barsChart([a, b], { metric: "constructor.switchovers" })).not.toThrow();
    expect(() => distributionChart([a, b], { metric: "constructor.switchovers", style: "ecdf" })).not.toThrow();
  });

  it("ownValue ignores inherited properties", () => {
    expect(ownValue({}, "constructor")).toBeUndefined();
    expect(ownValue({ constructor: 1 } as Record<string, number>, "constructor")).toBe(1);
  });
});
