/**
 * A bare number for a duration, size or rate is an input error with a hint
 * (a new user's `mttf: 8760`, meant as hours, was read as 8760 s and gave
 * availability 0.79 without a word); legal settings that are almost always
 * a mistake get a note from `validate` and `run`, which still succeed.
 */
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "./run-cli.js";

const tmp = tempDir("ftsim-bare-");
afterAll(() => tmp.cleanup());

const scenario = (fields: string) => `name: t
horizon: 1y
replications: 2
components:
  - name: a
${fields}`;

describe("bare numbers", { timeout: CLI_TIMEOUT_MS }, () => {
  it("mttf: 8760 is an error at its line, with a hint to write a unit (exit 2)", () => {
    const file = tmp.file("bare.yaml", scenario("    mttf: 8760\n    mttr: 8h\n"));
    const r = runCli(["validate", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`:6:\\d+: components\\.0\\.mttf: .*got 8760 \\(a duration needs a unit: write 8760h, 8760s or 1y\\)`));
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("is an error in a sweep's values and in a CLI flag, but 0 is accepted", () => {
    const swept = tmp.file("sweep.yaml", scenario("    mttf: 1000h\n    mttr: 8h\n") + "sweep:\n  grid:\n    components.a.mttr: [4, 8h]\n");
    const r = runCli(["validate", swept]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a duration needs a unit: write 4h, 4s or 4min/);
    const ok = tmp.file("ok.yaml", scenario("    mttf: 1000h\n    mttr: 8h\n") + "warmup: 0\n");
    expect(runCli(["validate", ok]).status).toBe(0);
    const flag = runCli(["run", ok, "--horizon", "8760"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/--horizon.*a duration needs a unit: write 8760h, 8760s or 1y/);
  });
});

describe("sanity notes", { timeout: CLI_TIMEOUT_MS }, () => {
  it("validate and run note an MTTF shorter than its MTTR, and still succeed", () => {
    const file = tmp.file("short.yaml", scenario("    mttf: 10s\n    mttr: 8h\n"));
    const v = runCli(["validate", file]);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/note: component "a": its mean time to failure \(10s\) is shorter than its mean time to repair \(8h\)/);
    const r = runCli(["run", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/note: component "a": its mean time to failure/);
  });

  it("note a horizon in which less than half a failure is expected (not merely shorter than each MTTF)", () => {
    const file = tmp.file("horizon.yaml", scenario("    mttf: 10y\n    mttr: 8h\n"));
    const v = runCli(["validate", file]);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/note: the horizon \(1y\) is short against the components' lives \(the shortest mean time to failure is 10y\): about 0\.10 failures are expected per replication/);
    const fine = tmp.file("fine.yaml", scenario("    mttf: 1000h\n    mttr: 8h\n"));
    expect(runCli(["validate", fine]).stdout).not.toMatch(/note:/);
    // A hundred of them fail about ten times a year between them: no note (a RAID pool of long-lived disks).
    const many = tmp.file("many.yaml", scenario("    count: 100\n    mttf: 10y\n    mttr: 8h\n"));
    expect(runCli(["validate", many]).stdout).not.toMatch(/note:/);
  });

  it("note a heartbeat timeout shorter than the path's latency", () => {
    const file = tmp.file(
      "heartbeat.yaml",
      `name: t
horizon: 1y
replications: 2
components:
  - { name: cpu, kind: processor, count: 2, mttf: 1000h, mttr: 1h }
  - { name: bus, kind: switch }
  - { name: port, kind: link, count: 2, connects: [cpu, bus], network: lan, latency: 2s }
mechanisms:
  - { type: ras-fallback, name: ras, processes: cpu, network: lan, period: 1s, timeout: 3s }
service: ras
`,
    );
    const v = runCli(["validate", file]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/note: mechanism "ras": the heartbeat timeout \(3 s\) is not longer than the latency of the path between its processes \(4 s\)/);
  });
});
