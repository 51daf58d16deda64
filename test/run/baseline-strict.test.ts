/**
 * A baseline arrives in pull requests: it is validated as strictly as a
 * scenario (docs/robustness.md, "Baselines"), so a corrupt one fails with
 * exit code 2 instead of passing the gate.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BaselineError, parseBaseline } from "../../src/run/baseline.js";
import { recordedFile } from "../../src/report/gate.js";
import { parseTolerance, ToleranceError } from "../../src/report/gate-settings.js";

/** The committed CI baseline's first scenario (a1-single-component, 30 replications), changed by `edit`. */
function edited(edit: (s: Record<string, any>) => void): string {
  const doc = JSON.parse(readFileSync("ci/baseline.json", "utf8"));
  doc.scenarios = [doc.scenarios[0]];
  edit(doc.scenarios[0]);
  return JSON.stringify(doc);
}

const refused = (text: string): string => {
  try {
    parseBaseline(text, "b.json");
  } catch (e) {
    expect(e).toBeInstanceOf(BaselineError);
    return (e as Error).message;
  }
  throw new Error("expected a BaselineError");
};

describe("strict baseline validation", () => {
  it("accepts the committed baseline's entry as it is", () => {
    expect(parseBaseline(edited(() => {}), "b.json").scenarios).toHaveLength(1);
  });

  it("accepts the whole committed baseline: pooled ratios whose replications without an event count in n and in the mean", () => {
    // mtbf_s of a scenario where some replications see no outage: n counts them, "values" holds null for
    // them, and the pooled mean Σ up time / Σ outages can lie outside the per-replication ratios.
    const doc = parseBaseline(readFileSync("ci/baseline.json", "utf8"), "ci/baseline.json");
    const withoutEvents = doc.scenarios.filter((s) => (s.values.mtbf_s ?? []).some((v) => v === null));
    expect(withoutEvents.length).toBeGreaterThan(0);
  });

  it("refuses values of ±1.7e308 (finite, but their differences overflow)", () => {
    expect(refused(edited((s) => (s.values.availability[0] = 1.7e308)))).toMatch(/b\.json: scenarios\.0\.values\.availability\.0: expected a finite number of magnitude at most 1e\+300/);
    expect(refused(edited((s) => (s.metrics.availability.mean = -1.7e308)))).toMatch(/metrics\.availability\.mean: expected a finite number/);
  });

  it("refuses one value where the baseline says 30 replications", () => {
    expect(refused(edited((s) => (s.values.availability = [0.99])))).toMatch(/values\.availability: expected 30 values \(one per replication\), got 1/);
  });

  it("refuses a summary whose n disagrees with its values, and a mean outside [min, max]", () => {
    expect(refused(edited((s) => (s.metrics.availability.n = 29)))).toMatch(/metrics\.availability\.n: n = 29, but "values" holds 30 values/);
    expect(refused(edited((s) => (s.metrics.availability.mean = 2)))).toMatch(/metrics\.availability: the mean 2 is outside \[min, max\]/);
  });

  it("refuses a negative or fractional seed, and replications of 1e15", () => {
    expect(refused(edited((s) => (s.seed = -1)))).toMatch(/scenarios\.0\.seed/);
    expect(refused(edited((s) => (s.seed = 1.5)))).toMatch(/scenarios\.0\.seed/);
    expect(refused(edited((s) => (s.replications = 1e15)))).toMatch(/replications: at most 1000000 replications are allowed/);
  });

  it("refuses a tolerance that parses as infinity", () => {
    expect(() => parseTolerance("+1e309%", "--tolerance mttr_s=+1e309%")).toThrow(ToleranceError);
    expect(() => parseTolerance("+1e309%", "x")).toThrow(/not a finite number/);
    expect(parseTolerance("+5%", "x").amount).toBe(5);
  });
});

describe("scenario paths recorded in a baseline", () => {
  it("stay inside the working directory and name scenario files", () => {
    expect(recordedFile("scenarios/a1-single-component.yaml", "b.json")).toBe("scenarios/a1-single-component.yaml");
    expect(() => recordedFile("/proc/self/environ", "b.json")).toThrow(/not a \.yaml, \.yml or \.json file/);
    expect(() => recordedFile("/etc/ftsim/x.yaml", "b.json")).toThrow(/outside the working directory/);
    expect(recordedFile(`${process.cwd()}/scenarios/a1-single-component.yaml`, "b.json")).toMatch(/a1-single-component/);
    expect(() => recordedFile("../../secrets.yaml", "b.json")).toThrow(/outside the working directory/);
    expect(() => recordedFile("scenarios/../../x.json", "b.json")).toThrow(/outside the working directory/);
  });
});
