import { describe, expect, it } from "vitest";
import { failStop, fixed, system } from "./fixture.js";

describe("standby-node, IO domains", () => {
  it("the other IO domain takes over the failed active one after io_failover, service down meanwhile", () => {
    const { sim, service, metrics } = system({ faults: [failStop("iodom[0]", 100)], config: { io_failover: "3s" } });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [103, true]]);
    expect(metrics().io_failovers!.value).toBe(1);
  });

  it("takes io_failover as a distribution too", () => {
    const { sim, service } = system({ faults: [failStop("iodom[0]", 100)], config: { io_failover: fixed(4) } });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [104, true]]);
  });

  it("a failure of the waiting IO domain costs nothing", () => {
    const { sim, service, metrics } = system({ faults: [failStop("iodom[1]", 100)] });
    sim.run({ until: 300 });
    expect(service).toEqual([]);
    expect(metrics().io_failovers!.value).toBe(0);
  });

  it("the repaired domain waits, and takes over when the other one fails in turn", () => {
    // iodom[0] fails at 100 (back at 110, waiting); iodom[1] fails at 200: iodom[0] takes over after 5 s (the default).
    const { sim, service, metrics } = system({ faults: [failStop("iodom[0]", 100), failStop("iodom[1]", 200)] });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [105, true], [200, false], [205, true]]);
    expect(metrics().io_failovers!.value).toBe(2);
  });

  it("with both IO domains down, IO resumes with the first one repaired, at once", () => {
    // iodom[0] fails at 100, iodom[1] at 102 during the takeover; iodom[0] back at 110 carries IO at once.
    const { sim, service } = system({ faults: [failStop("iodom[0]", 100), failStop("iodom[1]", 102)] });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [110, true]]);
  });

  it("an IO failover and a node failover overlapping make one outage until both end", () => {
    const { sim, service } = system({ faults: [failStop("iodom[0]", 100), failStop("cpu[0]", 101)], config: { io_failover: "10s" } });
    sim.run({ until: 300 });
    expect(service).toEqual([[100, false], [110, true]]);
  });
});
