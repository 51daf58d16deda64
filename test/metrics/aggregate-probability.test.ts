import { describe, expect, it } from "vitest";
import { summarise } from "../../src/metrics/aggregate.js";
import type { ReplicationOutput } from "../../src/metrics/replication-output.js";
import { wilsonInterval } from "../../src/stats/binomial.js";

const outputs = (values: number[], unit: string): ReplicationOutput[] =>
  values.map((value, replication) => ({ replication, values: { p: { value, unit } }, times: {}, ratios: {} }));

describe("summarise: a 0/1 probability per replication", () => {
  it("gets the Wilson interval of its successes, not Student-t", () => {
    const s = summarise(outputs([0, 1, 0, 0, 1, 0, 0, 0, 0, 0], "probability")).metrics.p!;
    expect(s.mean).toBeCloseTo(0.2, 12);
    expect(s.ci95).toEqual(wilsonInterval(2, 10));
  });
  it("with no event: [0, upper bound] rather than [0, 0]", () => {
    const s = summarise(outputs(new Array<number>(30).fill(0), "probability")).metrics.p!;
    expect(s.ci95[0]).toBe(0);
    expect(s.ci95[1]).toBeGreaterThan(0.1);
  });
  it("a probability that is not 0/1 (an estimate per replication) keeps Student-t, clipped to [0, 1]", () => {
    const s = summarise(outputs([0.2, 0.4, 0.3], "probability")).metrics.p!;
    expect(s.ci95).not.toEqual(wilsonInterval(1, 3));
    expect(s.ci95[0]).toBeGreaterThanOrEqual(0);
  });
});
