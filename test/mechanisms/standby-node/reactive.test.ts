import { describe, expect, it } from "vitest";
import { failStop, fixed, system } from "./fixture.js";

describe("standby-node, reactive failover (sudden failures)", () => {
  it("keeps the service down for the restart after a sudden failure of the active node, then up on the standby", () => {
    const { sim, service, metrics } = system({ faults: [failStop("cpu[0]", 100)] });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [105, true]]);
    expect(metrics().reactive_failovers!.value).toBe(1);
    expect(metrics().failover_time_s!.value).toBe(5);
    expect(metrics().proactive_transfers!.value).toBe(0);
  });

  it("starts the failed node's repair when the takeover completes, and makes it the standby", () => {
    // cpu[0] fails at 100, restart to 105, repair 105 → 115; cpu[1] fails at 200 and cpu[0] takes over until 205.
    const { sim, service, changes } = system({ faults: [failStop("cpu[0]", 100), failStop("cpu[1]", 200)] });
    const cpu0 = changes("cpu[0]");
    sim.run({ until: 300 });
    expect(cpu0).toEqual([[100, false], [115, true]]);
    expect(service).toEqual([[100, false], [105, true], [200, false], [205, true]]);
  });

  it("recovers an uncovered failure with uncovered_recovery instead of the restart", () => {
    const { sim, service, metrics } = system({ faults: [failStop("cpu[0]", 100)], config: { coverage: 0, uncovered_recovery: fixed(20) } });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [120, true]]);
    expect(metrics().uncovered_failures!.value).toBe(1);
    expect(metrics().reactive_failovers!.value).toBe(1);
  });

  it("has no outage when the standby fails, and repairs it at once", () => {
    const { sim, service, changes } = system({ faults: [failStop("cpu[1]", 50)] });
    const cpu1 = changes("cpu[1]");
    sim.run({ until: 100 });
    expect(service).toEqual([]);
    expect(cpu1).toEqual([[50, false], [60, true]]);
  });

  it("stays down until the first repair when the standby fails during the restart; the node that failed first is repaired first", () => {
    // cpu[0] fails at 100 (restart to 105); cpu[1] fails at 102: both repairs start at 102 (one crew each): back at 112.
    const { sim, service, changes, metrics } = system({ faults: [failStop("cpu[0]", 100), failStop("cpu[1]", 102)], config: {} });
    const cpu0 = changes("cpu[0]");
    sim.run({ until: 200 });
    expect(cpu0).toEqual([[100, false], [112, true]]);
    // The first node back (cpu[0], repaired first in event order) resumes the workload at once (case B's S0 → S1).
    expect(service).toEqual([[100, false], [112, true]]);
    expect(metrics().failover_time_s).toBeUndefined();
  });

  it("with one repair crew, repairs the node that failed first first and the other after it", () => {
    const { sim, service, changes } = system({ crews: 1, faults: [failStop("cpu[0]", 100), failStop("cpu[1]", 102)] });
    const cpu0 = changes("cpu[0]");
    const cpu1 = changes("cpu[1]");
    sim.run({ until: 200 });
    expect(cpu0).toEqual([[100, false], [112, true]]);
    expect(cpu1).toEqual([[102, false], [122, true]]);
    expect(service).toEqual([[100, false], [112, true]]);
  });

  it("goes down with no standby (unprotected) and serves again with the first node back", () => {
    // cpu[1] (standby) fails at 50; cpu[0] fails at 55 while cpu[1] is in repair.
    const { sim, service, metrics } = system({ faults: [failStop("cpu[1]", 50), failStop("cpu[0]", 55)] });
    sim.run({ until: 200 });
    // cpu[1] back at 60 resumes the workload at once; cpu[0]'s repair was dispatched at 55 (nothing to fail over to).
    expect(service).toEqual([[55, false], [60, true]]);
    expect(metrics().unprotected_failures!.value).toBe(1);
    expect(metrics().reactive_failovers!.value).toBe(0);
  });

  it("detects a hang (not self-reported) after the detection time, then restarts the workload on the standby", () => {
    const { sim, service, events } = system({
      faults: [{ type: "hang", name: "h", target: "cpu[0]", at: "100s", duration: "1000s" }],
      config: { detection: "3s" },
    });
    sim.run({ until: 2000 });
    expect(service).toEqual([[100, false], [108, true]]);
    // The hung node reboots at 1100 and becomes the standby: a failure of cpu[1] then fails over to it.
    expect(events()).toContainEqual([103, "failover-start"]);
  });

  it("a rebooted node that was hung becomes the standby", () => {
    const { sim, service } = system({
      faults: [{ type: "hang", name: "h", target: "cpu[0]", at: "100s", duration: "50s" }, failStop("cpu[1]", 500)],
      config: { detection: "3s" },
    });
    sim.run({ until: 2000 });
    expect(service).toEqual([[100, false], [108, true], [500, false], [505, true]]);
  });

  it("dispatches the held repair of a hung node at the instant it then fail-stops (no state change to hear)", () => {
    const { sim, model, service } = system({
      faults: [{ type: "hang", name: "h", target: "cpu[0]", at: "100s", duration: "1000s" }, failStop("cpu[0]", 200)],
      config: { detection: "3s" },
    });
    const dispatched: number[] = [];
    model.inventory.find("cpu[0]")![0]!.onRepairDispatched((_, now) => dispatched.push(now));
    sim.run({ until: 2000 });
    expect(dispatched).toEqual([200]);
    // Repaired at 210 (10 s repair), it is the standby: no further outage.
    expect(service).toEqual([[100, false], [108, true]]);
  });

  it("counts only the failovers that begin after the warm-up", () => {
    const { sim, metrics } = system({ warmup: 150, faults: [failStop("cpu[0]", 100), failStop("cpu[1]", 200)] });
    sim.run({ until: 300 });
    expect(metrics().reactive_failovers!.value).toBe(1);
  });
});

describe("standby-node, more than one active node", () => {
  it("serves while every workload runs: a failure of either active node is an outage until the restart ends", () => {
    const { sim, service, metrics } = system({ nodes: 3, faults: [failStop("cpu[1]", 100)] });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [105, true]]);
    expect(metrics().reactive_failovers!.value).toBe(1);
  });

  it("a second active failure while the standby is taken waits for the first node back", () => {
    // cpu[0] fails at 100 → cpu[2] restarts its workload (to 105); cpu[1] fails at 101: no standby,
    // its repair dispatched at once; it is back at 111 and resumes its own workload there at once.
    const { sim, service, metrics } = system({ nodes: 3, faults: [failStop("cpu[0]", 100), failStop("cpu[1]", 101)] });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [111, true]]);
    expect(metrics().unprotected_failures!.value).toBe(1);
  });
});
