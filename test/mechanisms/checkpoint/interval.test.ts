/**
 * Young's and Daly's intervals against the instances of case F (minutes,
 * δ = 5 min), and the platform MTBF a job derives from the stated failure
 * rates of its nodes.
 */
import { describe, expect, it } from "vitest";
import { dalyInterval, expectedWallTime, youngInterval } from "../../../src/mechanisms/checkpoint/interval.js";
import { runJob } from "./fixture.js";

describe("checkpoint intervals", () => {
  it.each([
    { m: 1440, young: 120, daly: 116.69 },
    { m: 360, young: 60, daly: 56.713 },
    { m: 15, young: 12.247, daly: 9.141 },
  ])("M = $m min: Young $young, Daly $daly (δ = 5 min)", ({ m, young, daly }) => {
    expect(youngInterval(5, m)).toBeCloseTo(young, 3);
    expect(dalyInterval(5, m)).toBeCloseTo(daly, 3);
  });

  it("Daly's estimate is M when δ ≥ 2M", () => {
    expect(dalyInterval(30, 10)).toBe(10);
  });

  it("the expected wall time sums the segments, a shorter last one included", () => {
    const M = 1440;
    const seg = (w: number) => M * Math.exp(10 / M) * Math.expm1((w + 5) / M);
    expect(expectedWallTime(250, 100, 5, 10, M)).toBeCloseTo(2 * seg(100) + seg(50), 9);
    expect(expectedWallTime(30_000, 120, 5, 10, M) / 60).toBeCloseTo(547.8992, 3);
  });

  it("M = 1/Σλ over the nodes' own lives and their fail-stop and precursor faults; young and daly use it", () => {
    // 4 nodes with no own life; a fail-stop fault every 400 d and a precursor every 400 d on each: λ = 4 × 2 / 400 d.
    const faults = [
      { type: "fail-stop", name: "fs", target: "node", every: "400d" },
      { type: "precursor", name: "pre", target: "node", every: "400d", lead: "1h" },
    ];
    const { metrics } = runJob({ faults, config: { interval: "young", tau: undefined } });
    const m = (400 * 86400) / 8;
    expect(metrics.young_interval_s).toBeCloseTo(Math.sqrt(2 * 40 * m), 6); // δ = 40 s as measured
    expect(metrics.daly_interval_s).toBeCloseTo(dalyInterval(40, m), 6);
    expect(metrics.interval_s).toBeCloseTo(Math.sqrt(2 * 40 * m), 6);
    const given = runJob({ faults, config: { interval: "daly", tau: undefined, mtbf: "10d" } });
    expect(given.metrics.interval_s).toBeCloseTo(dalyInterval(40, 864000), 6);
  });
});
