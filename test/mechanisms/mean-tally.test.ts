import { describe, expect, it } from "vitest";
import { MeanTally, putMean } from "../../src/mechanisms/mean-tally.js";
import type { MechanismMetric } from "../../src/mechanisms/mechanism.js";
import { summarise } from "../../src/metrics/aggregate.js";
import type { ReplicationOutput } from "../../src/metrics/replication-output.js";

describe("MeanTally", () => {
  it("gives the mean of what was added, in the unit asked for, with its parts for pooling", () => {
    const t = new MeanTally();
    [2, 4, 9].forEach((x) => t.add(x));
    expect(t.count).toBe(3);
    expect(t.metric("s")).toEqual({ value: 5, unit: "s", pooled: { sum: 15, count: 3, events: [2, 4, 9] } });
  });

  it("leaves the metric out over no events (absent, not 0 or NaN)", () => {
    const metrics: Record<string, MechanismMetric> = {};
    putMean(metrics, "failover_time_s", new MeanTally(), "s");
    expect(metrics).toEqual({});
    const one = new MeanTally();
    one.add(0);
    putMean(metrics, "failover_time_s", one, "s");
    expect(metrics).toEqual({ failover_time_s: { value: 0, unit: "s", pooled: { sum: 0, count: 1, events: [0] } } });
  });
});

describe("a mean over events, over replications", () => {
  /** Replication r observed `events[r]` (none: the metric is absent, as putMean leaves it). */
  function outputs(events: number[][]): ReplicationOutput[] {
    return events.map((xs, replication) => {
      const t = new MeanTally();
      xs.forEach((x) => t.add(x));
      const metrics: Record<string, MechanismMetric> = {};
      putMean(metrics, "failover_time_s", t, "s");
      const m = metrics.failover_time_s;
      const ratios: ReplicationOutput["ratios"] = m === undefined ? {} : { "m.failover_time_s": { numerator: m.pooled!.sum, denominator: m.pooled!.count, unit: "s", events: [...m.pooled!.events] } };
      return { replication, values: {}, times: {}, ratios };
    });
  }

  it("pools Σ values / Σ events, not the mean of the replications' means, and keeps replications without events", () => {
    // Means per replication 10, 2, (none), 2: their plain mean is 4.67; the pooled mean 20/5 = 4.
    const s = summarise(outputs([[10], [1, 3], [], [2]])).metrics["m.failover_time_s"]!;
    expect(s.mean).toBe(4);
    expect(s.n).toBe(4);
    expect(s.events).toBe(4);
    expect(s.spread).toBe("events");
    // Quantiles and extremes over the events 10, 1, 3, 2 (type 7 median of 1, 2, 3, 10 = 2.5).
    expect([s.min, s.max, s.p50]).toEqual([1, 10, 2.5]);
    // The delta-method interval over all 4 replications (the empty one included): zᵣ = (sumᵣ − 4·countᵣ)/1.
    const z = [10 - 4, 4 - 8, 0, 2 - 4];
    const se = Math.sqrt(z.reduce((a, x) => a + x * x, 0) / (4 * 3));
    expect(s.ci95[1] - s.mean).toBeCloseTo(3.182446305284263 * se, 10);
  });

  it("is absent when no replication saw an event", () => {
    expect(summarise(outputs([[], []])).metrics["m.failover_time_s"]).toBeUndefined();
  });
});
