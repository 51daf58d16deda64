import { describe, it, expect } from "vitest";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { ModelReferenceError } from "../../../src/hardware/inventory.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";
import { modelReferenceError } from "../../support/scenarios.js";

const fixed = (value: number) => ({ dist: "deterministic", value: `${value}s` });
const NEVER = 1e9;

interface Pair {
  /** Life of unit a (starts active) and b (starts standby), s; restarts after each repair. */
  lifeA: number;
  lifeB: number;
  repairA: number;
  repairB: number;
  /** Extra config of the active-standby entry. */
  config?: Record<string, unknown>;
}

/**
 * Units a and b under an active-standby mechanism named "pair", which is the
 * service. Returns the simulator, the model and the [time, up] changes of the
 * service and of each unit.
 */
function pair(p: Pair) {
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: `${NEVER}s`,
    components: [
      { name: "a", failure: fixed(p.lifeA), repair: fixed(p.repairA) },
      { name: "b", failure: fixed(p.lifeB), repair: fixed(p.repairB) },
    ],
    mechanisms: [{ type: "active-standby", name: "pair", units: ["a", "b"], ...p.config }],
    service: "pair",
  });
  const sim = new Simulator();
  const model = buildModel(scenario, sim, new RandomStreams(1, 0));
  const unit = (id: string) => model.inventory.find(id)![0]!;
  const trace = { service: [] as [number, boolean][], a: [] as [number, boolean][], b: [] as [number, boolean][] };
  model.service.onChange((up, now) => trace.service.push([now, up]));
  unit("a").onChange((up, now) => trace.a.push([now, up]));
  unit("b").onChange((up, now) => trace.b.push([now, up]));
  model.start();
  const metrics = () => model.mechanisms[0]!.instance.finish();
  return { sim, model, unit, trace, metrics };
}

