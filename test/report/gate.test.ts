import { describe, expect, it } from "vitest";
import { BaselineError, runComplete } from "../../src/run/baseline.js";
import type { RunResult } from "../../src/run/result.js";
import { loadGateUnits, recordBaseline, runGateCheck, type GateUnit } from "../../src/report/gate.js";
import { gateSettings } from "../../src/report/regression.js";

const none = gateSettings({}, () => "flags");
const run = (unit: GateUnit): RunResult => runComplete(unit.scenario, unit.identity);

describe("the regression gate without the CLI", () => {
  const units = loadGateUnits(["scenarios/quickstart.yaml", "scenarios/sweep-repair.yaml"]);
  const doc = recordBaseline(units, { raw: { tolerances: {} }, parsed: none }, run, 10);

  it("records one entry per scenario and per sweep point, with the replications asked for", () => {
    expect(doc.scenarios.map((s) => s.scenario.name)).toEqual([
      "quickstart",
      ...["4h", "8h", "16h"].flatMap((m) => [1, 2].map((c) => `sweep-repair [mttr=${m}, crews=${c}]`)),
    ]);
    expect(doc.scenarios.every((s) => s.replications === 10 && s.values.availability!.length === 10)).toBe(true);
  });

  it("passes the same code, with every difference exactly 0", () => {
    const report = runGateCheck(doc, "b.json", ["scenarios/quickstart.yaml"], none, run);
    expect(report.outcome).toBe("pass");
    expect(report.scenarios[0]!.rows.every((r) => r.change === 0)).toBe(true);
    expect(report.not_checked).toHaveLength(6);
  });

  it("fails when a run comes back worse in every replication, and names the metric", () => {
    const worse = (unit: GateUnit): RunResult => {
      const result = run(unit);
      const mttr = result.values.mttr_s!.map((v) => (v === null ? null : v * 1.5));
      const parts = result.ratios.mttr_s!.map(([x, y]): [number, number] => [x * 1.5, y]);
      return { ...result, values: { ...result.values, mttr_s: mttr }, ratios: { ...result.ratios, mttr_s: parts }, metrics: { ...result.metrics, mttr_s: { ...result.metrics.mttr_s!, mean: result.metrics.mttr_s!.mean * 1.5 } } };
    };
    const report = runGateCheck(doc, "b.json", ["scenarios/quickstart.yaml"], none, worse);
    expect(report.outcome).toBe("fail");
    expect(report.scenarios[0]!.rows.find((r) => r.metric === "mttr_s")!.verdict).toBe("regressed");
  });

  it("refuses a scenario the baseline does not have, with a did-you-mean, unless new ones are allowed", () => {
    const other = recordBaseline([units[0]!].map((u) => ({ ...u, identity: { ...u.identity, name: "quickstrat" } })), { raw: { tolerances: {} }, parsed: none }, run, 2);
    expect(() => runGateCheck(other, "b.json", ["scenarios/quickstart.yaml"], none, run)).toThrow(BaselineError);
    expect(() => runGateCheck(other, "b.json", ["scenarios/quickstart.yaml"], none, run)).toThrow(/did you mean "quickstrat"/);
    expect(runGateCheck(other, "b.json", ["scenarios/quickstart.yaml"], none, run, { allowNew: true }).new_scenarios).toEqual([
      { name: "quickstart", file: "scenarios/quickstart.yaml" },
    ]);
  });

  it("refuses the same file twice", () => {
    expect(() => loadGateUnits(["scenarios/quickstart.yaml", "scenarios/quickstart.yaml"])).toThrow(/given twice/);
  });
});
