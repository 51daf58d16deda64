import { beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, type CliResult } from "./run-cli.js";

// DESIGN.md: exit code 3 for a run stopped by a limit. The quickstart needs
// well over 100 events per replication, so --max-events 100 stops it.
const ARGS = ["run", "scenarios/quickstart.yaml", "--replications", "3", "--max-events", "100"];

describe("ftsim run with --max-events", { timeout: CLI_TIMEOUT_MS }, () => {
  let table: CliResult;
  let json: CliResult;
  beforeAll(() => {
    table = runCli(ARGS);
    json = runCli([...ARGS, "--format", "json"]);
  }, 2 * CLI_TIMEOUT_MS);

  it("exits 3 when a replication exceeds the event limit", () => {
    expect(table.status).toBe(3);
    expect(json.status).toBe(3);
  });

  it("says on stderr which limit was hit, in which replication, and how to raise it", () => {
    expect(table.stderr).toMatch(/^ftsim: replication 0: event limit reached: more than 100 events/);
    expect(table.stderr).toMatch(/--max-events/);
    expect(table.stderr).not.toMatch(STACK_TRACE);
  });

  it("the table says the run was STOPPED", () => {
    expect(table.stdout).toMatch(/^STOPPED: replication 0: event limit/m);
  });

  it("the JSON has outcome limit-hit and the limit's description", () => {
    const result = JSON.parse(json.stdout) as { outcome: string; limit: string; schema: string };
    expect(result).toMatchObject({ schema: "ftsim.result/v1", outcome: "limit-hit" });
    expect(result.limit).toMatch(/event limit reached: more than 100 events/);
  });

  it("the JSON counts only the replications that completed, and reproduce keeps the limit", () => {
    const result = JSON.parse(json.stdout) as { replications: number; reproduce: string; metrics: Record<string, unknown> };
    expect(result.replications).toBe(0);
    expect(result.metrics).toEqual({});
    expect(result.reproduce).toContain("--max-events 100");
  });
});

describe("--max-events values", { timeout: CLI_TIMEOUT_MS }, () => {
  it("accepts a power-of-ten form such as 1e9 and refuses a fraction, with exit 2", () => {
    const ok = runCli(["run", "scenarios/quickstart.yaml", "--replications", "2", "--max-events", "1e9", "--format", "json"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).reproduce).toContain("--max-events 1e9");
    const bad = runCli(["run", "scenarios/quickstart.yaml", "--max-events", "2.5"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('ftsim: --max-events: expected a positive integer such as 30 or 1e9, got "2.5"\n');
  });
});
