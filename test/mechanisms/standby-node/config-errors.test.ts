import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioText } from "../../../src/run/load.js";
import { scenarioErrorOf as errorOf } from "../../support/scenarios.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

/** A valid scenario; each test breaks one line of the mechanism entry (lines 22 on). */
const GOOD = `name: t
horizon: 1y
components:
  - name: cpu
    kind: processor
    count: 3
    mttf: 1y
    mttr: 4h
  - name: iodom
    count: 2
    mttf: 1y
    mttr: 4h
  - name: disk
    mttf: 1y
    mttr: 4h
  - {name: xbar, kind: switch}
  - {name: cpu-port, kind: link, count: 3, connects: [cpu, xbar], network: fabric}
  - {name: io-port, kind: link, count: 2, connects: [iodom, xbar], network: fabric}
mechanisms:
  - type: standby-node
    name: ftc
    nodes: cpu
    io_domains: iodom
    fabric: fabric
service: ftc
`;

describe("standby-node config errors", () => {
  it("the valid scenario loads", () => {
    expect(() => loadScenarioText(GOOD, "s.yaml")).not.toThrow();
  });

  it("a node that does not exist: did-you-mean, at its line", () => {
    expect(errorOf(GOOD.replace("nodes: cpu", "nodes: cpus"))).toMatch(/^s\.yaml:22:\d+: mechanisms\.0\.nodes: no component named "cpus"; did you mean "cpu"\?/);
  });

  it("a node listed twice, at the second reference", () => {
    expect(errorOf(GOOD.replace("nodes: cpu", 'nodes: [cpu, "cpu[1]"]'))).toMatch(/^s\.yaml:22:\d+: mechanisms\.0\.nodes\.1: cpu\[1\] is listed twice in nodes/);
  });

  it("not exactly two IO domains", () => {
    expect(errorOf(GOOD.replace("io_domains: iodom", 'io_domains: ["iodom[0]"]'))).toMatch(
      /^s\.yaml:23:\d+: mechanisms\.0\.io_domains: standby-node needs exactly two IO domains .*got 1/,
    );
  });

  it("a node that is not a processor", () => {
    expect(errorOf(GOOD.replace("nodes: cpu", 'nodes: ["cpu[0]", disk]'))).toMatch(/mechanisms\.0\.nodes\.1: disk is a component, not a processor/);
  });

  it("a fabric name that is not a network: did-you-mean", () => {
    expect(errorOf(GOOD.replace("fabric: fabric", "fabric: fabrc"))).toMatch(/^s\.yaml:24:\d+: mechanisms\.0\.fabric: no network named "fabrc"; did you mean "fabric"\?/);
  });

  it("a node not connected to the fabric", () => {
    const text = GOOD.replace("count: 3, connects: [cpu, xbar]", 'count: 2, connects: ["cpu[0]", xbar]').replace(
      "  - {name: io-port",
      '  - {name: cpu-port-1, kind: link, connects: ["cpu[1]", xbar], network: fabric}\n  - {name: io-port',
    );
    expect(errorOf(text)).toMatch(/mechanisms\.0\.nodes: cpu\[2\] is not connected to the fabric "fabric"/);
  });

  it("an IO domain not connected to the fabric", () => {
    expect(errorOf(GOOD.replace("io_domains: iodom", 'io_domains: ["iodom[0]", disk]'))).toMatch(
      /mechanisms\.0\.io_domains\.1: disk is not connected to the fabric "fabric"/,
    );
  });

  it("precision or recall outside (0, 1]", () => {
    const zero = GOOD.replace("    fabric: fabric\n", "    fabric: fabric\n    predictor: {recall: 0.9, precision: 0, precursor_every: 1y}\n");
    expect(errorOf(zero)).toMatch(/^s\.yaml:25:\d+: mechanisms\.0\.predictor\.precision: precision must be in \(0, 1\]/);
    const big = GOOD.replace("    fabric: fabric\n", "    fabric: fabric\n    predictor: {recall: 1.5, precision: 0.5, precursor_every: 1y}\n");
    expect(errorOf(big)).toMatch(/^s\.yaml:25:\d+: mechanisms\.0\.predictor\.recall: .*1\.5/);
  });

  it("a standby that is not one of the nodes", () => {
    expect(errorOf(GOOD.replace("    fabric: fabric\n", "    fabric: fabric\n    standby: \"iodom[0]\"\n"))).toMatch(/mechanisms\.0\.standby: standby must be one of the nodes/);
  });

  it("coverage < 1 without uncovered_recovery", () => {
    expect(errorOf(GOOD.replace("    fabric: fabric\n", "    fabric: fabric\n    coverage: 0.9\n"))).toMatch(/mechanisms\.0\.coverage: coverage < 1 needs uncovered_recovery/);
  });
});

describe("standby-node config errors from the CLI", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-standby-node-");
  afterAll(() => tmp.cleanup());

  it("ftsim run prints file:line:col: path: message and exits 2, with no stack trace", () => {
    const file = tmp.file("bad.yaml", GOOD.replace("nodes: cpu", "nodes: cpus"));
    const r = runCli(["run", file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toContain(`${file}:22:12: mechanisms.0.nodes: no component named "cpus"; did you mean "cpu"?`);
  });

  it("an impossible predictor is reported the same way", () => {
    const file = tmp.file("bad-precision.yaml", GOOD.replace("    fabric: fabric\n", "    fabric: fabric\n    predictor: {recall: 0.9, precision: 0, precursor_every: 1y}\n"));
    const r = runCli(["run", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:25:\\d+: mechanisms\\.0\\.predictor\\.precision: precision must be in \\(0, 1\\]`, "m"));
  });
});
