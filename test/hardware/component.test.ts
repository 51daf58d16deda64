import { describe, it, expect } from "vitest";
import { Component } from "../../src/hardware/component.js";

/** A component with recorders for its state changes, dormancy changes and repair dispatches. */
function watched() {
  const c = new Component("disk[0]", "disk");
  const changes: [boolean, number][] = [];
  const dormancy: [boolean, number][] = [];
  const repairs: number[] = [];
  c.onChange((up, now) => changes.push([up, now]));
  c.onDormancyChange((comp, now) => dormancy.push([comp.dormant, now]));
  c.onRepairDispatched((_, now) => repairs.push(now));
  return { c, changes, dormancy, repairs };
}

describe("Component state", () => {
  it("starts up, awake and with no repair pending", () => {
    const c = new Component("cpu", "processor");
    expect(c.up).toBe(true);
    expect(c.dormant).toBe(false);
    expect(c.awaitingRepairDispatch).toBe(false);
    expect(c.kind).toBe("processor");
    expect(c.lastCause).toBe("initial");
  });

  it("goes down on fail and records the cause", () => {
    const { c, changes } = watched();
    c.fail(5, "disk crash");
    expect(c.up).toBe(false);
    expect(c.lastCause).toBe("disk crash");
    expect(changes).toEqual([[false, 5]]);
  });

  it("ignores a fail while already down, keeping the first cause", () => {
    const { c, changes, repairs } = watched();
    c.fail(5, "first");
    c.fail(6, "second");
    expect(changes).toEqual([[false, 5]]);
    expect(repairs).toEqual([5]);
    expect(c.lastCause).toBe("first");
  });

  it("comes back up on restore and records the cause", () => {
    const { c, changes } = watched();
    c.fail(5, "failure");
    c.restore(9, "repaired");
    expect(c.up).toBe(true);
    expect(c.lastCause).toBe("repaired");
    expect(changes).toEqual([[false, 5], [true, 9]]);
  });

  it("ignores a restore while already up", () => {
    const { c, changes } = watched();
    c.restore(1, "repaired");
    expect(changes).toEqual([]);
    expect(c.lastCause).toBe("initial");
  });
});

describe("Component repair dispatch", () => {
  it("dispatches the repair at the failure time when repairs are not held", () => {
    const { c, repairs } = watched();
    c.fail(4, "failure");
    expect(repairs).toEqual([4]);
    expect(c.awaitingRepairDispatch).toBe(false);
  });

  it("tells state listeners of the failure before dispatching the repair", () => {
    const c = new Component("x", "x");
    const order: string[] = [];
    c.onChange(() => order.push("down"));
    c.onRepairDispatched(() => order.push("repair"));
    c.fail(1, "failure");
    expect(order).toEqual(["down", "repair"]);
  });

  it("holds the repair of a failure until dispatchRepair when repairs are held", () => {
    const { c, repairs } = watched();
    c.holdRepairs();
    c.fail(4, "failure");
    expect(repairs).toEqual([]);
    expect(c.awaitingRepairDispatch).toBe(true);
    c.dispatchRepair(10);
    expect(repairs).toEqual([10]);
    expect(c.awaitingRepairDispatch).toBe(false);
  });

  it("dispatches a held repair only once however often dispatchRepair is called", () => {
    const { c, repairs } = watched();
    c.holdRepairs();
    c.fail(4, "failure");
    c.dispatchRepair(10);
    c.dispatchRepair(11);
    expect(repairs).toEqual([10]);
  });

  it("ignores dispatchRepair on a component that has not failed", () => {
    const { c, repairs } = watched();
    c.holdRepairs();
    c.dispatchRepair(1);
    expect(repairs).toEqual([]);
  });

  it("lets a state listener dispatch a held repair during the failure, without a second dispatch", () => {
    const c = new Component("x", "x");
    const repairs: number[] = [];
    c.holdRepairs();
    c.onChange((up, now) => {
      if (!up) c.dispatchRepair(now);
    });
    c.onRepairDispatched((_, now) => repairs.push(now));
    c.fail(2, "failure");
    expect(repairs).toEqual([2]);
  });

  it("holds the repair of each new failure again after a repair", () => {
    const { c, repairs } = watched();
    c.holdRepairs();
    c.fail(1, "failure");
    c.dispatchRepair(2);
    c.restore(3, "repaired");
    c.fail(4, "failure");
    expect(repairs).toEqual([2]);
    expect(c.awaitingRepairDispatch).toBe(true);
  });
});

describe("Component dormancy", () => {
  it("tells dormancy listeners when it is powered down and up", () => {
    const { c, dormancy } = watched();
    c.setDormant(true, 2);
    expect(c.dormant).toBe(true);
    c.setDormant(false, 5);
    expect(c.dormant).toBe(false);
    expect(dormancy).toEqual([[true, 2], [false, 5]]);
  });

  it("does not call dormancy listeners when dormancy is set to its current value", () => {
    const { c, dormancy } = watched();
    c.setDormant(false, 1);
    c.setDormant(true, 2);
    c.setDormant(true, 3);
    expect(dormancy).toEqual([[true, 2]]);
  });

  it("does not change the up/down state when it becomes dormant", () => {
    const { c, changes } = watched();
    c.setDormant(true, 1);
    expect(c.up).toBe(true);
    expect(changes).toEqual([]);
  });
});
