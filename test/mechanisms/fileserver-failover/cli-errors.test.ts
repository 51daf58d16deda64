import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

// The bad configs named in the issue, as a user meets them: `ftsim run` prints
// file:line:col: path: message and exits 2, with no stack trace.

const scenario = (opts: { fsBSite?: string; interval?: string; destination?: string } = {}) => `name: fs-bad
horizon: 1h
components:
  - {name: site-a, kind: site}
  - {name: site-b, kind: site}
  - {name: fs-a, kind: host, in: site-a}
  - {name: fs-b, kind: host, in: ${opts.fsBSite ?? "site-b"}}
  - {name: wan-link, kind: link, connects: [fs-a, fs-b], network: wan, bandwidth: 100Mbit/s, latency: 20ms}
mechanisms:
  - type: fileserver-failover
    name: share
    source: fs-a
    destination: ${opts.destination ?? "fs-b"}
    interval: ${opts.interval ?? "5min"}
service: share
`;

const tmp = tempDir("ftsim-fs-errors-");
afterAll(() => tmp.cleanup());
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("fileserver-failover bad configs through the CLI", { timeout: CLI_TIMEOUT_MS }, () => {
  it("a snapshot interval with no unit: exit 2 at its line, asking for a unit", () => {
    const file = tmp.file("no-unit.yaml", scenario({ interval: "300" }));
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:14:15: mechanisms\\.0\\.interval: the snapshot interval needs a unit, e\\.g\\. 15min or 300s; got the bare number 300`, "m"));
  });

  it("a destination on the same site as the source: exit 2 at the destination, naming the site", () => {
    const file = tmp.file("same-site.yaml", scenario({ fsBSite: "site-a" }));
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:13:18: mechanisms\\.0\\.destination: the destination fs-b is on the same site as the source fs-a \\(site-a\\)`, "m"));
  });

  it("a misspelt destination: exit 2 with a did-you-mean", () => {
    const file = tmp.file("typo.yaml", scenario({ destination: "fs-bb" }));
    const r = runCli(["validate", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toContain('mechanisms.0.destination: no component named "fs-bb"; did you mean "fs-b"?');
  });
});