describe("active-standby, hot standby", () => {
  it("keeps the service down for the switchover after a covered failure of the active unit, then up", () => {
    const { sim, trace } = pair({ lifeA: 100, lifeB: NEVER, repairA: 10, repairB: 10, config: { switchover: fixed(5) } });
    sim.run({ until: 300 });
    expect(trace.service).toEqual([[100, false], [105, true]]);
  });

  it("starts the failed active unit's repair when the switchover completes", () => {
    const { sim, trace } = pair({ lifeA: 100, lifeB: NEVER, repairA: 10, repairB: 10, config: { switchover: fixed(5) } });
    sim.run({ until: 150 });
    expect(trace.a).toEqual([[100, false], [115, true]]);
  });

  it("switches over without an outage when the switchover is instantaneous", () => {
    const { sim, trace, metrics } = pair({ lifeA: 100, lifeB: NEVER, repairA: 10, repairB: 10 });
    sim.run({ until: 150 });
    expect(trace.service).toEqual([]);
    expect(trace.a).toEqual([[100, false], [110, true]]);
    expect(metrics().switchovers!.value).toBe(1);
  });

  it("has no outage when the standby fails, and repairs the standby at once", () => {
    const { sim, trace } = pair({ lifeA: NEVER, lifeB: 50, repairA: 10, repairB: 10, config: { switchover: fixed(5) } });
    sim.run({ until: 100 });
    expect(trace.service).toEqual([]);
    expect(trace.b).toEqual([[50, false], [60, true]]);
  });

  it("treats the repaired former active unit as the standby", () => {
    // a fails at 100, b active from 105; a repaired at 115 fails again at 215 as standby.
    const { sim, trace } = pair({ lifeA: 100, lifeB: NEVER, repairA: 10, repairB: 10, config: { switchover: fixed(5) } });
    sim.run({ until: 300 });
    expect(trace.service).toEqual([[100, false], [105, true]]);
    expect(trace.a).toEqual([[100, false], [115, true], [215, false], [225, true]]);
  });

  it("stays down until the first repair completes when the standby fails during a switchover, with both repairs dispatched", () => {
    // a fails at 100 (switchover to 105); b fails at 102; both repairs start at 102: b back at 112, a at 122.
    const { sim, trace } = pair({ lifeA: 100, lifeB: 102, repairA: 20, repairB: 10, config: { switchover: fixed(5) } });
    sim.run({ until: 150 });
    expect(trace.service).toEqual([[100, false], [112, true]]);
    expect(trace.b).toEqual([[102, false], [112, true]]);
    expect(trace.a).toEqual([[100, false], [122, true]]);
  });

  it("does not count a switchover cut short by the standby's failure in switchover_time_s", () => {
    const { sim, metrics } = pair({ lifeA: 100, lifeB: 102, repairA: 20, repairB: 10, config: { switchover: fixed(5) } });
    sim.run({ until: 150 });
    expect(metrics().switchovers!.value).toBe(1);
    expect(metrics().switchover_time_s).toBeUndefined();
    // In state SO from 100 until the standby failed at 102 (SO → S0): 2 s.
    expect(metrics().switchover_downtime_s!.value).toBe(2);
  });

  it("counts only the switchovers that begin after the warm-up", () => {
    // Cold standby, lives of 100 s: cpu[0] fails at 100 (before the 120 s warm-up), cpu[1] takes over
    // at 105 with its frozen life of 100 s and fails at 200, when cpu[0] (repaired at 125) takes over.
    const scenario = scenarioSchema.parse({
      name: "t",
      horizon: "1000s",
      warmup: "120s",
      components: [{ name: "cpu", count: 2, failure: { dist: "deterministic", value: "100s" }, repair: { dist: "deterministic", value: "20s" } }],
      mechanisms: [{ type: "active-standby", name: "pair", units: "cpu", standby: "cold", switchover: { dist: "deterministic", value: "5s" } }],
      service: "pair",
    });
    const sim = new Simulator();
    const model = buildModel(scenario, sim, new RandomStreams(1, 0));
    model.start();
    sim.run({ until: 250 });
    const metrics = model.mechanisms[0]!.instance.finish();
    expect(metrics.switchovers!.value).toBe(1);
    expect(metrics.switchover_downtime_s!.value).toBe(5);
  });

  it("clips the time in switchover to the window: one straddling the warm-up, one still running at the horizon", () => {
    // As above, with a warm-up of 102 s and a horizon of 203 s: 102–105 and 200–203 count, 6 s.
    const scenario = scenarioSchema.parse({
      name: "t",
      horizon: "203s",
      warmup: "102s",
      components: [{ name: "cpu", count: 2, failure: { dist: "deterministic", value: "100s" }, repair: { dist: "deterministic", value: "20s" } }],
      mechanisms: [{ type: "active-standby", name: "pair", units: "cpu", standby: "cold", switchover: { dist: "deterministic", value: "5s" } }],
      service: "pair",
    });
    const sim = new Simulator();
    const model = buildModel(scenario, sim, new RandomStreams(1, 0));
    model.start();
    sim.run({ until: 203 });
    const metrics = model.mechanisms[0]!.instance.finish();
    expect(metrics.switchover_downtime_s!.value).toBeCloseTo(6, 9);
    expect(metrics.uncovered_downtime_s!.value).toBe(0);
  });

  it("goes down when the active unit fails while the standby is being repaired, and serves with the first unit back", () => {
    // b fails at 50 (repair to 80); a fails at 60 with nothing to switch to (repair to 70).
    const { sim, trace, metrics } = pair({ lifeA: 60, lifeB: 50, repairA: 10, repairB: 30, config: { switchover: fixed(5) } });
    sim.run({ until: 75 });
    expect(trace.service).toEqual([[60, false], [70, true]]);
    expect(trace.a).toEqual([[60, false], [70, true]]);
    expect(metrics().switchovers!.value).toBe(0);
  });

  it("does not let a stale switchover from an earlier failure end a later switchover early", () => {
    // a fails at 10 (switchover to 20); b fails at 11 -> both repaired (a at 13, serving; b at 14).
    // a fails again at 15 with b up: a new 10 s switchover, so the service is back at 25, not 20.
    const { sim, unit, trace } = pair({ lifeA: NEVER, lifeB: NEVER, repairA: 2, repairB: 3, config: { switchover: fixed(10) } });
    sim.scheduleAt(10, () => unit("a").fail(sim.now, "test"));
    sim.scheduleAt(11, () => unit("b").fail(sim.now, "test"));
    sim.scheduleAt(15, () => unit("a").fail(sim.now, "test"));
    sim.run({ until: 40 });
    expect(trace.service).toEqual([[10, false], [13, true], [15, false], [25, true]]);
  });
});

