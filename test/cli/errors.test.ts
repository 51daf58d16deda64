import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, ROOT, runCli, STACK_TRACE, tempDir, type CliResult } from "./run-cli.js";

// DESIGN.md: exit code 2 for bad input (scenario or flags), with a short
// message on stderr that points at the problem and no stack trace.

const GOOD = `name: tiny
horizon: 1y
components:
  - name: a
    mttf: 1y
    mttr: 1h
`;

const tmp = tempDir("ftsim-errors-");
afterAll(() => tmp.cleanup());

/** Asserts the shape every bad-input failure shares, and returns stderr. */
function expectBadInput(r: CliResult): string {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trim()).not.toBe("");
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr.split("\n").length).toBeLessThanOrEqual(6);
  return r.stderr;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("bad scenario files", { timeout: CLI_TIMEOUT_MS }, () => {
  it("a wrong type is reported at file:line:col with the key's name", () => {
    const file = tmp.file("wrong-type.yaml", GOOD + "replications: many\n");
    const err = expectBadInput(runCli(["run", file]));
    expect(err).toMatch(new RegExp(`^${escape(file)}:7:\\d+: replications: .*many`, "m"));
  });

  it("an unknown key is reported at its line with a did-you-mean", () => {
    const file = tmp.file("unknown-key.yaml", GOOD.replace("horizon: 1y", "horizn: 1y"));
    const err = expectBadInput(runCli(["run", file]));
    expect(err).toMatch(new RegExp(`^${escape(file)}:2:1: .*"horizn".*did you mean "horizon"`, "m"));
  });

  it("a duration with an unknown unit is reported at its line with the unit", () => {
    const file = tmp.file("bad-unit.yaml", GOOD.replace("horizon: 1y", "horizon: 10 parsecs"));
    const err = expectBadInput(runCli(["run", file]));
    expect(err).toMatch(new RegExp(`^${escape(file)}:2:\\d+: horizon: .*parsecs`, "m"));
  });

  it("a misspelt mechanism type suggests the right one", () => {
    const file = tmp.file(
      "bad-mechanism.yaml",
      GOOD.replace("  - name: a\n", "  - name: a\n    count: 2\n") +
        "mechanisms:\n  - type: active-stanby\n    name: pair\n    units: a\nservice: pair\n",
    );
    const err = expectBadInput(runCli(["run", file]));
    expect(err).toMatch(new RegExp(`^${escape(file)}:9:\\d+: mechanisms\\.0\\.type: .*did you mean "active-standby"`, "m"));
  });

  it("a service structure naming a missing component is reported at that line with a suggestion", () => {
    const file = tmp.file(
      "bad-reference.yaml",
      "name: tiny\nhorizon: 1y\ncomponents:\n  - name: lb\n    mttf: 1y\n    mttr: 1h\n  - name: web\n    mttf: 1y\n    mttr: 1h\nservice: {series: [lb, webb]}\n",
    );
    const err = expectBadInput(runCli(["run", file]));
    expect(err).toMatch(new RegExp(`^${escape(file)}:10:\\d+: service\\.series\\.1: .*"webb".*did you mean "web"`, "m"));
  });

  it("a missing file is named in the message", () => {
    const file = join(tmp.dir, "does-not-exist.yaml");
    const err = expectBadInput(runCli(["run", file]));
    expect(err).toContain(file);
    expect(err).toMatch(/no such file/i);
  });

  it("an empty file says it is empty", () => {
    const file = tmp.file("empty.yaml", "");
    const err = expectBadInput(runCli(["run", file]));
    expect(err).toContain(file);
    expect(err).toMatch(/empty/);
  });

  it("a directory says it is a directory", () => {
    const dir = join(tmp.dir, "a-directory.yaml");
    mkdirSync(dir);
    const err = expectBadInput(runCli(["run", dir]));
    expect(err).toContain(dir);
    expect(err).toMatch(/directory/);
  });

  it("a YAML syntax error is reported at file:line:col", () => {
    const file = tmp.file("syntax.yaml", GOOD + "service: [a\n");
    const err = expectBadInput(runCli(["run", file]));
    expect(err).toMatch(new RegExp(`^${escape(file)}:\\d+:\\d+: `, "m"));
  });
});

