import { afterAll, describe, expect, it } from "vitest";
import { ModelReferenceError } from "../../../src/hardware/inventory.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";
import { modelReferenceError } from "../../support/scenarios.js";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

/** The ModelReferenceError building an entry with `config` throws, on nodes n[0..2] in rack[0..2], a unit lb. */
function buildError(config: Record<string, unknown>, nodeRacks = 3): ModelReferenceError {
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: "10s",
    components: [
      { name: "rack", kind: "rack", count: nodeRacks, mttf: "100s", mttr: "1s" },
      { name: "n", kind: "host", count: 3, in: "rack", mttf: "100s", mttr: "1s" },
      { name: "lb", mttf: "100s", mttr: "1s" },
    ],
    mechanisms: [{ type: "redundancy-group", name: "rg", nodes: "n", ...config }],
    service: "rg",
  });
  return modelReferenceError(scenario);
}

describe("redundancy-group config errors", () => {
  it("a member naming a node that does not exist: a did-you-mean among the nodes, at groups.<i>.members.<j>", () => {
    const e = buildError({ groups: [{ name: "a", members: ["n[0]", "n[1]"] }, { name: "b", members: ["n[1]", "n[7]"] }] });
    expect(e.path).toEqual(["mechanisms", 0, "groups", 1, "members", 1]);
    expect(e.message).toMatch(/no node named "n\[7\]"; did you mean "n\[\d\]"\?/);
  });

  it("a member that is a component but not one of the nodes", () => {
    const e = buildError({ groups: [{ name: "a", members: ["n[0]", "lb"] }] });
    expect(e.path).toEqual(["mechanisms", 0, "groups", 0, "members", 1]);
    expect(e.message).toMatch(/"lb" is not one of the `nodes`/);
  });

  it("a member naming a whole group rather than one node", () => {
    expect(buildError({ groups: [{ name: "a", members: ["n"] }] }).message).toMatch(/3 components; a member names one node/);
  });

  it("N + 1 larger than the nodes: anti-affinity needs N + 1 distinct nodes, at standbys", () => {
    const e = buildError({ groups: 4, standbys: 3 });
    expect(e.path).toEqual(["mechanisms", 0, "standbys"]);
    expect(e.message).toMatch(/anti-affinity needs N \+ 1 = 4 distinct nodes for 1 active \+ 3 standbys, but `nodes` has 3/);
  });

  it("N + 1 larger than the fault domains, for the spread placer", () => {
    const e = buildError({ groups: 4, standbys: 2, fault_domain: "rack" }, 1);
    expect(e.path).toEqual(["mechanisms", 0, "standbys"]);
    expect(e.message).toMatch(/3 distinct fault domains .* but the nodes are in 1/);
  });

  it("a node outside every fault domain", () => {
    expect(buildError({ groups: 2, fault_domain: "lb" }).path).toEqual(["mechanisms", 0, "fault_domain"]);
  });

  it("standbys or placement with explicit groups", () => {
    const groups = [{ name: "a", members: ["n[0]", "n[1]"] }];
    expect(buildError({ groups, standbys: 1 }).path).toEqual(["mechanisms", 0, "standbys"]);
    expect(buildError({ groups, placement: "naive" }).path).toEqual(["mechanisms", 0, "placement"]);
  });

  it("failback_time without failback: priority", () => {
    expect(buildError({ groups: 2, failback_time: "5s" }).path).toEqual(["mechanisms", 0, "failback_time"]);
  });

  it("two groups with one name", () => {
    const e = buildError({ groups: [{ name: "a", members: ["n[0]"] }, { name: "a", members: ["n[1]"] }] });
    expect(e.path).toEqual(["mechanisms", 0, "groups", 1, "name"]);
  });

  it("an unknown node reference, with the inventory's did-you-mean", () => {
    expect(buildError({ groups: 1, nodes: ["n[0]", "nn"] }).path).toEqual(["mechanisms", 0, "nodes", 1]);
  });
});

const tmp = tempDir("ftsim-rg-errors-");
afterAll(() => tmp.cleanup());

const FILE = (entry: string) => `name: bad
horizon: 1y
components:
  - name: node
    count: 3
    mttf: 1y
    mttr: 1h
mechanisms:
  - type: redundancy-group
    name: storage
    nodes: node
${entry}service: storage
`;

describe("ftsim run on a bad redundancy-group entry", { timeout: CLI_TIMEOUT_MS }, () => {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  it("a priority list naming a missing node: file:line:col, a did-you-mean, exit 2, no stack trace", () => {
    const file = tmp.file("missing-node.yaml", FILE(`    groups:\n      - name: a\n        members: ["node[0]", "nodee[2]"]\n`));
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:14:\\d+: mechanisms\\.0\\.groups\\.0\\.members\\.1: no node named "nodee\\[2\\]"; did you mean "node\\[2\\]"\\?`, "m"));
  });

  it("N + 1 larger than the nodes: file:line:col at standbys, exit 2, no stack trace", () => {
    const file = tmp.file("too-many-standbys.yaml", FILE(`    groups: 6\n    standbys: 3\n`));
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:13:15: mechanisms\\.0\\.standbys: anti-affinity needs N \\+ 1 = 4 distinct nodes`, "m"));
  });
});
