/**
 * `ftsim chart` as a user runs it, on results of real runs of small
 * scenarios (two designs, and a grid sweep); the trace is the fixture of
 * test/report/chart-fixtures.ts. `ftsim report` is exercised end to end in
 * test/e2e/report.test.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceFixture } from "../report/chart-fixtures.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir, type CliResult } from "./run-cli.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** quickstart with the web servers' repair time replaced (a small, fast design variant). */
function quickstartWithWebRepair(mean: string): string {
  const text = readFileSync("scenarios/quickstart.yaml", "utf8");
  const changed = text.replace(/repair: \{ dist: lognormal, mean: 12h, cv: 0\.6 \}/, `repair: { dist: lognormal, mean: ${mean}, cv: 0.6 }`).replace("name: quickstart", `name: web-repair-${mean}`);
  if (changed === text) throw new Error("quickstart.yaml changed: update this test's replacement");
  return changed;
}

function expectBadInput(r: CliResult, message: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_TRACE);
}

describe("ftsim chart", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-chart-");
  const out = (name: string) => join(tmp.dir, name);
  let fast: string;
  let slow: string;
  let sweep: string;

  beforeAll(() => {
    fast = out("fast.json");
    slow = out("slow.json");
    for (const [file, mean] of [[fast, "4h"], [slow, "24h"]] as const) {
      const scenario = tmp.file(`web-${mean}.yaml`, quickstartWithWebRepair(mean));
      const r = runCli(["run", scenario, "--replications", "8", "--format", "json", "--out", file]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
    sweep = out("sweep.json");
    const r = runCli(["sweep", "scenarios/sweep-repair.yaml", "--replications", "4", "--format", "json", "--out", sweep]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 4 * CLI_TIMEOUT_MS);

  afterAll(() => tmp.cleanup());

  it("draws a sweep as a PNG", () => {
    const r = runCli(["chart", sweep, "--kind", "sweep", "--metric", "availability", "--out", out("sweep.png")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect([...readFileSync(out("sweep.png")).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it("draws bars comparing two result files as an SVG with the axis title's unit", () => {
    const r = runCli(["chart", fast, slow, "--kind", "bars", "--metric", "mttr_s", "--out", out("bars.svg")]);
    expect(r.status).toBe(0);
    const svg = readFileSync(out("bars.svg"), "utf8");
    expect(svg).toContain("MTTR (h)");
    expect(svg).toContain("web-repair-4h");
    expect(svg).toContain("web-repair-24h");
  });

  it("writes the Vega-Lite spec of an ECDF of the points of a sweep chosen by name (names with commas)", () => {
    const points = ["mttr=4h, crews=1", "mttr=16h, crews=2"];
    const r = runCli(["chart", sweep, "--kind", "distribution", "--style", "ecdf", "--metric", "downtime_s", ...points.flatMap((p) => ["--point", p]), "--out", out("ecdf.vl.json")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const spec = JSON.parse(readFileSync(out("ecdf.vl.json"), "utf8"));
    expect(spec.$schema).toMatch(/vega-lite/);
    expect(spec.mark.interpolate).toBe("step-after");
    expect(new Set(spec.data.values.map((v: { series: string }) => v.series))).toEqual(new Set(points));
  });

  it("draws the timeline of a trace, filtered to some components", () => {
    const trace = tmp.file("trace.jsonl", traceFixture());
    const r = runCli(["chart", trace, "--kind", "timeline", "--components", "web,lb", "--out", out("timeline.svg")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const svg = readFileSync(out("timeline.svg"), "utf8");
    expect(svg).toContain("Timeline: quickstart");
    expect(svg).toContain("web[2]");
    expect(svg).not.toContain("cpu[10]");
  });

  it("refuses a misspelt metric with a did-you-mean, exit 2", () => {
    expectBadInput(runCli(["chart", fast, "--kind", "distribution", "--metric", "mtr_s", "--out", out("x.png")]), /unknown metric "mtr_s".*did you mean "mttr_s"\?/);
  });

  it("refuses an output name whose format it cannot tell, before reading anything", () => {
    expectBadInput(runCli(["chart", fast, "--kind", "bars", "--metric", "mttr_s", "--out", out("fig.json")]), /--out: cannot tell the format.*\.svg, \.png or \.vl\.json.*fig\.vl\.json/);
    expect(existsSync(out("fig.json"))).toBe(false);
  });

  it("refuses a sweep chart of a result that is not a sweep", () => {
    expectBadInput(runCli(["chart", fast, "--kind", "sweep", "--metric", "mttr_s", "--out", out("x.svg")]), /is not a sweep result.*ftsim sweep/);
  });

  it("refuses a file that is not ftsim JSON", () => {
    expectBadInput(runCli(["report", "scenarios/quickstart.yaml", "--out", out("r.html")]), /quickstart\.yaml is not ftsim JSON/);
    expect(existsSync(out("r.html"))).toBe(false);
  });
});
