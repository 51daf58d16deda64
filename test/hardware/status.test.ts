import { describe, it, expect } from "vitest";
import { StatusSignal } from "../../src/hardware/status.js";

describe("StatusSignal", () => {
  it("starts up by default", () => {
    expect(new StatusSignal("s").up).toBe(true);
  });

  it("starts down when asked to", () => {
    expect(new StatusSignal("s", false).up).toBe(false);
  });

  it("keeps its id", () => {
    expect(new StatusSignal("svc").id).toBe("svc");
  });

  it("tells every listener the new value and the time on a change", () => {
    const s = new StatusSignal("s");
    const a: [boolean, number][] = [];
    const b: [boolean, number][] = [];
    s.onChange((up, now) => a.push([up, now]));
    s.onChange((up, now) => b.push([up, now]));
    s.set(false, 3);
    s.set(true, 7);
    expect(a).toEqual([[false, 3], [true, 7]]);
    expect(b).toEqual(a);
    expect(s.up).toBe(true);
  });

  it("does not call listeners when the value is set to what it already is", () => {
    const s = new StatusSignal("s");
    let calls = 0;
    s.onChange(() => calls++);
    s.set(true, 1);
    s.set(false, 2);
    s.set(false, 3);
    expect(calls).toBe(1);
  });
});
