import { describe, it, expect } from "vitest";
import { makeDistribution } from "../../src/engine/distributions.js";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { Component } from "../../src/hardware/component.js";
import { RepairShop } from "../../src/hardware/repair-shop.js";
import { StochasticFailures, type FailureModel } from "../../src/faults/stochastic-failures.js";

const fixed = (value: number) => makeDistribution({ kind: "deterministic", value });

/** One component driven by `model`, with its up/down changes recorded as [time, up]. */
function setup(model: FailureModel, options: { crews?: number; id?: string } = {}) {
  const sim = new Simulator();
  const streams = new RandomStreams(1, 0);
  const shop = new RepairShop(sim, options.crews ?? Infinity);
  const component = new Component(options.id ?? "cpu", "cpu");
  const trace: [number, boolean][] = [];
  component.onChange((up, now) => trace.push([now, up]));
  const failures = new StochasticFailures(sim, component, model, streams, shop);
  return { sim, streams, shop, component, trace, failures };
}

describe("StochasticFailures with deterministic times", () => {
  it("fails at the sampled life and comes back after the repair time, again and again", () => {
    const { sim, trace, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    failures.start();
    sim.run({ until: 30 });
    expect(trace).toEqual([[10, false], [12, true], [22, false], [24, true]]);
  });

  it("does nothing before start is called", () => {
    const { sim, trace } = setup({ failure: fixed(10), repair: fixed(2) });
    sim.run({ until: 30 });
    expect(trace).toEqual([]);
  });

  it("leaves a component down for good when it has no repair distribution", () => {
    const { sim, trace, failures } = setup({ failure: fixed(10) });
    failures.start();
    sim.run({ until: 1000 });
    expect(trace).toEqual([[10, false]]);
    expect(sim.pending).toBe(0);
  });

  it("records the cause of a failure and of a repair", () => {
    const { sim, component, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    failures.start();
    sim.run({ until: 10 });
    expect(component.lastCause).toBe("failure");
    sim.run({ until: 12 });
    expect(component.lastCause).toBe("repaired");
  });

  it("waits for a free crew before the repair time starts counting", () => {
    const sim = new Simulator();
    const streams = new RandomStreams(1, 0);
    const shop = new RepairShop(sim, 1);
    const a = new Component("a", "cpu");
    const b = new Component("b", "cpu");
    const upAt: Record<string, number[]> = { a: [], b: [] };
    a.onChange((up, now) => up && upAt.a!.push(now));
    b.onChange((up, now) => up && upAt.b!.push(now));
    new StochasticFailures(sim, a, { failure: fixed(10), repair: fixed(5) }, streams, shop).start();
    new StochasticFailures(sim, b, { failure: fixed(11), repair: fixed(5) }, streams, shop).start();
    sim.run({ until: 21 });
    expect(upAt).toEqual({ a: [15], b: [20] });
  });
});

describe("StochasticFailures and dormancy", () => {
  it("freezes the remaining life while dormant and resumes it on waking", () => {
    const { sim, component, trace, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    failures.start();
    sim.scheduleAt(4, () => component.setDormant(true, sim.now));
    sim.scheduleAt(20, () => component.setDormant(false, sim.now));
    sim.run({ until: 30 });
    expect(trace[0]).toEqual([26, false]);
  });

  it("never fails while dormant", () => {
    const { sim, component, trace, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    component.setDormant(true, 0);
    failures.start();
    sim.run({ until: 1000 });
    expect(trace).toEqual([]);
  });

  it("starts the full life on first waking when dormant from the start", () => {
    const { sim, component, trace, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    component.setDormant(true, 0);
    failures.start();
    sim.scheduleAt(50, () => component.setDormant(false, sim.now));
    sim.run({ until: 65 });
    expect(trace[0]).toEqual([60, false]);
  });

  it("accumulates life across several dormant periods", () => {
    const { sim, component, trace, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    failures.start();
    sim.scheduleAt(3, () => component.setDormant(true, sim.now)); // 7 left
    sim.scheduleAt(10, () => component.setDormant(false, sim.now));
    sim.scheduleAt(14, () => component.setDormant(true, sim.now)); // 3 left
    sim.scheduleAt(100, () => component.setDormant(false, sim.now));
    sim.run({ until: 110 });
    expect(trace[0]).toEqual([103, false]);
  });

  it("freezes the fresh life of a component repaired while dormant", () => {
    const { sim, component, trace, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    failures.start();
    sim.scheduleAt(11, () => component.setDormant(true, sim.now)); // down, repair ends at 12
    sim.scheduleAt(40, () => component.setDormant(false, sim.now));
    sim.run({ until: 60 });
    expect(trace).toEqual([[10, false], [12, true], [50, false], [52, true]]);
  });
});

describe("StochasticFailures with held repairs", () => {
  it("starts the repair only when it is dispatched", () => {
    const { sim, component, trace, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    component.holdRepairs();
    failures.start();
    sim.scheduleAt(15, () => component.dispatchRepair(sim.now));
    sim.run({ until: 20 });
    expect(trace).toEqual([[10, false], [17, true]]);
  });

  it("keeps a component with a held repair down while nobody dispatches it", () => {
    const { sim, component, trace, failures } = setup({ failure: fixed(10), repair: fixed(2) });
    component.holdRepairs();
    failures.start();
    sim.run({ until: 1000 });
    expect(trace).toEqual([[10, false]]);
    expect(component.awaitingRepairDispatch).toBe(true);
  });
});

describe("StochasticFailures streams", () => {
  /** Failure times of component `a` up to t=1e4, with `others` more components alongside. */
  function failureTimesOfA(others: string[]): number[] {
    const sim = new Simulator();
    const streams = new RandomStreams(7, 3);
    const shop = new RepairShop(sim, Infinity);
    const model = {
      failure: makeDistribution({ kind: "exponential", mean: 100 }),
      repair: makeDistribution({ kind: "exponential", mean: 10 }),
    };
    const times: number[] = [];
    for (const id of [...others, "a"]) {
      const c = new Component(id, "cpu");
      if (id === "a") c.onChange((up, now) => !up && times.push(now));
      new StochasticFailures(sim, c, model, streams, shop).start();
    }
    sim.run({ until: 10_000 });
    return times;
  }

  it("gives a component the same failure times whatever other components exist", () => {
    const alone = failureTimesOfA([]);
    expect(alone.length).toBeGreaterThan(10);
    expect(failureTimesOfA(["b", "c"])).toEqual(alone);
  });

  it("draws its life from the stream named <id>/failure", () => {
    const { sim, trace, failures } = setup({ failure: makeDistribution({ kind: "exponential", mean: 100 }) }, { id: "disk[3]" });
    failures.start();
    sim.run();
    const u = new RandomStreams(1, 0).stream("disk[3]/failure").next();
    expect(trace[0]![0]).toBe(0 - 100 * Math.log(1 - u));
  });
});
