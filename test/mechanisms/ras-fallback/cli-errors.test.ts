import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "../../cli/run-cli.js";

// The bad configs named in the issue, as a user meets them: `ftsim run` prints
// file:line:col: path: message and exits 2, with no stack trace.

const scenario = (mechanism: string) => `name: ras-bad
horizon: 1h
components:
  - {name: cpu, kind: processor}
  - {name: bmc, kind: processor}
  - {name: link, kind: link, connects: [cpu, bmc], network: mgmt}
mechanisms:
  - type: ras-fallback
    name: ras
    network: mgmt
${mechanism}
service: ras
`;

const tmp = tempDir("ftsim-ras-errors-");
afterAll(() => tmp.cleanup());

describe("ras-fallback bad configs through the CLI", { timeout: CLI_TIMEOUT_MS }, () => {
  it("a priority list naming a processor that does not exist: exit 2 at the entry's line, with a did-you-mean", () => {
    const file = tmp.file("misspelt.yaml", scenario("    processes:\n      - cpu\n      - bcm"));
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:13:9: mechanisms\\.0\\.processes\\.1: no component named "bcm"; did you mean "bmc"\\?`, "m"));
  });

  it("a timeout shorter than the period: exit 2 at the timeout's line, saying what is expected", () => {
    const file = tmp.file("short-timeout.yaml", scenario("    processes: [cpu, bmc]\n    period: 1s\n    timeout: 500ms"));
    const r = runCli(["run", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:13:14: mechanisms\\.0\\.timeout: the timeout \\(0\\.5 s\\) is shorter than the heartbeat period \\(1 s\\).*expected a timeout ≥ the period`, "m"),
    );
  });

  it("a misspelt distribution in a delay is reported as such, not as a bad duration", () => {
    const file = tmp.file("bad-dist.yaml", scenario("    processes: [cpu, bmc]\n    takeover_delay: {dist: exponental, mean: 1s}"));
    const r = runCli(["validate", file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toContain('mechanisms.0.takeover_delay.dist: expected one of "exponential"');
    expect(r.stderr).toContain('did you mean "exponential"?');
  });
});
