import { describe, expect, it } from "vitest";
import { WindowClock } from "../../src/mechanisms/window-clock.js";

describe("WindowClock", () => {
  it("adds the time the condition held, clipped to [warmup, horizon]", () => {
    const clock = new WindowClock(10, 100);
    clock.set(true, 5); // before the window: only [10, 20] counts
    clock.set(false, 20);
    clock.set(false, 30); // no change
    clock.set(true, 40);
    clock.set(true, 45); // no change: still since 40
    clock.set(false, 50);
    expect(clock.totalS(60)).toBe(20);
    expect(clock.on).toBe(false);
  });

  it("counts a condition still holding up to `now`, and never past the horizon", () => {
    const clock = new WindowClock(0, 100);
    clock.set(true, 90);
    expect(clock.on).toBe(true);
    expect(clock.totalS(95)).toBe(5);
    expect(clock.totalS(120)).toBe(10);
  });
});
