/**
 * Bounded resources and strict inputs as a user meets them on the command
 * line (docs/robustness.md): caps on replications, the limits' environment
 * variables, a hostile baseline.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir, type CliResult } from "./run-cli.js";

const tmp = tempDir("ftsim-bounds-");
afterAll(() => tmp.cleanup());

function expectBadInput(r: CliResult, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.status).toBe(2);
}

describe("replication caps", { timeout: CLI_TIMEOUT_MS }, () => {
  it("refuses --replications 1e9 at once", () => {
    expectBadInput(runCli(["run", "scenarios/a1-single-component.yaml", "--replications", "1e9"]), /^ftsim: --replications: at most 1000000 replications are allowed \(set FTSIM_MAX_REPLICATIONS to raise the limit\), got 1000000000\n$/);
  });

  it("refuses --max-replications 1e9", () => {
    expectBadInput(runCli(["run", "scenarios/a1-single-component.yaml", "--precision", "5%", "--max-replications", "1e9"]), /--max-replications: at most 1000000 replications/);
  });

  it("follows FTSIM_MAX_REPLICATIONS, and refuses a bad value of it", () => {
    expectBadInput(runCli(["run", "scenarios/a1-single-component.yaml", "--replications", "20"], { env: { FTSIM_MAX_REPLICATIONS: "10" } }), /at most 10 replications/);
    expectBadInput(runCli(["validate", "scenarios/a1-single-component.yaml"], { env: { FTSIM_MAX_REPLICATIONS: "lots" } }), /^ftsim: FTSIM_MAX_REPLICATIONS: expected a positive integer such as 1000000 or 1e6, got "lots"/);
  });
});

describe("the other limits' environment variables", { timeout: CLI_TIMEOUT_MS }, () => {
  it("FTSIM_MAX_INSTANCES and FTSIM_MAX_INPUT_BYTES", () => {
    expectBadInput(runCli(["validate", "scenarios/quickstart.yaml"], { env: { FTSIM_MAX_INSTANCES: "3" } }), /component instances in all; at most 3 are allowed/);
    expectBadInput(runCli(["validate", "scenarios/quickstart.yaml"], { env: { FTSIM_MAX_INPUT_BYTES: "100" } }), /the file is \d+ bytes; the limit is 100 bytes/);
  });
});

describe("a hostile baseline", { timeout: CLI_TIMEOUT_MS }, () => {
  const doc = JSON.parse(readFileSync("ci/baseline.json", "utf8"));
  const entry = doc.scenarios[0];

  it("naming /proc/self/environ as its scenario is refused, and nothing of the environment is printed", () => {
    const path = tmp.file("environ.json", JSON.stringify({ ...doc, scenarios: [{ ...entry, scenario: { ...entry.scenario, file: "/proc/self/environ" } }] }));
    const r = runCli(["check", "--baseline", path], { env: { FTSIM_SECRET_PROBE: "s3cr3t" } });
    expectBadInput(r, /names the scenario file "\/proc\/self\/environ", which is not a \.yaml, \.yml or \.json file/);
    expect(r.stderr + r.stdout).not.toContain("s3cr3t");
  });

  it("with one value where it says 30 replications fails with exit 2", () => {
    const path = tmp.file("short.json", JSON.stringify({ ...doc, scenarios: [{ ...entry, values: { ...entry.values, availability: [0.99] } }] }));
    expectBadInput(runCli(["check", "scenarios/a1-single-component.yaml", "--baseline", path]), /values\.availability: expected 30 values/);
  });

  it("--tolerance __proto__=5% is reported, not silently ignored; +1e309% is refused", () => {
    expectBadInput(runCli(["check", "scenarios/a1-single-component.yaml", "--baseline", "ci/baseline.json", "--tolerance", "__proto__=5%"]), /__proto__/);
    expectBadInput(runCli(["check", "scenarios/a1-single-component.yaml", "--baseline", "ci/baseline.json", "--tolerance", "mttr_s=+1e309%"]), /not a finite number/);
  });
});

