/**
 * `ftsim baseline` and `ftsim check` as CI runs them: a baseline of a scenario
 * in a temporary directory, then checks of unchanged and changed copies.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAll, readXml } from "../report/xml-reader.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir, type CliResult } from "./run-cli.js";

/** Two components in series; every outage is one unit's repair, so MTTR follows the repair times. */
const SCENARIO = `name: gate
seed: 5
replications: 8
horizon: 20000h
components:
  - name: cpu
    mttf: 1000h
    mttr: 10h
  - name: disk
    mttf: 3000h
    mttr: 30h
service:
  series: [cpu, disk]
`;

describe("ftsim baseline and check", { timeout: CLI_TIMEOUT_MS }, () => {
  const t = tempDir("ftsim-check-");
  const path = (...parts: string[]) => join(t.dir, ...parts);
  const copy = (dir: string, text: string) => {
    mkdirSync(path(dir), { recursive: true });
    return t.file(join(dir, "gate.yaml"), text);
  };
  let original: string;
  let baseline: CliResult;
  let unchanged: CliResult;
  let slower: CliResult;
  let small: CliResult;

  beforeAll(() => {
    original = t.file("gate.yaml", SCENARIO);
    // Every repair 20% longer.
    const slow = copy("slow", SCENARIO.replace("mttr: 10h", "mttr: 12h").replace("mttr: 30h", "mttr: 36h"));
    // The CPU's repair 1% longer: every outage metric moves by well under 5%.
    const slightly = copy("small", SCENARIO.replace("mttr: 10h", "mttr: 10.1h"));
    baseline = runCli(["baseline", original, "--out", path("baseline.json"), "--tolerance", "availability=-0.0001"]);
    // No files: the baseline's own, from the paths it was made from (which must lie inside the working directory).
    unchanged = runCli(["check", "--baseline", path("baseline.json"), "--format", "json"], { cwd: t.dir });
    slower = runCli(["check", slow, "--baseline", path("baseline.json"), "--markdown", path("summary.md"), "--junit", path("junit.xml")]);
    small = runCli(["check", slightly, "--baseline", path("baseline.json"), "--tolerance", "*=5%", "--tolerance", "availability=-0.001"]);
  }, 5 * CLI_TIMEOUT_MS);
  afterAll(() => t.cleanup());

  describe("baseline", () => {
    it("exits 0 and says what it wrote", () => {
      expect(baseline.stderr).toBe("");
      expect(baseline.status).toBe(0);
      expect(baseline.stdout).toBe(`wrote ${path("baseline.json")}: 1 scenario\n  gate (${original}): seed 5, 8 replications, 8 metrics\n`);
    });

    it("writes an ftsim.baseline/v1 document with summaries, per-replication values and the tolerances given", () => {
      const doc = JSON.parse(readFileSync(path("baseline.json"), "utf8"));
      expect(doc).toMatchObject({ schema: "ftsim.baseline/v1", tolerances: { availability: "-0.0001" }, directions: {} });
      const [entry] = doc.scenarios;
      expect(entry).toMatchObject({ scenario: { name: "gate", file: original }, seed: 5, replications: 8, horizon_s: 20_000 * 3600 });
      expect(entry.scenario.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(entry.values.mttr_s).toHaveLength(8);
      expect(entry.metrics.mttr_s.mean).toBeGreaterThan(0);
    });
  });

  describe("an unchanged scenario", () => {
    it("passes with exit 0: paired by replication, every difference exactly 0", () => {
      expect(unchanged.stderr).toBe("");
      expect(unchanged.status).toBe(0);
      const report = JSON.parse(unchanged.stdout);
      expect(report).toMatchObject({ schema: "ftsim.check/v1", outcome: "pass", not_checked: [] });
      const rows = report.scenarios[0].rows as { verdict: string; test: string; change: number }[];
      expect(rows.length).toBe(8);
      expect(rows.every((r) => r.verdict === "ok" && r.test === "identical" && r.change === 0)).toBe(true);
    });
  });

  describe("every repair time raised by 20% in a copy", () => {
    it("exits 1", () => {
      expect(slower.stderr).toBe("");
      expect(slower.status).toBe(1);
    });

    it("prints a table whose mttr_s row shows the change and the verdict regressed", () => {
      expect(slower.stdout).toMatch(/^mttr_s\s+lower\s+[\d.]+\s+[\d.]+\s+\+[\d.]+\s+\+(19|20|21)(\.\d+)?%\s+0\s+paired-ratio\s+<0\.0001\s+regressed\s+h$/m);
    });

    it("flags the changed scenario file and names every regression at the end", () => {
      expect(slower.stdout).toContain(`SCENARIO CHANGED: ${path("slow", "gate.yaml")} differs from the file the baseline was made from`);
      expect(slower.stdout).toMatch(/\nFAIL: \d+ metrics regressed in 1 of 1 scenario:\n(?: {2}gate: .*\n)*? {2}gate: mttr_s /);
    });

    it("keeps the baseline's availability tolerance -0.0001 (and still fails it: the change is larger)", () => {
      expect(slower.stdout).toMatch(/^availability\s+higher\s+.*\s-0\.0001\s+paired-t\s+\S+\s+regressed\s+fraction$/m);
    });

    it("writes a Markdown summary with the verdict first and the regression at the top of the table", () => {
      const md = readFileSync(path("summary.md"), "utf8");
      expect(md.split("\n")[1]).toMatch(/^### ❌ ftsim check: FAIL: \d+ metrics regressed in 1 of 1 scenario$/);
      const firstRow = md.split("\n").find((l) => l.startsWith("| ❌"));
      expect(firstRow).toMatch(/\| \*\*regressed\*\* \|$/);
      expect(md).toMatch(/^\| ❌ \| gate \| `mttr_s` \|/m);
    });

    it("writes a well-formed JUnit report with a failure for mttr_s", () => {
      const root = readXml(readFileSync(path("junit.xml"), "utf8"));
      const failed = findAll(root, "testcase").filter((c) => findAll(c, "failure").length > 0);
      expect(failed.map((c) => c.attributes.name)).toContain("mttr_s");
      expect(root.attributes.failures).toBe(String(failed.length));
    });

    it("leaves no temporary files behind (written atomically)", () => {
      expect(readdirSync(t.dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });
  });

  describe("a check that cannot finish (a run hits the event limit)", () => {
    it("exits 3 and still writes the Markdown and JUnit files, saying why", () => {
      const capped = copy("capped", SCENARIO.replace("replications: 8", "replications: 8\nlimits: { max_events: 50 }"));
      const r = runCli(["check", capped, "--baseline", path("baseline.json"), "--markdown", path("capped.md"), "--junit", path("capped.xml")]);
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(readFileSync(path("capped.md"), "utf8")).toMatch(/^## ftsim check: stopped\n\nthe check could not finish: .*event limit/);
      const root = readXml(readFileSync(path("capped.xml"), "utf8"));
      expect(root.attributes.errors).toBe("1");
      expect(findAll(root, "error")[0]!.attributes.message).toMatch(/event limit/);
    });
  });

  describe("a change smaller than its tolerance", () => {
    it("passes with exit 0, the metrics changed within tolerance", () => {
      expect(small.stderr).toBe("");
      expect(small.status).toBe(0);
      expect(small.stdout).toMatch(/^mttr_s\s+lower\s+.*\s5%\s+paired-ratio\s+\S+\s+(changed-within-tolerance|not-significant)\s+h$/m);
      expect(small.stdout).toMatch(/^availability\s+higher\s+.*\s-0\.001\s+paired-t/m);
      expect(small.stdout).toMatch(/\nPASS: no regression in 1 scenario\n$/);
    });
  });

  describe("bad input (exit 2, no stack trace)", () => {
    const bad = (r: CliResult, message: string | RegExp) => {
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.stderr).toMatch(message);
    };

    it("a scenario that is not in the baseline, with a did-you-mean; --allow-new reports it instead", () => {
      const other = copy("other", SCENARIO.replace("name: gate", "name: gat"));
      bad(
        runCli(["check", other, "--baseline", path("baseline.json")]),
        `ftsim: ${other}: scenario "gat" is not in the baseline ${path("baseline.json")} (did you mean "gate"?); add it with ftsim baseline, or pass --allow-new`,
      );
      const allowed = runCli(["check", other, "--baseline", path("baseline.json"), "--allow-new"]);
      expect(allowed.status).toBe(0);
      expect(allowed.stdout).toContain(`scenario  gat (${other}): not in the baseline (new; not compared)`);
      expect(allowed.stdout).toContain("in the baseline but not checked: gate");
    });

    // (Malformed tolerances and baseline files are covered by test/report and test/run; one spawn each here.)
    it("a misspelt metric in a tolerance", () => {
      bad(runCli(["check", original, "--baseline", path("baseline.json"), "--tolerance", "mtr_s=+5%"]), /--tolerance mtr_s=\+5%: no metric named "mtr_s" .*\(did you mean "mttr_s"\?\)/);
    });

    it("a baseline file that is missing", () => {
      bad(runCli(["check", original, "--baseline", path("nope.json")]), `ftsim: cannot read baseline ${path("nope.json")}: no such file`);
    });
  });
});
