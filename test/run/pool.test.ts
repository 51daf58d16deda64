/**
 * Replications on worker threads give the same outputs, in the same order,
 * as in the calling thread, whatever the number of workers, including where
 * a replication stops on the event limit (DESIGN.md's determinism rule).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReplicationPool } from "../../src/run/pool.js";
import { loadScenario } from "../../src/run/load.js";
import { IN_THIS_THREAD, runScenario } from "../../src/run/runner.js";
import type { ReplicationOutput } from "../../src/run/replication.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { CLI_TIMEOUT_MS, ROOT, runCli } from "../cli/run-cli.js";

const quickstart = loadScenario(`${ROOT}/scenarios/quickstart.yaml`);

function inThread(scenario: Scenario, from: number, to: number): { outputs: ReplicationOutput[]; limit: string | undefined } {
  const outputs: ReplicationOutput[] = [];
  return { limit: IN_THIS_THREAD.run(scenario, from, to, outputs), outputs };
}

describe("ReplicationPool", { timeout: CLI_TIMEOUT_MS }, () => {
  const pools: ReplicationPool[] = [];
  beforeAll(async () => {
    pools.push(await ReplicationPool.start(2), await ReplicationPool.start(3));
  }, CLI_TIMEOUT_MS);
  afterAll(() => pools.forEach((p) => p.close()));

  it("gives the outputs of the calling thread, in replication order, for 2 and 3 workers", () => {
    const expected = inThread(quickstart.scenario, 3, 15);
    for (const pool of pools) {
      const outputs: ReplicationOutput[] = [];
      let calls = 0;
      expect(pool.run(quickstart.scenario, 3, 15, outputs, () => calls++)).toBeUndefined();
      expect(outputs).toEqual(expected.outputs);
      expect(outputs.map((o) => o.replication)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
      expect(calls).toBe(12);
    }
  });

  it("stops at the first replication over the event limit, as the calling thread does, dropping later ones already run", () => {
    // Replication 4 of quickstart (seed 1) takes 156 events, the first above 150; 5 and 7 also exceed it.
    const limited: Scenario = { ...quickstart.scenario, limits: { ...quickstart.scenario.limits, max_events: 150 } };
    const expected = inThread(limited, 0, 12);
    expect(expected.outputs).toHaveLength(4);
    expect(expected.limit).toMatch(/^replication 4: /);
    for (const pool of pools) {
      const outputs: ReplicationOutput[] = [];
      expect(pool.run(limited, 0, 12, outputs)).toBe(expected.limit);
      expect(outputs).toEqual(expected.outputs);
    }
  });

  it("runs a later scenario on the same workers (each is sent the scenario it needs)", () => {
    const other = loadScenario(`${ROOT}/scenarios/a1-single-component.yaml`).scenario;
    for (const scenario of [other, quickstart.scenario, other]) {
      const outputs: ReplicationOutput[] = [];
      pools[0]!.run(scenario, 0, 5, outputs);
      expect(outputs).toEqual(inThread(scenario, 0, 5).outputs);
    }
  });

  it("makes the same result document as the calling thread", () => {
    const scenario = { ...quickstart.scenario, replications: 9 };
    expect(JSON.stringify(runScenario(scenario, quickstart.identity, { executor: pools[1] }))).toBe(
      JSON.stringify(runScenario(scenario, quickstart.identity)),
    );
  });
});

describe("--workers", { timeout: 3 * CLI_TIMEOUT_MS }, () => {
  it("run, sweep and compare print the same bytes with 1, 2 and 3 workers", () => {
    for (const args of [
      ["run", "scenarios/quickstart.yaml", "--format", "json", "--replications", "8"],
      ["sweep", "scenarios/sweep-repair.yaml", "--format", "json", "--replications", "4"],
      ["compare", "scenarios/variants-standby.yaml", "--variants", "hot", "cold", "--format", "json", "--replications", "5"],
    ]) {
      const outs = ["1", "2", "3"].map((w) => runCli([...args, "--workers", w]));
      for (const r of outs) expect(r.status, r.stderr).toBe(0);
      expect(outs[1]!.stdout).toBe(outs[0]!.stdout);
      expect(outs[2]!.stdout).toBe(outs[0]!.stdout);
    }
  });

  it("a run stopped by the event limit gives the same partial result and exit 3 on 2 workers", () => {
    const args = ["run", "scenarios/quickstart.yaml", "--format", "json", "--replications", "12", "--max-events", "150"];
    const one = runCli([...args, "--workers", "1"]);
    const two = runCli([...args, "--workers", "2"]);
    expect(one.status).toBe(3);
    expect(two.status).toBe(3);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
  });

  it("rejects a bad worker count with exit 2, from the flag and from FTSIM_WORKERS", () => {
    const flag = runCli(["run", "scenarios/quickstart.yaml", "--workers", "0"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/--workers: expected a whole number of worker threads from 1 to 1024, got "0"/);
    const env = runCli(["run", "scenarios/quickstart.yaml"], { env: { FTSIM_WORKERS: "two" } });
    expect(env.status).toBe(2);
    expect(env.stderr).toMatch(/FTSIM_WORKERS: expected a whole number/);
  });
});
