import { describe, it, expect } from "vitest";
import { StatusSignal } from "../../src/hardware/status.js";
import { ComponentUptime } from "../../src/metrics/component-uptime.js";

describe("ComponentUptime", () => {
  it("reports 1 when no component goes down", () => {
    const uptime = new ComponentUptime([new StatusSignal("a"), new StatusSignal("b")], 0, 100);
    expect(uptime.finish()).toBe(1);
  });

  it("averages down time over components and the window", () => {
    const a = new StatusSignal("a");
    const b = new StatusSignal("b");
    const uptime = new ComponentUptime([a, b], 0, 100);
    a.set(false, 10);
    a.set(true, 30);
    b.set(false, 50);
    b.set(true, 60);
    expect(uptime.finish()).toBeCloseTo(1 - 30 / 200, 12);
  });

  it("clips down time to the window [warmup, horizon]", () => {
    const a = new StatusSignal("a");
    const uptime = new ComponentUptime([a], 20, 100);
    a.set(false, 10);
    a.set(true, 30);
    a.set(false, 90);
    a.set(true, 150);
    expect(uptime.finish()).toBeCloseTo(1 - 20 / 80, 12);
  });

  it("counts a component still down at the horizon up to the horizon", () => {
    const a = new StatusSignal("a");
    const uptime = new ComponentUptime([a], 0, 100);
    a.set(false, 75);
    expect(uptime.finish()).toBeCloseTo(0.75, 12);
  });

  it("counts a component down from the start from time 0", () => {
    const a = new StatusSignal("a", false);
    const uptime = new ComponentUptime([a], 0, 100);
    a.set(true, 40);
    expect(uptime.finish()).toBeCloseTo(0.6, 12);
  });

  it("returns NaN with no components", () => {
    expect(new ComponentUptime([], 0, 100).finish()).toBeNaN();
  });
});
