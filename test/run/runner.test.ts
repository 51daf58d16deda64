import { describe, it, expect } from "vitest";
import { runReplication } from "../../src/run/replication.js";
import { runScenario } from "../../src/run/runner.js";
import { pairScenario } from "../support/scenarios.js";

const identity = { name: "t", file: "t.yaml", hash: "sha256:0" };

describe("runScenario", () => {
  it("runs every replication and returns outcome ok", () => {
    const result = runScenario(pairScenario(), identity);
    expect(result.outcome).toBe("ok");
    expect(result.replications).toBe(8);
    expect(result.metrics.availability!.n).toBe(8);
    expect(result.schema).toBe("ftsim.result/v1");
    expect(result.seed).toBe(3);
    expect(result.reproduce).toBe("ftsim run t.yaml --seed 3 --replications 8");
  });

  it("gives byte-identical JSON on a second run", () => {
    expect(JSON.stringify(runScenario(pairScenario(), identity))).toBe(JSON.stringify(runScenario(pairScenario(), identity)));
  });

  it("reports progress after each replication", () => {
    const seen: [number, number][] = [];
    runScenario(pairScenario({ replications: 3 }), identity, { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  it("returns limit-hit with the replications that completed before one exceeded the event limit", () => {
    // Pick the first replication that needs more events than all those before it, and set the limit just below it.
    const s = pairScenario();
    const events = Array.from({ length: 8 }, (_, r) => runReplication(s, 3, r).values.events!.value);
    const stop = events.findIndex((n, r) => r > 0 && n > Math.max(...events.slice(0, r)));
    expect(stop).toBeGreaterThan(0);
    const limit = Math.max(...events.slice(0, stop));
    const result = runScenario(pairScenario({ limits: { max_events: limit } }), identity);
    expect(result.outcome).toBe("limit-hit");
    expect(result.replications).toBe(stop);
    expect(result.metrics.availability!.n).toBe(stop);
    if (result.outcome === "limit-hit") expect(result.limit).toMatch(new RegExp(`^replication ${stop}: event limit reached`));
  });

  it("returns limit-hit with no metrics when the first replication exceeds the limit", () => {
    const result = runScenario(pairScenario({ limits: { max_events: 1 } }), identity);
    expect(result.outcome).toBe("limit-hit");
    expect(result.replications).toBe(0);
    expect(result.metrics).toEqual({});
  });
});