describe("active-standby, cold standby", () => {
  it("starts the standby dormant", () => {
    const { unit } = pair({ lifeA: 100, lifeB: 50, repairA: 10, repairB: 10, config: { standby: "cold" } });
    expect(unit("b").dormant).toBe(true);
    expect(unit("a").dormant).toBe(false);
  });

  it("does not fail the standby while it is dormant", () => {
    // Hot, b would fail at 50; cold, it ages only from 100, when it takes over.
    const { sim, trace } = pair({ lifeA: 100, lifeB: 50, repairA: 10, repairB: 10, config: { standby: "cold", switchover: fixed(5) } });
    sim.run({ until: 200 });
    expect(trace.b[0]).toEqual([150, false]);
    expect(trace.service).toEqual([[100, false], [105, true], [150, false], [155, true]]);
  });

  it("fails a hot standby during its life while it waits", () => {
    const { sim, trace } = pair({ lifeA: 100, lifeB: 50, repairA: 10, repairB: 10, config: { standby: "hot", switchover: fixed(5) } });
    sim.run({ until: 60 });
    expect(trace.b).toEqual([[50, false], [60, true]]);
  });

  it("puts a repaired unit back to dormant when the other unit is active", () => {
    const { sim, unit, trace } = pair({ lifeA: 100, lifeB: NEVER, repairA: 10, repairB: 10, config: { standby: "cold", switchover: fixed(5) } });
    sim.run({ until: 1000 });
    expect(unit("a").dormant).toBe(true);
    expect(unit("b").dormant).toBe(false);
    expect(trace.a).toEqual([[100, false], [115, true]]);
  });
});

describe("active-standby coverage", () => {
  it("takes the uncovered recovery on every active failure when coverage is 0", () => {
    // a fails at 100 (recovery to 130, repair to 140, fails 240 as standby); b fails at 300 (recovery to 330).
    const { sim, trace, metrics } = pair({
      lifeA: 100,
      lifeB: 300,
      repairA: 10,
      repairB: 10,
      config: { coverage: 0, switchover: fixed(5), uncovered_recovery: fixed(30) },
    });
    sim.run({ until: 335 });
    expect(trace.service).toEqual([[100, false], [130, true], [300, false], [330, true]]);
    expect(metrics().switchovers!.value).toBe(0);
    expect(metrics().uncovered_failures!.value).toBe(2);
    expect(metrics().uncovered_recovery_time_s!.value).toBe(30);
    expect(metrics().switchover_time_s).toBeUndefined();
    expect(metrics().uncovered_downtime_s!.value).toBe(60);
    expect(metrics().switchover_downtime_s!.value).toBe(0);
  });

  it("needs uncovered_recovery when coverage is below 1", () => {
    expect(() => pair({ lifeA: 100, lifeB: 100, repairA: 1, repairB: 1, config: { coverage: 0.9 } })).toThrow(ModelReferenceError);
  });
});

