import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli } from "./run-cli.js";

describe("ftsim on the nfv-policy and self-migration scenarios", { timeout: CLI_TIMEOUT_MS }, () => {
  it("compare --variants: headroom's first fit loses every chain with rack[0], spread-racks none", () => {
    const r = runCli(["compare", "scenarios/nfv-policy.yaml", "--variants", "spread-racks", "headroom", "--replications", "3", "--format", "json"]);
    expect(r.status, r.stderr).toBe(0);
    const metrics = JSON.parse(r.stdout).metrics;
    // The surge takes two chains down in both; the rack failure all three under headroom only.
    expect([metrics["nfv.chain_outages"].a, metrics["nfv.chain_outages"].b]).toEqual([2, 5]);
    expect(metrics["nfv.policy_violations"].b).toBe(0);
  });

  it("trace: the self-migration scenario's moves, one JSON record per line", () => {
    const r = runCli(["trace", "scenarios/self-migration.yaml", "--components", "mig.*", "--events", "migrated,refuse"]);
    expect(r.status, r.stderr).toBe(0);
    const records = r.stdout.trim().split("\n").slice(1).map((line) => JSON.parse(line) as { component: string; event: string; detail?: { host?: string } });
    const moves = records.filter((x) => x.event === "migrated");
    // The three web objects leave host[0] (predicted); ml objects contend for host[5], which refuses some.
    expect(moves.filter((x) => x.component.startsWith("mig.web")).length).toBe(3);
    expect(moves.every((x) => x.detail?.host !== "host[0]")).toBe(true);
    expect(records.some((x) => x.event === "refuse" && x.component === "mig.host[5]")).toBe(true);
  });
});
