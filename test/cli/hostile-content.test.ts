/**
 * Hostile content in outputs (docs/robustness.md, "Hostile content"): names
 * that are CSV formulas, terminal escapes, Markdown, or properties of every
 * JavaScript object; results too large to spread into arguments.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../src/report/table.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "./run-cli.js";

const tmp = tempDir("ftsim-hostile-");
afterAll(() => tmp.cleanup());

const scenario = (name: string, extra = "") => `name: ${JSON.stringify(name)}
seed: 1
replications: 4
horizon: 2000h
components:
  - { name: constructor, mttf: 100h, mttr: 10h }
  - { name: toString, mttf: 100h, mttr: 10h }
  - { name: __proto__, mttf: 100h, mttr: 10h }
${extra}`;

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

describe("CSV injection", { timeout: CLI_TIMEOUT_MS }, () => {
  it("prefixes a ' to a cell a spreadsheet would run as a formula, and leaves numbers alone", () => {
    expect(["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "-1.5e-3", "+2", "plain"].map(csvCell)).toEqual(["'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx", "-1.5e-3", "+2", "plain"]);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it("in sweep --format csv", () => {
    const file = tmp.file("csv.yaml", scenario("csv", 'sweep:\n  variants:\n    - { name: "=1+1", set: { horizon: 1000h } }\n    - { name: "@SUM(A1)", set: { horizon: 2000h } }\n'));
    const r = runCli(["sweep", file, "--format", "csv"]);
    expect(r.status, r.stderr).toBe(0);
    const cells = r.stdout.split("\n").slice(1).map((l) => l.split(",")[0]);
    expect(cells).toContain("'=1+1");
    expect(cells).toContain("'@SUM(A1)");
    expect(r.stdout).not.toMatch(/(^|\n|,)[=@]/);
  });
});

describe("terminal escapes and Markdown", { timeout: CLI_TIMEOUT_MS }, () => {
  it("a scenario name with ESC, BEL and CR reaches the table escaped", () => {
    const file = tmp.file("esc.yaml", scenario("ok\u001b]0;owned\u0007\rSPOOFED"));
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain("ok\\x1b]0;owned\\x07\\rSPOOFED");
  });

  it("run --format markdown escapes a name that would add a heading and a remote image", () => {
    const file = tmp.file("md.yaml", scenario("x\n# pwned ![i](https://evil.example/p.png) <img src=x>"));
    const r = runCli(["run", file, "--format", "markdown"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^# pwned/m);
    expect(r.stdout).not.toContain("![i](");
    expect(r.stdout).not.toContain("<img");
    expect(r.stdout).toMatch(/^## x # pwned !\\\[i\\\]\(https:\/\/evil\.example\/p\.png\) &lt;img src=x&gt;$/m);
  });
});

describe("names that are properties of every object", { timeout: 4 * CLI_TIMEOUT_MS }, () => {
  let sweep: string;
  let run: string;
  beforeAll(() => {
    const file = tmp.file(
      "proto.yaml",
      scenario("proto", "sweep:\n  variants:\n    - { name: constructor, set: { horizon: 1000h } }\n    - { name: toString, set: { horizon: 2000h } }\n    - { name: __proto__, set: { horizon: 3000h } }\n"),
    );
    sweep = join(tmp.dir, "proto-sweep.json");
    run = join(tmp.dir, "proto-run.json");
    expect(runCli(["sweep", file, "--format", "json", "--out", sweep]).status).toBe(0);
    expect(runCli(["run", file, "--format", "json", "--out", run]).status).toBe(0);
  }, 2 * CLI_TIMEOUT_MS);

  for (const args of [
    ["--kind", "bars", "--metric", "availability"],
    ["--kind", "distribution", "--metric", "availability", "--style", "ecdf"],
    ["--kind", "distribution", "--metric", "availability", "--point", "__proto__"],
    ["--kind", "sweep", "--metric", "availability"],
  ]) {
    it(`chart ${args.join(" ")} draws an SVG`, () => {
      const out = join(tmp.dir, `${args[1]}-${args.length}.svg`);
      const r = runCli(["chart", sweep, ...args, "--out", out]);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(out, "utf8")).toMatch(/^<svg/);
    });
  }

  it("report writes the HTML of a run whose components are named so", () => {
    const r = runCli(["report", run, "--out", join(tmp.dir, "proto.html")]);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe("large results", { timeout: 2 * CLI_TIMEOUT_MS }, () => {
  it("chart and report take 200 000 replications without overflowing the stack", () => {
    const small = join(tmp.dir, "small.json");
    expect(runCli(["run", "scenarios/a1-single-component.yaml", "--replications", "3", "--format", "json", "--out", small]).status).toBe(0);
    const doc = JSON.parse(readFileSync(small, "utf8"));
    const n = 200_000;
    doc.replications = n;
    // Two metrics are enough (and keep the file small): one for the chart, one more for the report.
    for (const m of Object.keys(doc.metrics)) if (m !== "downtime_s" && m !== "availability") delete doc.metrics[m];
    doc.values = { downtime_s: doc.values.downtime_s, availability: doc.values.availability };
    for (const m of Object.keys(doc.values)) {
      doc.values[m] = Array.from({ length: n }, (_, i) => doc.metrics[m].min + ((doc.metrics[m].max - doc.metrics[m].min) * (i % 997)) / 997);
      doc.metrics[m].n = n;
    }
    const big = join(tmp.dir, "big.json");
    writeFileSync(big, JSON.stringify(doc));
    const chart = runCli(["chart", big, "--kind", "distribution", "--metric", "downtime_s", "--out", join(tmp.dir, "big.vl.json")]);
    expect(chart.stderr).not.toMatch(STACK_TRACE);
    expect(chart.status, chart.stderr).toBe(0);
    const report = runCli(["report", big, "--out", join(tmp.dir, "big.html")]);
    expect(report.stderr).not.toMatch(STACK_TRACE);
    expect(report.status, report.stderr).toBe(0);
  });
});

describe("trace's small ones", { timeout: CLI_TIMEOUT_MS }, () => {
  it("--events dwon says that no record has it", () => {
    const r = runCli(["trace", "scenarios/a1-single-component.yaml", "--events", "dwon", "--horizon", "5000h"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^ftsim: note: --events: no record of this replication has the event "dwon"; did you mean "down"\?/);
  });

  it("--components that match no component say so, with a did-you-mean; patterns that match stay quiet", () => {
    const r = runCli(["trace", "scenarios/a1-single-component.yaml", "--components", "untit,unit*", "--horizon", "5000h"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^ftsim: note: --components: "untit" matched no component with a record in this replication; did you mean "unit/);
    expect(r.stderr).not.toMatch(/"unit\*"/);
  });

  it("accepts the --max-events that the event-limit message tells trace users to pass", () => {
    const r = runCli(["trace", "scenarios/a1-single-component.yaml", "--max-events", "10"]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/event limit reached: more than 10 events.*no trace written/);
  });
});