describe("active-standby metrics", () => {
  it("counts switchovers and averages their duration", () => {
    // Switchovers at 100 (a), 150 (b), 215 (a), each 5 s; up to t=300.
    const { sim, trace, metrics } = pair({ lifeA: 100, lifeB: 150, repairA: 10, repairB: 10, config: { switchover: fixed(5) } });
    sim.run({ until: 300 });
    expect(trace.service).toEqual([[100, false], [105, true], [150, false], [155, true], [215, false], [220, true]]);
    expect(metrics()).toEqual({
      switchovers: { value: 3, unit: "count" },
      uncovered_failures: { value: 0, unit: "count" },
      switchover_time_s: { value: 5, unit: "s", pooled: { sum: 15, count: 3, events: [5, 5, 5] } },
      switchover_downtime_s: { value: 15, unit: "s" },
      uncovered_downtime_s: { value: 0, unit: "s" },
    });
  });

  it("reports no switchover time when no switchover completed", () => {
    const { sim, metrics } = pair({ lifeA: NEVER, lifeB: NEVER, repairA: 1, repairB: 1, config: { switchover: fixed(5) } });
    sim.run({ until: 100 });
    expect(metrics().switchover_time_s).toBeUndefined();
    expect(metrics().switchovers!.value).toBe(0);
  });
});

describe("active-standby units", () => {
  /** The ModelReferenceError building a pair over `units` throws, with components cpu (count 2) and lb. */
  function unitsError(units: unknown): ModelReferenceError {
    const scenario = scenarioSchema.parse({
      name: "t",
      horizon: "10s",
      components: [
        { name: "cpu", count: 2, mttf: "100s", mttr: "1s" },
        { name: "lb", mttf: "100s", mttr: "1s" },
      ],
      mechanisms: [{ type: "active-standby", units }],
    });
    return modelReferenceError(scenario);
  }

  it("rejects a group that does not have exactly two members", () => {
    expect(unitsError("lb").path).toEqual(["mechanisms", 0, "units"]);
  });

  it("rejects the same unit listed twice", () => {
    expect(unitsError(["lb", "lb"]).message).toMatch(/two distinct units/);
  });

  it("rejects an unknown unit at its index", () => {
    expect(unitsError(["cpu[0]", "cpu[2]"]).path).toEqual(["mechanisms", 0, "units", 1]);
  });
});

describe("active-standby, a unit that fails while its container is down", () => {
  it("has its held repair dispatched at the failure, so it comes back once the container does", () => {
    // Unit b sits in rack r. The rack goes down at 50 (b down, no failure: nothing to repair);
    // b itself fails at 60 while masked; the rack is back at 70. b's repair (10 s) must start
    // at 60, so b is up again at 70 with its rack; before onFailed it never came back.
    const scenario = scenarioSchema.parse({
      name: "t",
      horizon: `${NEVER}s`,
      components: [
        { name: "r", kind: "rack", failure: fixed(NEVER), repair: fixed(20) },
        { name: "a", failure: fixed(NEVER), repair: fixed(10) },
        { name: "b", in: "r", failure: fixed(NEVER), repair: fixed(10) },
      ],
      faults: [
        { type: "fail-stop", name: "rack-down", target: "r", at: "50s" },
        { type: "fail-stop", name: "b-down", target: "b", at: "60s" },
      ],
      mechanisms: [{ type: "active-standby", name: "pair", units: ["a", "b"] }],
      service: "pair",
    });
    const sim = new Simulator();
    const model = buildModel(scenario, sim, new RandomStreams(1, 0));
    const b = model.inventory.find("b")![0]!;
    const changes: [number, boolean][] = [];
    b.onChange((up, now) => changes.push([now, up]));
    model.start();
    sim.run({ until: 500 });
    expect(changes).toEqual([[50, false], [70, true]]);
  });
});

describe("active-standby, a switchover written as a plain duration", () => {
  it("is a fixed time, the same as a deterministic distribution", () => {
    const plain = pair({ lifeA: 100, lifeB: NEVER, repairA: 10, repairB: 10, config: { switchover: "5s" } });
    const spelled = pair({ lifeA: 100, lifeB: NEVER, repairA: 10, repairB: 10, config: { switchover: fixed(5) } });
    plain.sim.run({ until: 300 });
    spelled.sim.run({ until: 300 });
    expect(plain.trace.service).toEqual([[100, false], [105, true]]);
    expect(plain.trace.service).toEqual(spelled.trace.service);
  });
});
