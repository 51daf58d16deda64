import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioText } from "../../../src/run/load.js";
import { scenarioErrorOf as errorOf } from "../../support/scenarios.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

/** A valid scenario; each test breaks one line of the mechanism entry (lines 10 on). */
const GOOD = `name: t
horizon: 30d
components:
  - {name: host, kind: host, count: 3}
  - {name: dimm, kind: dimm, count: 6, in: host, size: 32GiB}
  - {name: tor, kind: switch}
  - {name: uplink, kind: link, count: 3, connects: [host, tor], bandwidth: 10Gbit/s}
  - {name: disk, kind: disk}
mechanisms:
  - type: live-migration
    name: cloud
    hosts: host
    vms:
      - {name: vm, count: 4, memory: 16GiB, dirty_rate: 100MB/s}
    policy: on-first-ue
service: cloud
`;

describe("live-migration config errors", () => {
  it("the valid scenario loads", () => {
    expect(() => loadScenarioText(GOOD, "s.yaml")).not.toThrow();
  });

  it("a dirty rate with no unit, at its line, with a hint", () => {
    expect(errorOf(GOOD.replace("dirty_rate: 100MB/s", "dirty_rate: 100"))).toMatch(
      /^s\.yaml:14:\d+: mechanisms\.0\.vms\.0\.dirty_rate: dirty_rate needs a unit: write 100B\/s, or e\.g\. 100MB\/s/,
    );
  });

  it("a dirty rate with a size but no time unit", () => {
    expect(errorOf(GOOD.replace("dirty_rate: 100MB/s", "dirty_rate: 100MB"))).toMatch(/mechanisms\.0\.vms\.0\.dirty_rate: .*100MB\/s/);
  });

  it("a VM larger than every possible target", () => {
    expect(errorOf(GOOD.replace("memory: 16GiB", "memory: 100GiB"))).toMatch(
      /^s\.yaml:14:\d+: mechanisms\.0\.vms\.0\.memory: a VM of group "vm" needs 100GiB, more than any host can hold \(the largest has 60GiB besides the hypervisor's 4GiB\): no target could ever take it/,
    );
  });

  it("VMs that do not fit on the hosts together", () => {
    expect(errorOf(GOOD.replace("count: 4, memory: 16GiB", "count: 20, memory: 16GiB"))).toMatch(/mechanisms\.0\.vms\.0\.count: the VMs do not fit on the hosts/);
  });

  it("a host that does not exist: did-you-mean", () => {
    expect(errorOf(GOOD.replace("hosts: host", "hosts: hots"))).toMatch(/^s\.yaml:12:\d+: mechanisms\.0\.hosts: no component named "hots"; did you mean "host"\?/);
  });

  it("a host that is not of kind host, or has no DIMM", () => {
    expect(errorOf(GOOD.replace("hosts: host", 'hosts: ["host[0]", disk]'))).toMatch(/mechanisms\.0\.hosts\.1: disk is a disk, not a host/);
    const noDimm = GOOD.replace("count: 6, in: host", 'count: 2, in: "host[0]"');
    expect(errorOf(noDimm)).toMatch(/mechanisms\.0\.hosts: host\[1\] has no DIMM/);
  });

  it("a misspelt policy: the choices", () => {
    expect(errorOf(GOOD.replace("policy: on-first-ue", "policy: proactiv"))).toMatch(/mechanisms\.0\.policy: .*proactive/);
  });

  it("a network that does not exist", () => {
    expect(errorOf(GOOD.replace("    policy: on-first-ue\n", "    policy: on-first-ue\n    network: lann\n"))).toMatch(/mechanisms\.0\.network: no network named "lann"; did you mean "lan"\?/);
  });

  it("a CE window longer than the DIMMs' CE history", () => {
    const text = GOOD.replace("policy: on-first-ue", "policy: proactive\n    ce_window: 48h");
    expect(errorOf(text)).toMatch(/mechanisms\.0\.ce_window: ce_window 172800s is longer than dimm\[0\]'s ce_history/);
  });
});

describe("live-migration config errors from the CLI", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-live-migration-");
  afterAll(() => tmp.cleanup());

  it("a dirty rate with no unit: file:line:col, exit 2, no stack trace", () => {
    const file = tmp.file("bare-rate.yaml", GOOD.replace("dirty_rate: 100MB/s", "dirty_rate: 100"));
    const r = runCli(["run", file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(/:14:\d+: mechanisms\.0\.vms\.0\.dirty_rate: dirty_rate needs a unit/);
  });

  it("a VM larger than every possible target: exit 2, no stack trace", () => {
    const file = tmp.file("big-vm.yaml", GOOD.replace("memory: 16GiB", "memory: 100GiB"));
    const r = runCli(["validate", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(/:14:\d+: mechanisms\.0\.vms\.0\.memory: a VM of group "vm" needs 100GiB, more than any host can hold/);
  });
});
