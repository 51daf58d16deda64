import { describe, expect, it } from "vitest";
import { failStop, fixed, precursor, system } from "./fixture.js";

// Fabric links of 1e9 bytes/s and no latency; memory 1e9 bytes: round 1 of a
// pre-copy takes exactly 1 s. A precursor at 900 announces cpu[0]'s failure at 1000.
const predictor = { recall: 1, precision: 1, precursor_every: "1y" };
const copy = { memory: "1e9B", dirty_rate: "1e8B/s", predictor };

describe("standby-node, proactive transfer on a predicted failure", () => {
  it("pre-copies while the workload runs, pauses only for the stop-and-copy, and the announced failure then hits the standby", () => {
    // Round 1: 1e9 B in 1 s (900 → 901); dirty 1e8 B sendable in 0.1 s ≤ 300 ms: stop-and-copy 901 → 901.1.
    const { sim, service, metrics, events } = system({ faults: [precursor("cpu[0]", 1000, 100)], config: copy });
    sim.run({ until: 2000 });
    expect(service).toEqual([[901, false], [901.1, true]]);
    const m = metrics();
    expect(m.proactive_transfers!.value).toBe(1);
    expect(m.transfer_time_s!.value).toBeCloseTo(1.1, 12);
    expect(m.pause_s!.value).toBeCloseTo(0.1, 12);
    expect(m.copy_rounds!.value).toBe(1);
    expect(m.reactive_failovers!.value).toBe(0);
    expect(m.true_alarms!.value).toBe(1);
    expect(events().map(([, e]) => e)).toEqual(["transfer-start", "stop-and-copy", "transfer-done"]);
  });

  it("runs more pre-copy rounds while the dirty set does not fit the pause budget", () => {
    // max_pause 50 ms: round 2 sends 1e8 B (0.1 s), dirty 1e7 B (10 ms) fits: stop-and-copy of 10 ms.
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100)], config: { ...copy, max_pause: "0.05s" } });
    sim.run({ until: 2000 });
    expect(service).toEqual([[901.1, false], [901.11, true]]);
    expect(metrics().copy_rounds!.value).toBe(2);
    expect(metrics().pause_s!.value).toBeCloseTo(0.01, 12);
    expect(metrics().transfer_time_s!.value).toBeCloseTo(1.11, 12);
  });

  it("stops and copies everything when the dirty rate reaches the bandwidth (no convergence)", () => {
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100)], config: { ...copy, dirty_rate: "2e9B/s" } });
    sim.run({ until: 2000 });
    expect(service).toEqual([[901, false], [902, true]]);
    expect(metrics().pause_s!.value).toBe(1);
  });

  it("stops and copies after max_rounds rounds", () => {
    // max_pause 1 µs never fits; dirty shrinks ×10 per round: rounds of 1, 0.1, 0.01 s, then stop-and-copy of 1e6 B (1 ms).
    const { sim, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100)], config: { ...copy, max_pause: "1e-6s", max_rounds: 3 } });
    sim.run({ until: 2000 });
    expect(metrics().copy_rounds!.value).toBe(3);
    expect(metrics().pause_s!.value).toBeCloseTo(0.001, 12);
  });

  it("with transfer_time, the transfer is a pause of the drawn time and does not use the fabric", () => {
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100)], config: { ...copy, transfer_time: fixed(7) } });
    sim.run({ until: 2000 });
    expect(service).toEqual([[900, false], [907, true]]);
    expect(metrics().copy_rounds).toBeUndefined();
  });

  it("a node that dies mid-transfer (lead shorter than the copy) becomes a reactive failover: restart from the last state", () => {
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 0.5)], config: copy });
    sim.run({ until: 2000 });
    expect(service).toEqual([[1000, false], [1005, true]]);
    expect(metrics().aborted_transfers!.value).toBe(1);
    expect(metrics().reactive_failovers!.value).toBe(1);
    expect(metrics().transfer_time_s).toBeUndefined();
  });

  it("a target that dies mid-transfer aborts it: no outage then; the announced failure is a reactive failover", () => {
    // cpu[1] fails at 900.5 (repair to 910.5); cpu[0] keeps running, fails at 1000 with cpu[1] back as the standby.
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100), failStop("cpu[1]", 900.5)], config: copy });
    sim.run({ until: 2000 });
    expect(service).toEqual([[1000, false], [1005, true]]);
    expect(metrics().aborted_transfers!.value).toBe(1);
  });

  it("a failed fabric link aborts the transfer; the workload keeps running", () => {
    const { sim, service, metrics } = system({
      faults: [precursor("cpu[0]", 1000, 100), failStop("cpu-port[1]", 900.5)],
      config: copy,
    });
    sim.run({ until: 2000 });
    expect(metrics().aborted_transfers!.value).toBe(1);
    expect(service).toEqual([[1000, false], [1005, true]]);
  });

  it("ignores precursors without a predictor: the announced failure is a reactive failover", () => {
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100)], config: { memory: "1e9B" } });
    sim.run({ until: 2000 });
    expect(service).toEqual([[1000, false], [1005, true]]);
    expect(metrics().precursors!.value).toBe(0);
    expect(metrics().proactive_transfers!.value).toBe(0);
  });

  it("a sudden failure pre-empts a proactive transfer that holds the only standby", () => {
    // Two actives (cpu[0], cpu[1]) and standby cpu[2]: cpu[0]'s transfer runs 900 → 901.1; cpu[1] fails at 900.5.
    const { sim, service, metrics } = system({ nodes: 3, faults: [precursor("cpu[0]", 1000, 100), failStop("cpu[1]", 900.5)], config: copy });
    sim.run({ until: 2000 });
    // cpu[2] restarts cpu[1]'s workload (900.5 → 905.5); cpu[1]'s repair starts then (back at 915.5, the standby),
    // so cpu[0]'s announced failure at 1000 is a reactive failover to cpu[1].
    expect(metrics().aborted_transfers!.value).toBe(1);
    expect(service).toEqual([[900.5, false], [905.5, true], [1000, false], [1005, true]]);
  });
});