describe("bad flags", { timeout: CLI_TIMEOUT_MS }, () => {
  const run = (...flags: string[]) => runCli(["run", "scenarios/quickstart.yaml", ...flags]);

  it("--replications 0 names the flag and the value", () => {
    const err = expectBadInput(run("--replications", "0"));
    expect(err).toMatch(/--replications.*"0"/);
  });

  it("--horizon abc names the flag and the value", () => {
    const err = expectBadInput(run("--horizon", "abc"));
    expect(err).toMatch(/--horizon.*"abc"/);
  });

  it("--format xml names the allowed choices", () => {
    const err = expectBadInput(run("--format", "xml"));
    expect(err).toMatch(/xml/);
    expect(err).toMatch(/table.*json.*csv/);
  });

  it("an unknown option is named", () => {
    const err = expectBadInput(run("--frobnicate"));
    expect(err).toMatch(/unknown option '--frobnicate'/);
  });

  it("an unknown command is named, with a suggestion when one is close", () => {
    const err = expectBadInput(runCli(["runn", "scenarios/quickstart.yaml"]));
    expect(err).toMatch(/unknown command 'runn'/);
    expect(err).toMatch(/Did you mean run\?/);
  });

  it("no command at all prints the usage on stderr and exits 2", () => {
    const r = runCli([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Usage: ftsim/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("run without a file names the missing argument", () => {
    const err = expectBadInput(runCli(["run"]));
    expect(err).toMatch(/missing required argument 'file'/);
  });

  // Known bug (reported to the lead): an unwritable --out path is an
  // internal error (exit 70, stack trace) after the whole run. Un-skip when fixed.
  it("--out into a directory that does not exist exits 2 without a stack trace", () => {
    const err = expectBadInput(run("--replications", "2", "--out", join(tmp.dir, "no-such-dir", "r.json")));
    expect(err).toContain("no-such-dir");
  });
});

describe("ftsim validate", { timeout: CLI_TIMEOUT_MS }, () => {
  it("every file in scenarios/ is ok", () => {
    const files = readdirSync(join(ROOT, "scenarios")).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => `scenarios/${f}`);
    expect(files.length).toBeGreaterThan(0);
    const r = runCli(["validate", ...files]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    for (const f of files) expect(r.stdout).toContain(`${f}: ok`);
  });

  it("a bad file exits 2 with its file:line:col", () => {
    const file = tmp.file("validate-bad.yaml", GOOD + "replications: many\n");
    const err = expectBadInput(runCli(["validate", file]));
    expect(err).toMatch(new RegExp(`^${escape(file)}:7:\\d+: replications`, "m"));
  });

  it("reports every bad file when given several, and still exits 2", () => {
    const a = tmp.file("validate-bad-a.yaml", GOOD + "replications: many\n");
    const b = tmp.file("validate-bad-b.yaml", GOOD.replace("horizon: 1y", "horizn: 1y"));
    const r = runCli(["validate", "scenarios/quickstart.yaml", a, b]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(a);
    expect(r.stderr).toContain(b);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe("a closed stderr", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-stderr-");
  afterAll(() => tmp.cleanup());

  it("does not turn the command's status into a crash's (validate of a bad scenario stays 2)", () => {
    const file = tmp.file("bad.yaml", "name: x\nbogus: 1\n");
    const script = `"${process.execPath}" --import tsx src/cli/main.ts validate "${file}" 2>&1 >/dev/null | true; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", timeout: CLI_TIMEOUT_MS - 5_000 });
    expect(r.stdout).toContain("status=2");
  });
});
