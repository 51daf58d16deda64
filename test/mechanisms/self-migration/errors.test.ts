import { afterAll, describe, expect, it } from "vitest";
import type { ModelReferenceError } from "../../../src/hardware/inventory.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";
import { modelReferenceError } from "../../support/scenarios.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

/** The ModelReferenceError building a self-migration entry with `config` throws, on hosts h[0..2] linked to a switch, and a host `x` off the network. */
function buildError(config: Record<string, unknown>): ModelReferenceError {
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: "10h",
    components: [
      { name: "h", kind: "host", count: 3, mttf: "100h", mttr: "1h" },
      { name: "x", kind: "host", mttf: "100h", mttr: "1h" },
      { name: "tor", kind: "switch" },
      { name: "nic", kind: "link", count: 3, connects: ["h", "tor"] },
    ],
    mechanisms: [
      {
        type: "self-migration",
        name: "mig",
        hosts: [{ hosts: "h", cpu: 8, memory: "32GiB", features: ["gpu"] }],
        objects: [{ name: "o", on: "h[0]", cpu: 1 }],
        ...config,
      },
    ],
    service: "mig",
  });
  return modelReferenceError(scenario);
}

describe("self-migration config errors", () => {
  it("an object needing a capability no host has: a did-you-mean among the hosts' features", () => {
    const e = buildError({ objects: [{ name: "o", on: "h[0]", features: ["gpuu"] }] });
    expect(e.path).toEqual(["mechanisms", 0, "objects", 0, "features", 0]);
    expect(e.message).toMatch(/object "o" needs feature "gpuu", which no host has; did you mean "gpu"\?/);
  });

  it("an object larger than any host", () => {
    const e = buildError({ objects: [{ name: "o", on: "h[0]", cpu: 16 }] });
    expect(e.path).toEqual(["mechanisms", 0, "objects", 0]);
    expect(e.message).toMatch(/object "o" \(16 cores, 1GiB\) fits on no host/);
  });

  it("a host off the network, an unknown network, an object starting off the hosts", () => {
    expect(buildError({ hosts: [{ hosts: ["h", "x"], cpu: 8, memory: "32GiB" }] }).message).toMatch(/host x is not a node of network "lan"/);
    expect(buildError({ network: "lna" }).message).toMatch(/no network named "lna"; did you mean "lan"\?/);
    expect(buildError({ objects: [{ name: "o", on: "x" }] }).path).toEqual(["mechanisms", 0, "objects", 0, "on"]);
  });

  it("an inverted hysteresis band; two objects with one name", () => {
    expect(buildError({ load_high: 0.5, load_low: 0.8 }).path).toEqual(["mechanisms", 0, "load_low"]);
    expect(buildError({ objects: [{ name: "o", on: "h" }, { name: "o", on: "h" }] }).path).toEqual(["mechanisms", 0, "objects", 1, "name"]);
  });
});

const tmp = tempDir("ftsim-mig-errors-");
afterAll(() => tmp.cleanup());

const FILE = (features: string, probing: string) => `name: bad
horizon: 1h
components:
  - {name: host, kind: host, count: 2, mttf: 1y, mttr: 1h}
  - {name: tor, kind: switch}
  - {name: nic, kind: link, count: 2, connects: [host, tor]}
mechanisms:
  - type: self-migration
    name: mig
    hosts:
      - {hosts: host, cpu: 8, memory: 32GiB, features: [gpu, sriov]}
    objects:
      - {name: o, on: "host[0]", features: [${features}]}
    probing: ${probing}
service: mig
`;

describe("ftsim run on a bad self-migration entry", { timeout: CLI_TIMEOUT_MS }, () => {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const expectBad = (name: string, text: string, message: RegExp) => {
    const file = tmp.file(name, text);
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:${message.source}`, "m"));
  };

  it("an object needing a capability no host has, exit 2", () => {
    expectBad("feature.yaml", FILE("sriov, fpga", "with-replacement"), /13:\d+: mechanisms\.0\.objects\.0\.features\.1: object "o" needs feature "fpga", which no host has/);
  });

  it("an unknown probing policy, with a did-you-mean, exit 2", () => {
    expectBad("probing.yaml", FILE("gpu", "with-replacment"), /14:14: mechanisms\.0\.probing: expected one of "without-replacement", "with-replacement"; got "with-replacment"; did you mean "with-replacement"\?/);
  });
});
