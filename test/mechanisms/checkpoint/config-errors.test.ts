import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioText } from "../../../src/run/load.js";
import { scenarioErrorOf as errorOf } from "../../support/scenarios.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

/** A valid scenario; each test breaks one line of the mechanism entry (lines 12 on). */
const GOOD = `name: t
horizon: 30d
components:
  - {name: node, kind: processor, count: 4, mttf: 1y, mttr: 4h}
  - {name: spare, kind: processor, mttf: 1y, mttr: 4h}
  - {name: disk, kind: disk, capacity: 16TB}
  - {name: sw, kind: switch}
  - {name: port, kind: link, count: 4, connects: [node, sw]}
  - {name: spare-port, kind: link, connects: [spare, sw]}
  - {name: disk-port, kind: link, connects: [disk, sw]}
mechanisms:
  - type: checkpoint
    name: job
    nodes: node
    work: 10d
    storage: disk
    network: lan
    spares: spare
    interval: fixed
    tau: 1h
    log: {window: 2h}
service: job
`;

describe("checkpoint config errors", () => {
  it("the valid scenario loads", () => {
    expect(() => loadScenarioText(GOOD, "s.yaml")).not.toThrow();
  });

  it("τ ≤ 0", () => {
    expect(errorOf(GOOD.replace("tau: 1h", "tau: 0s"))).toMatch(/^s\.yaml:20:10: mechanisms\.0\.tau: tau \(the checkpoint interval\) must be > 0/);
    expect(errorOf(GOOD.replace("tau: 1h", "tau: -1h"))).toMatch(/^s\.yaml:20:10: mechanisms\.0\.tau: .*must not be negative/);
  });

  it("fixed without tau, tau with another policy", () => {
    expect(errorOf(GOOD.replace("    tau: 1h\n", ""))).toMatch(/^s\.yaml:19:\d+: mechanisms\.0\.interval: interval: fixed needs `tau`/);
    expect(errorOf(GOOD.replace("interval: fixed", "interval: young"))).toMatch(/^s\.yaml:20:\d+: mechanisms\.0\.tau: tau applies to interval: fixed, not to interval: young/);
  });

  it("a misspelt policy: did-you-mean", () => {
    expect(errorOf(GOOD.replace("interval: fixed", "interval: dalyy"))).toMatch(/mechanisms\.0\.interval: .*did you mean "daly"\?/);
  });

  it("a checkpoint that cannot fit the storage", () => {
    // 4 processes × 680 MB = 2.72 GB per image, two of them on a 5 GB disk.
    expect(errorOf(GOOD.replace("capacity: 16TB", "capacity: 5GB"))).toMatch(
      /^s\.yaml:16:\d+: mechanisms\.0\.storage: the checkpoint does not fit the storage: disk must hold two images of 2\.720 GB .* capacity is 5\.000 GB/,
    );
  });

  it("a log window with no unit", () => {
    expect(errorOf(GOOD.replace("window: 2h", "window: 7200"))).toMatch(/^s\.yaml:21:19: mechanisms\.0\.log\.window: log window needs a unit: write it as a duration such as 2h, not the bare number 7200/);
    expect(errorOf(GOOD.replace("window: 2h", 'window: "7200"'))).toMatch(/mechanisms\.0\.log\.window: log window needs a unit/);
    expect(errorOf(GOOD.replace("window: 2h", "window: 2hr"))).toMatch(/mechanisms\.0\.log\.window: .*did you mean "h"\?/);
  });

  it("a spare that does not exist: did-you-mean, at its line", () => {
    expect(errorOf(GOOD.replace("spares: spare", "spares: spar"))).toMatch(/^s\.yaml:18:\d+: mechanisms\.0\.spares: no component named "spar"; did you mean "spare"\?/);
    expect(errorOf(GOOD.replace("spares: spare", 'spares: "spare[1]"'))).toMatch(/^s\.yaml:18:\d+: mechanisms\.0\.spares: no component named "spare\[1\]"/);
  });

  it("a spare that is also a compute node, storage that is not a disk, a node that is not a processor", () => {
    expect(errorOf(GOOD.replace("spares: spare", 'spares: "node[2]"'))).toMatch(/mechanisms\.0\.spares: node\[2\] cannot be both a compute node and a spare/);
    expect(errorOf(GOOD.replace("storage: disk", "storage: spare"))).toMatch(/mechanisms\.0\.storage: spare is a processor, not a disk/);
    expect(errorOf(GOOD.replace("nodes: node", "nodes: [node, disk]"))).toMatch(/mechanisms\.0\.nodes\.1: disk is a disk, not a processor/);
  });

  it("migration to a spare without a network", () => {
    expect(errorOf(GOOD.replace("    network: lan\n", ""))).toMatch(/mechanisms\.0\.spares: migration to a spare copies the processes' state over a network: give `network`, or `migrate: false`/);
  });

  it("fewer processes than nodes", () => {
    expect(errorOf(GOOD.replace("    work: 10d\n", "    work: 10d\n    processes: 3\n"))).toMatch(/mechanisms\.0\.processes: 3 processes cannot occupy 4 nodes/);
  });
});

describe("checkpoint config errors from the CLI", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-checkpoint-");
  afterAll(() => tmp.cleanup());

  it.each([
    ["tau: 0s", "tau: 1h", "tau: 0s", ":20:10: mechanisms.0.tau: tau (the checkpoint interval) must be > 0"],
    ["a storage too small", "capacity: 16TB", "capacity: 5GB", ":16:14: mechanisms.0.storage: the checkpoint does not fit the storage"],
    ["a window with no unit", "window: 2h", "window: 7200", ":21:19: mechanisms.0.log.window: log window needs a unit"],
    ["a spare that does not exist", "spares: spare", "spares: spar", ':18:13: mechanisms.0.spares: no component named "spar"; did you mean "spare"?'],
  ])("%s: ftsim run prints file:line:col: path: message and exits 2, with no stack trace", (_, from, to, message) => {
    const file = tmp.file("bad.yaml", GOOD.replace(from, to));
    const r = runCli(["run", file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toContain(`${file}${message}`);
  });
});
