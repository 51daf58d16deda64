import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, ROOT, runCli, STACK_TRACE, tempDir, type CliResult } from "./run-cli.js";

// `ftsim sweep`, `ftsim compare` and `--precision`, run as a user would, on the
// scenarios in scenarios/ (with few replications to stay fast). Each spawn pays
// about a second of tsx start-up, so the invocations run three at a time in
// one beforeAll and the tests below read their results.

const SWEEP = "scenarios/sweep-repair.yaml";
const VARIANTS = "scenarios/variants-standby.yaml";
const FAST = ["--replications", "4", "--horizon", "2y"];

const tmp = tempDir("ftsim-workflows-");
afterAll(() => tmp.cleanup());

const badPath = tmp.file("bad.yaml", readFileSync(join(ROOT, SWEEP), "utf8").replace("repair.crews: [1, 2]", "repair.crew: [1, 2]"));
const faster = tmp.file(
  "faster.yaml",
  readFileSync(join(ROOT, "scenarios/a3-k-of-n.yaml"), "utf8").replace("mttr: 1h", "mttr: 30min").replace("name: a3-k-of-n", "name: faster"),
);

const INVOCATIONS = {
  sweepJson: ["sweep", SWEEP, ...FAST, "--format", "json", "--out", join(tmp.dir, "sweep.json")],
  sweepTable: ["sweep", SWEEP, ...FAST],
  sweepCsv: ["sweep", SWEEP, ...FAST, "--format", "csv"],
  sweepMarkdown: ["sweep", VARIANTS, "--replications", "3", "--horizon", "500h", "--format", "markdown", "--precision", "0.1%", "--max-replications", "7"],
  sweepNoSection: ["sweep", "scenarios/quickstart.yaml"],
  compareJson: ["compare", VARIANTS, "--variants", "hot", "cold", ...FAST, "--format", "json"],
  compareTable: ["compare", "scenarios/a3-k-of-n.yaml", faster, "--replications", "5", "--horizon", "20000h", "--seed", "9"],
  compareCsv: ["compare", SWEEP, "--variants", "mttr=8h, crews=1", "mttr=8h, crews=2", ...FAST, "--format", "csv"],
  compareMarkdown: ["compare", VARIANTS, "--variants", "hot", "hot-99", ...FAST, "--format", "markdown"],
  compareUnknown: ["compare", VARIANTS, "--variants", "hot", "clod"],
  runPrecision: ["run", "scenarios/b-active-standby.yaml", "--replications", "4", "--horizon", "2000h", "--precision", "50%", "--precision-metrics", "unavailability", "--format", "json"],
  runStrayFlag: ["run", "scenarios/quickstart.yaml", "--precision-metrics", "mttr_s"],
  runMarkdownSweepFile: ["run", SWEEP, ...FAST, "--format", "markdown"],
  validate: ["validate", SWEEP, VARIANTS, badPath],
} as const;

type Name = keyof typeof INVOCATIONS;
const results = {} as Record<Name, CliResult>;

/** `ftsim <args>` as runCli does it (node + tsx, cwd = the root, pipes), without blocking. */
function runCliAsync(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      timeout: CLI_TIMEOUT_MS - 5_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  const queue = Object.keys(INVOCATIONS) as Name[];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) results[name] = await runCliAsync(INVOCATIONS[name]);
  };
  await Promise.all([worker(), worker(), worker()]);
}, 4 * CLI_TIMEOUT_MS);

function ok(name: Name): string {
  const r = results[name];
  expect(r.stderr, name).toBe("");
  expect(r.status, name).toBe(0);
  return r.stdout;
}

function badInput(name: Name): string {
  const r = results[name];
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(STACK_TRACE);
  return r.stderr;
}

