import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

// The bad configs named in the issue, as a user meets them: `ftsim run` prints
// file:line:col: path: message and exits 2, with no stack trace.

const scenario = (o: { map?: string; db1?: string; app1Deps?: string; dbGateway?: string } = {}) => `name: dr-bad
horizon: 1h
components:
  - {name: site-a, kind: site}
  - {name: cloud, kind: site}
  - {name: agent, kind: host, in: site-a}
  - {name: staging, kind: host, in: cloud}
  - {name: wan-link, kind: link, connects: [agent, staging], network: wan, bandwidth: 1Gbit/s, latency: 30ms}
mechanisms:
  - type: cloud-dr
    name: dr
    site: site-a
    replicator: agent
    recovery: staging
    subnets:
      - {name: app, cidr: 10.0.2.0/24, gateway: 10.0.2.1}
      - {name: db, cidr: 10.0.3.0/24, gateway: ${o.dbGateway ?? "10.0.3.1"}}
    subnet_map:
      - {from: 10.0.2.0/24, to: 10.20.2.0/24}
      - ${o.map ?? "{from: 10.0.3.0/24, to: 10.20.3.0/24}"}
    servers:
      - {name: db1, subnet: db, address: ${o.db1 ?? "10.0.3.10"}, depends_on: []}
      - {name: app1, subnet: app, address: 10.0.2.10, depends_on: [${o.app1Deps ?? "db1"}]}
      - {name: web1, subnet: app, address: 10.0.2.11, depends_on: [app1]}
service: dr
`;

const tmp = tempDir("ftsim-dr-errors-");
afterAll(() => tmp.cleanup());
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function fails(name: string, text: string): string {
  const file = tmp.file(name, text);
  const r = runCli(["run", file]);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(STACK_TRACE);
  return r.stderr.replaceAll(file, "FILE");
}

describe("cloud-dr bad configs through the CLI", { timeout: CLI_TIMEOUT_MS }, () => {
  it("the well-formed base runs (the failures below are the edits' own)", () => {
    const r = runCli(["validate", tmp.file("ok.yaml", scenario())]);
    expect(r.status, r.stderr).toBe(0);
  });

  it("overlapping subnet mappings: exit 2 at the second mapping, naming both", () => {
    const err = fails("overlap.yaml", scenario({ map: "{from: 10.0.0.0/16, to: 10.30.0.0/16}" }));
    expect(err).toMatch(new RegExp(`^${escape("FILE:20:16: mechanisms.0.subnet_map.1.from: mapping 1 (10.0.0.0/16) overlaps mapping 0 (10.0.2.0/24): an address would have two destinations")}`, "m"));
  });

  it("mappings whose targets overlap: exit 2 at the target", () => {
    const err = fails("overlap-to.yaml", scenario({ map: "{from: 10.0.3.0/24, to: 10.20.2.0/24}" }));
    expect(err).toContain("mechanisms.0.subnet_map.1.to: mapping 1's target 10.20.2.0/24 overlaps mapping 0's target 10.20.2.0/24");
  });

  it("an address outside its subnet: exit 2 at the address", () => {
    const err = fails("outside.yaml", scenario({ db1: "10.0.4.10" }));
    expect(err).toMatch(new RegExp(`^${escape("FILE:22:42: mechanisms.0.servers.0.address: the address 10.0.4.10 is outside its subnet db (10.0.3.0/24)")}`, "m"));
  });

  it("a gateway outside its subnet: exit 2 at the gateway", () => {
    const err = fails("gateway.yaml", scenario({ dbGateway: "10.0.2.1" }));
    expect(err).toContain("mechanisms.0.subnets.1.gateway: the gateway 10.0.2.1 is outside its subnet db (10.0.3.0/24)");
  });

  it("a dependency cycle: exit 2, naming the cycle", () => {
    const err = fails("cycle.yaml", scenario({ app1Deps: "web1" }));
    expect(err).toContain("mechanisms.0.servers.1.depends_on: a dependency cycle: app1 → web1 → app1");
  });

  it("a misspelt dependency: exit 2 with a did-you-mean", () => {
    const err = fails("typo.yaml", scenario({ app1Deps: "db2" }));
    expect(err).toContain('mechanisms.0.servers.1.depends_on.0: no server named "db2"; did you mean "db1"?');
  });
});
