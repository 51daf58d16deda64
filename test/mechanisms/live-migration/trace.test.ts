/**
 * `ftsim trace` shows the mechanism's steps (UE signalled, contained,
 * evacuation, pre-copy rounds, stop-and-copy, the VM's blackout as down/up,
 * a host crash and a VM restart), and `ftsim chart --kind timeline` draws them.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, tempDir } from "../../cli/run-cli.js";

const SCENARIO = `name: lm-trace
horizon: 2h
components:
  - {name: host, kind: host, count: 3, mttr: 8h}
  - {name: dimm, kind: dimm, count: 3, in: host, size: 16GiB}
  - {name: tor, kind: switch}
  - {name: uplink, kind: link, count: 3, connects: [host, tor], bandwidth: 10Gbit/s, latency: 5us}
faults:
  - {type: uncorrectable-error, name: ue, target: "dimm[0]", at: 10min}
  - {type: fail-stop, name: crash, target: "host[2]", at: 1h}
mechanisms:
  - type: live-migration
    name: cloud
    hosts: host
    vms: [{name: vm, count: 3, memory: 4GiB, dirty_rate: 200MB/s}]
    hypervisor_memory: 1GiB
    kernel_fraction: 0
service: cloud
`;

interface Line {
  t: number;
  component: string;
  event: string;
}

describe("live-migration in ftsim trace", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-lm-trace-");
  afterAll(() => tmp.cleanup());
  const file = tmp.file("lm.yaml", SCENARIO);
  const out = join(tmp.dir, "lm.jsonl");
  const r = runCli(["trace", file, "--out", out]);

  it("records the UE's handling and the migration's steps on the host's and the VM's rows", () => {
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n").slice(1).map((l) => JSON.parse(l) as Line);
    const of = (row: string) => lines.filter((l) => l.component === `cloud/${row}`).map((l) => l.event);
    expect(of("host[0]").slice(0, 2)).toEqual(["ue-signalled", "contained"]);
    expect(of("host[0]")).toContain("evacuate");
    const vm0 = of("vm[0]");
    for (const step of ["migrate-start", "precopy-round", "stop-and-copy", "down", "up", "migrated"]) expect(vm0, step).toContain(step);
    expect(vm0.indexOf("stop-and-copy")).toBeLessThan(vm0.indexOf("migrated"));
    // The DIMM's own record of the UE is there too, at the same instant as the signal.
    const ue = lines.find((l) => l.component === "dimm[0]" && l.event === "ue")!;
    expect(lines.find((l) => l.event === "ue-signalled")!.t).toBe(ue.t);
    // host[2] stops at 1 h: its VM is down, then restarted elsewhere.
    expect(of("host[2]").slice(0, 2)).toEqual(["host-crash", "host-lost"]);
    expect(of("vm[2]")).toEqual(["down", "restart", "up"]);
  });

  it("the timeline chart of the trace renders", () => {
    const png = join(tmp.dir, "timeline.png");
    const c = runCli(["chart", out, "--kind", "timeline", "--out", png]);
    expect(c.status, c.stderr).toBe(0);
    expect(existsSync(png)).toBe(true);
  });
});

describe("live-migration: a host down twice within the detection time", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-lm-twice-");
  afterAll(() => tmp.cleanup());
  // host[2] is down 5 s at 1 h and again 5 s at 1 h + 10 s; detection is 30 s (the default).
  const file = tmp.file(
    "twice.yaml",
    SCENARIO.replace(
      /faults:\n(.*\n){2}/,
      'faults:\n  - {type: transient, name: h1, target: "host[2]", at: 1h, duration: 5s}\n  - {type: transient, name: h2, target: "host[2]", at: 3610s, duration: 5s}\n',
    ),
  );
  const out = join(tmp.dir, "twice.jsonl");
  const r = runCli(["trace", file, "--out", out]);

  it("one detection timer per host: no false host-lost for a host already back, and its dead VM restarts 30 s after the latest stop", () => {
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n").slice(1).map((l) => JSON.parse(l) as Line);
    const of = (row: string) => lines.filter((l) => l.component === `cloud/${row}`);
    expect(of("host[2]").map((l) => l.event)).toEqual(["host-crash", "host-back", "host-crash", "host-back"]);
    expect(of("vm[2]").map((l) => [l.t, l.event])).toEqual([[3600, "down"], [3640, "restart"], [3940, "up"]]);
  });
});