describe("ftsim sweep", () => {
  it("json: one ftsim.result/v1 with the sweep and its points, written atomically to --out", () => {
    expect(ok("sweepJson")).toBe("");
    const doc = JSON.parse(readFileSync(join(tmp.dir, "sweep.json"), "utf8"));
    expect(doc).toMatchObject({ schema: "ftsim.result/v1", outcome: "ok", seed: 1, replications: 4, metrics: {}, values: {} });
    expect(doc.sweep).toEqual({ kind: "grid", parameters: ["components.unit.mttr", "repair.crews"] });
    expect(doc.points).toHaveLength(6);
    expect(doc.points[0]).toMatchObject({ name: "mttr=4h, crews=1", params: { "components.unit.mttr": 14_400, "repair.crews": 1 } });
    expect(doc.points[0].values.availability).toHaveLength(4);
    expect(doc.reproduce).toBe(`ftsim sweep ${SWEEP} --seed 1 --replications 4 --horizon 2y`);
  });

  it("table: the points and their parameters, then a row per metric and point", () => {
    const out = ok("sweepTable");
    expect(out).toMatch(/^sweep {2}sweep-repair \(scenarios\/sweep-repair\.yaml\): grid over components\.unit\.mttr, repair\.crews, 6 points\n/);
    expect(out).toMatch(/^mttr=16h, crews=2 +57600 +2$/m);
    expect(out).toMatch(/^availability +mttr=4h, crews=1 +[\d.]+ +\[[\d.]+, [\d.]+\]/m);
    expect(out).toMatch(/\nreproduce: ftsim sweep scenarios\/sweep-repair\.yaml --seed 1 --replications 4 --horizon 2y\n$/);
  });

  it("csv: a row per point and metric, parameters as columns", () => {
    const lines = ok("sweepCsv").trimEnd().split("\n");
    expect(lines[0]).toBe("point,components.unit.mttr,repair.crews,metric,unit,mean,stddev,ci95_lo,ci95_hi,min,max,p50,p90,p99,n,censored,estimator");
    expect(lines.find((l) => l.startsWith('"mttr=4h, crews=1",14400,1,availability,fraction,'))).toBeDefined();
  });

  it("markdown, with a precision target that hits the cap: every point gets the same batches", () => {
    const out = ok("sweepMarkdown");
    expect(out).toMatch(/^## variants-standby: sweep\n/);
    expect(out).toMatch(/3 points; seed 1, 7 replications, horizon 20\.8333 d per point\n\nprecision 0\.1% on unavailability, mttr_s: NOT met; the cap of 7 replications was reached/);
    expect(out).toMatch(/^\| point \| mechanisms\.pair\.standby \| mechanisms\.pair\.coverage \|$/m);
    expect(out).toMatch(/^\| cold \| cold \| 0\.95 \|$/m);
    expect(out).toMatch(/^\| unavailability \| hot-99 \| [\d.]+ \| \[[\d.]+, [\d.]+\] \| [\d.e-]+ \| 7 \| fraction \|$/m);
  });

  it("refuses a file without a sweep section (exit 2)", () => {
    expect(badInput("sweepNoSection")).toMatch(/^ftsim: scenarios\/quickstart\.yaml has no sweep: section; .* use ftsim run\n$/);
  });

});

describe("ftsim compare", () => {
  it("json: an ftsim.compare/v1 with the paired difference of every shared metric", () => {
    const doc = JSON.parse(ok("compareJson"));
    expect(doc).toMatchObject({ schema: "ftsim.compare/v1", outcome: "ok", seed: 1, replications: 4, a: { label: "hot" }, b: { label: "cold" } });
    const m = doc.metrics.availability;
    expect(doc.metrics.mttr_s.method).toBe("paired-pooled-ratio");
    expect(Object.keys(m)).toEqual(["method", "unit", "a", "b", "difference", "stddev", "ci95", "n", "significant", "p_value", "unpaired"]);
    expect(m.n).toBe(4);
    expect(m.significant).toBe(m.ci95[0] > 0 || m.ci95[1] < 0);
    expect(doc.reproduce).toBe(`ftsim compare ${VARIANTS} --variants hot cold --seed 1 --replications 4 --horizon 2y`);
  });

  it("table: two files, B run with A's seed and replications", () => {
    const out = ok("compareTable");
    expect(out).toMatch(/^compare {2}A = a3-k-of-n \(scenarios\/a3-k-of-n\.yaml\)\n {9}B = faster \(/);
    expect(out).toMatch(/^seed 9, 5 paired replications$/m);
    expect(out).toMatch(/^unavailability +[\d.e-]+ +[\d.e-]+ +-[\d.e-]+ \(-[\d.]+%\) +\[-[\d.e-]+, -?[\d.e-]+\] +[\d.e-]+ +(yes|no) /m);
  });

  it("csv: one row per metric, every figure at full precision", () => {
    const lines = ok("compareCsv").trimEnd().split("\n");
    expect(lines[0]).toBe("metric,unit,method,a,b,difference,stddev,ci95_lo,ci95_hi,n,significant,p_value,unpaired_difference,unpaired_ci95_lo,unpaired_ci95_hi,unpaired_df");
    expect(lines.some((l) => /^mttr_s,s,paired-pooled-ratio,[\d.e-]+,[\d.e-]+,/.test(l))).toBe(true);
  });

  it("markdown: a heading and a GFM table", () => {
    const out = ok("compareMarkdown");
    expect(out).toMatch(/^## hot vs hot-99\n\nA = hot \(scenarios\/variants-standby\.yaml\), B = hot-99 \(scenarios\/variants-standby\.yaml\); seed 1, 4 paired replications\n/);
    expect(out).toMatch(/^\| pair\.uncovered_failures \| [\d.]+ \| [\d.]+ \| -[\d.]+ \(-[\d.]+%\) \| /m);
  });

  it("refuses an unknown variant with a did-you-mean (exit 2)", () => {
    expect(badInput("compareUnknown")).toBe(`ftsim: --variants: ${VARIANTS} has no point named "clod"; did you mean "cold"?\n`);
  });
});

describe("ftsim run: precision, markdown, sweep files; ftsim validate", () => {
  it("--precision records how the run stopped, and the reproduce line repeats the flags", () => {
    const doc = JSON.parse(ok("runPrecision"));
    expect(doc.precision).toEqual({ target: 0.5, metrics: ["unavailability"], achieved: true, replications: 4, reason: expect.stringContaining("within 50% of its mean after 4 replications") });
    expect(doc.reproduce).toBe("ftsim run scenarios/b-active-standby.yaml --seed 1 --replications 4 --horizon 2000h --precision 50% --precision-metrics unavailability");
  });

  it("refuses --precision-metrics without --precision (exit 2)", () => {
    expect(badInput("runStrayFlag")).toBe("ftsim: --precision-metrics needs --precision (a target such as --precision 1%)\n");
  });

  it("run --format markdown prints GFM tables; on a sweep file it runs the scenario as written and says so", () => {
    const out = ok("runMarkdownSweepFile");
    expect(out).toMatch(/^## sweep-repair\n\n`scenarios\/sweep-repair\.yaml`: seed 1, 4 replications, horizon 2 y\n/);
    expect(out).toMatch(/^\| metric \| mean \| 95% CI \| stddev \| p50 \| p99 \| n \| unit \|\n\| --- \|/m);
    expect(out).toMatch(/\nReproduce: `ftsim run scenarios\/sweep-repair\.yaml --seed 1 --replications 4 --horizon 2y`\n/);
    expect(out).toMatch(/\nnote: scenarios\/sweep-repair\.yaml has a sweep: section \(6 points\); `ftsim run` ran the scenario as written, without it; `ftsim sweep scenarios\/sweep-repair\.yaml` runs every point\n$/);
  });

  it("validate checks every point, counts them, and reports a bad sweep path at its line:col with a did-you-mean (exit 2)", () => {
    const r = results.validate;
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(`${SWEEP}: ok (3 components, 0 mechanisms, a sweep of 6 points)\n${VARIANTS}: ok (2 components, 1 mechanism, a sweep of 3 points)\n`);
    const line = readFileSync(badPath, "utf8").split("\n").findIndex((l) => l.includes("repair.crew:")) + 1;
    expect(r.stderr).toBe(`${badPath}:${line}:5: sweep.grid["repair.crew"]: no key "crew" in repair; did you mean "crews"?\n`);
  });
});

describe("ftsim sweep's table and the note on a left-out mechanism", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-sweep-note-");
  afterAll(() => tmp.cleanup());

  it("ends with the note, naming the point, as run's table does", () => {
    const file = tmp.file(
      "sweep.yaml",
      `name: unmeasured
horizon: 100h
replications: 2
components:
  - { name: unit, count: 2, mttf: 100h, mttr: 4h }
mechanisms:
  - { type: active-standby, name: pair, units: unit }
service: pair
sweep:
  variants:
    - { name: as-written }
    - { name: one-unit, set: { service: "unit[0]" } }
`,
    );
    const r = runCli(["sweep", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('\nnote: in sweep point "one-unit": mechanism "pair" is not part of `service:`');
    expect(runCli(["sweep", file, "--format", "json"]).stdout).not.toContain("note:");
  });
});
