import { describe, it, expect } from "vitest";
import type { ReplicationOutput } from "../../src/metrics/replication-output.js";
import { runReplication } from "../../src/run/replication.js";
import { summarise } from "../../src/metrics/aggregate.js";
import { pairScenario } from "../support/scenarios.js";

/** A deterministic permutation of `items` (Fisher–Yates with a fixed LCG). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("summarise", () => {
  it("gives identical JSON whatever the order of the replication outputs", () => {
    const s = pairScenario();
    const outputs: ReplicationOutput[] = Array.from({ length: 8 }, (_, r) => runReplication(s, 3, r));
    const reference = JSON.stringify(summarise(outputs));
    for (const seed of [1, 2, 3, 4]) expect(JSON.stringify(summarise(shuffled(outputs, seed)))).toBe(reference);
    expect(JSON.stringify(summarise([...outputs].reverse()))).toBe(reference);
  });

  it("summarises a metric over the replications that report it", () => {
    const outputs: ReplicationOutput[] = [
      { replication: 0, values: { x: { value: 1, unit: "s" } }, times: {}, ratios: {} },
      { replication: 1, values: { x: { value: 3, unit: "s" }, y: { value: 5, unit: "count" } }, times: {}, ratios: {} },
    ];
    const { metrics } = summarise(outputs);
    expect(metrics.x).toMatchObject({ mean: 2, n: 2, unit: "s" });
    expect(metrics.y).toMatchObject({ mean: 5, n: 1, unit: "count" });
  });

  it("gives empty metrics for no outputs", () => {
    expect(summarise([])).toEqual({ metrics: {}, time_to_event: {} });
  });
});

describe("confidence intervals within the metric's natural range", () => {
  const output = (replication: number, availability: number, downtime: number): ReplicationOutput => ({
    replication,
    values: {
      availability: { value: availability, unit: "fraction" },
      downtime_s: { value: downtime, unit: "s" },
      other: { value: downtime - 50, unit: "widgets" },
    },
    times: {},
    ratios: {},
  });
  const { metrics } = summarise([output(0, 1, 0), output(1, 0.99, 100), output(2, 1, 0)]);

  it("an availability interval never exceeds 1", () => {
    expect(metrics.availability!.ci95[1]).toBe(1);
    expect(metrics.availability!.ci95[0]).toBeLessThan(metrics.availability!.mean);
  });

  it("a duration interval never goes below 0", () => {
    expect(metrics.downtime_s!.ci95[0]).toBe(0);
  });

  it("a metric of unknown unit keeps its raw Student-t interval", () => {
    expect(metrics.other!.ci95[0]).toBeLessThan(-50);
  });
});
