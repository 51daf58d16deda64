import { afterAll, describe, expect, it } from "vitest";
import type { ModelReferenceError } from "../../../src/hardware/inventory.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";
import { modelReferenceError } from "../../support/scenarios.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

const BASE = {
  hosts: [{ hosts: "h", cpu: 16, memory: "64GiB" }],
  vnfs: [
    { name: "fw", cpu: 4, memory: "8GiB", instances: 2, needed: 1 },
    { name: "lb", cpu: 2 },
  ],
  chains: [{ name: "web", vnfs: ["fw", "lb"] }],
};

/** The ModelReferenceError building an nfv-policy entry with `config` over BASE throws, on hosts h[0..2] in rack[0..1]. */
function buildError(config: Record<string, unknown>): ModelReferenceError {
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: "10h",
    components: [
      { name: "rack", kind: "rack", count: 2, mttf: "100h", mttr: "1h" },
      { name: "h", kind: "host", count: 3, in: "rack", mttf: "100h", mttr: "1h" },
    ],
    mechanisms: [{ type: "nfv-policy", name: "nfv", ...BASE, ...config }],
    service: "nfv",
  });
  return modelReferenceError(scenario);
}

describe("nfv-policy config errors", () => {
  it("a chain naming a VNF that does not exist: a did-you-mean, at chains.<i>.vnfs.<j>", () => {
    const e = buildError({ chains: [{ name: "web", vnfs: ["fw", "lbb"] }] });
    expect(e.path).toEqual(["mechanisms", 0, "chains", 0, "vnfs", 1]);
    expect(e.message).toMatch(/no VNF named "lbb"; did you mean "lb"\?/);
  });

  it("a VNF larger than any host: its size and the largest host's, at vnfs.<i>", () => {
    const e = buildError({ vnfs: [{ name: "fw", cpu: 32 }, { name: "lb", cpu: 2 }] });
    expect(e.path).toEqual(["mechanisms", 0, "vnfs", 0]);
    expect(e.message).toMatch(/VNF "fw" \(32 cores, 4GiB\) fits on no host: the largest host has 16 cores and 64GiB/);
    expect(buildError({ vnfs: [{ name: "fw", cpu: 2, memory: "128GiB" }, { name: "lb", cpu: 2 }] }).message).toMatch(/fits on no host/);
  });

  it("needed above instances, a VNF or chain defined twice, a host listed twice", () => {
    expect(buildError({ vnfs: [{ name: "fw", cpu: 1, instances: 1, needed: 2 }, { name: "lb", cpu: 1 }] }).path).toEqual(["mechanisms", 0, "vnfs", 0, "needed"]);
    expect(buildError({ vnfs: [{ name: "fw", cpu: 1 }, { name: "fw", cpu: 1 }] }).path).toEqual(["mechanisms", 0, "vnfs", 1, "name"]);
    expect(buildError({ chains: [{ name: "c", vnfs: ["fw"] }, { name: "c", vnfs: ["lb"] }] }).path).toEqual(["mechanisms", 0, "chains", 1, "name"]);
    expect(buildError({ hosts: [{ hosts: ["h", "h[1]"], cpu: 16, memory: "64GiB" }] }).path).toEqual(["mechanisms", 0, "hosts", 0, "hosts", 1]);
  });

  it("a host reference that names nothing, with the inventory's did-you-mean", () => {
    const e = buildError({ hosts: [{ hosts: "hh", cpu: 16, memory: "64GiB" }] });
    expect(e.path).toEqual(["mechanisms", 0, "hosts", 0, "hosts"]);
    expect(e.message).toMatch(/did you mean "h"\?/);
  });

  it("a surge on an unknown VNF, or with both or neither of at / every", () => {
    expect(buildError({ surges: [{ vnf: "fx", extra: 1, at: "1h", duration: "1h" }] }).path).toEqual(["mechanisms", 0, "surges", 0, "vnf"]);
    expect(buildError({ surges: [{ vnf: "fw", extra: 1, duration: "1h" }] }).path).toEqual(["mechanisms", 0, "surges", 0]);
    expect(buildError({ surges: [{ vnf: "fw", extra: 1, at: "1h", every: "1d", duration: "1h" }] }).path).toEqual(["mechanisms", 0, "surges", 0]);
  });
});

const tmp = tempDir("ftsim-nfv-errors-");
afterAll(() => tmp.cleanup());

const FILE = (policy: string, chainVnfs: string, fwCpu = 4) => `name: bad
horizon: 1d
components:
  - name: host
    kind: host
    count: 2
    mttf: 1y
    mttr: 1h
mechanisms:
  - type: nfv-policy
    name: nfv
    hosts:
      - {hosts: host, cpu: 16, memory: 64GiB}
    vnfs:
      - {name: fw, cpu: ${fwCpu}, memory: 8GiB, instances: 2, needed: 1}
      - {name: lb, cpu: 2, memory: 4GiB}
    chains:
      - {name: web, vnfs: [${chainVnfs}]}
    allocation: ${policy}
service: nfv
`;

describe("ftsim run on a bad nfv-policy entry", { timeout: CLI_TIMEOUT_MS }, () => {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const expectBad = (name: string, text: string, message: RegExp) => {
    const file = tmp.file(name, text);
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:${message.source}`, "m"));
  };

  it("an unknown policy name: the policies and a did-you-mean, exit 2", () => {
    expectBad("policy.yaml", FILE("least-loded", "fw, lb"), /19:17: mechanisms\.0\.allocation: expected one of "spread-racks", "headroom", "least-loaded"; got "least-loded"; did you mean "least-loaded"\?/);
  });

  it("a chain naming a VNF that does not exist, exit 2", () => {
    expectBad("chain.yaml", FILE("headroom", "fw, nat"), /18:\d+: mechanisms\.0\.chains\.0\.vnfs\.1: no VNF named "nat"/);
  });

  it("a VNF larger than any host, exit 2", () => {
    expectBad("vnf.yaml", FILE("headroom", "fw, lb", 64), /15:\d+: mechanisms\.0\.vnfs\.0: VNF "fw" \(64 cores, 8GiB\) fits on no host/);
  });
});
