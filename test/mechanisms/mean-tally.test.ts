import { describe, expect, it } from "vitest";
import { MeanTally, putMean } from "../../src/mechanisms/mean-tally.js";
import type { MechanismMetric } from "../../src/mechanisms/mechanism.js";

describe("MeanTally", () => {
  it("gives the mean of what was added, in the unit asked for", () => {
    const t = new MeanTally();
    [2, 4, 9].forEach((x) => t.add(x));
    expect(t.count).toBe(3);
    expect(t.metric("s")).toEqual({ value: 5, unit: "s" });
  });

  it("leaves the metric out over no events (absent, not 0 or NaN)", () => {
    const metrics: Record<string, MechanismMetric> = {};
    putMean(metrics, "failover_time_s", new MeanTally(), "s");
    expect(metrics).toEqual({});
    const one = new MeanTally();
    one.add(0);
    putMean(metrics, "failover_time_s", one, "s");
    expect(metrics).toEqual({ failover_time_s: { value: 0, unit: "s" } });
  });
});
