import { describe, it, expect } from "vitest";
import { Component } from "../../src/hardware/component.js";
import { Trace, type TraceRecord } from "../../src/engine/trace.js";

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

describe("Component containment", () => {
  function rack() {
    const power = new Component("power[0]", "power");
    const r = new Component("rack[0]", "rack");
    const hosts = [0, 1, 2].map((i) => new Component(`host[${i}]`, "host"));
    const outsider = new Component("host[9]", "host");
    power.contain(r);
    for (const h of hosts) r.contain(h);
    return { power, r, hosts, outsider };
  }

  it("a rack event takes down exactly its members, and its repair brings them back", () => {
    const { r, hosts, outsider } = rack();
    r.fail(10, "rack power loss");
    expect(hosts.map((h) => h.up)).toEqual([false, false, false]);
    expect(hosts.map((h) => h.lastCause)).toEqual(["rack[0] down", "rack[0] down", "rack[0] down"]);
    expect(hosts.every((h) => !h.hasFailed)).toBe(true);
    expect(outsider.up).toBe(true);
    r.restore(20, "repaired");
    expect(hosts.map((h) => h.up)).toEqual([true, true, true]);
  });

  it("nests: a power-domain event takes down the racks and their hosts", () => {
    const { power, r, hosts } = rack();
    power.fail(5, "outage");
    expect(r.up).toBe(false);
    expect(hosts.every((h) => !h.up)).toBe(true);
    power.restore(6, "repaired");
    expect(hosts.every((h) => h.up)).toBe(true);
  });

  it("tells onFailed listeners of a failure, also one masked by a down container (where onChange is silent)", () => {
    const rack = new Component("rack", "rack");
    const h = new Component("host", "host");
    rack.contain(h);
    const changes: number[] = [];
    const failures: number[] = [];
    h.onChange((_, now) => changes.push(now));
    h.onFailed((_, now) => failures.push(now));
    h.fail(1, "crash");
    h.restore(2, "repaired");
    rack.fail(3, "power");
    h.fail(4, "crash"); // already down: no change, but a failure
    h.fail(5, "again"); // already failed: nothing
    expect(changes).toEqual([1, 2, 3]);
    expect(failures).toEqual([1, 4]);
  });

  it("a member that failed itself stays down when its container comes back", () => {
    const { r, hosts } = rack();
    hosts[1]!.fail(1, "failure");
    r.fail(2, "rack event");
    r.restore(3, "repaired");
    expect(hosts.map((h) => h.up)).toEqual([true, false, true]);
    hosts[1]!.restore(4, "repaired");
    expect(hosts[1]!.up).toBe(true);
  });

  it("a member stays down until every one of its containers is up", () => {
    const a = new Component("rack", "rack");
    const b = new Component("pdu", "power");
    const h = new Component("host", "host");
    a.contain(h);
    b.contain(h);
    a.fail(1, "x");
    b.fail(2, "y");
    a.restore(3, "repaired");
    expect(h.up).toBe(false);
    b.restore(4, "repaired");
    expect(h.up).toBe(true);
  });

  it("a member placed in a container that is already down starts down", () => {
    const r = new Component("rack", "rack");
    r.fail(0, "x");
    const h = new Component("host", "host");
    r.contain(h);
    expect(h.up).toBe(false);
  });

  it("rejects a containment cycle", () => {
    const a = new Component("a", "rack");
    const b = new Component("b", "host");
    a.contain(b);
    expect(() => b.contain(a)).toThrow(/cycle/);
  });

  it("traces state changes, and a failure masked by a down container", () => {
    const lines: TraceRecord[] = [];
    const { r, hosts } = rack();
    for (const c of [r, ...hosts]) c.trace = new Trace((x) => lines.push(x));
    r.fail(1, "rack event");
    hosts[0]!.fail(2, "failure");
    r.restore(3, "repaired");
    expect(lines.map((l) => `${l.t} ${l.component} ${l.event} ${l.cause}`)).toEqual([
      "1 rack[0] down rack event",
      "1 host[0] down rack[0] down",
      "1 host[1] down rack[0] down",
      "1 host[2] down rack[0] down",
      "2 host[0] fail failure",
      "3 rack[0] up repaired",
      "3 host[1] up rack[0] up",
      "3 host[2] up rack[0] up",
    ]);
  });
});