describe("standby-node, predictor", () => {
  it("misses a precursor with probability 1 − recall", () => {
    const { sim, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100)], config: { ...copy, predictor: { ...predictor, recall: 1e-12 } } });
    sim.run({ until: 2000 });
    expect(metrics().precursors!.value).toBe(1);
    expect(metrics().true_alarms!.value).toBe(0);
    expect(metrics().reactive_failovers!.value).toBe(1);
  });

  it("raises false alarms at the rate that makes the measured precision equal the configured one", () => {
    // recall 0.5, precision 0.25, precursors every ~1000 s per node (failures repaired in 1 s), 2e6 s:
    // ~2000 precursors on the active node, ~1000 true and ~3000 false alarms.
    const horizon = 2e6;
    const { sim, metrics } = system({
      horizon,
      repairS: 1,
      faults: [{ type: "precursor", name: "pre", target: "cpu", every: "1000s", lead: "10s" }],
      config: { ...copy, memory: "1e6B", predictor: { recall: 0.5, precision: 0.25, precursor_every: "1000s" } },
    });
    sim.run({ until: horizon });
    const m = metrics();
    const t = m.true_alarms!.value;
    const f = m.false_alarms!.value;
    const precision = t / (t + f);
    // ~1000 true alarms: binomial SE of the precision ≈ √(p(1−p)/(t+f)) ≈ 0.007.
    expect(t + f).toBeGreaterThan(3000);
    expect(Math.abs(precision - 0.25)).toBeLessThan(3 * Math.sqrt((0.25 * 0.75) / (t + f)));
    expect(Math.abs(t / m.precursors!.value - 0.5)).toBeLessThan(3 * Math.sqrt(0.25 / m.precursors!.value));
  });
});
