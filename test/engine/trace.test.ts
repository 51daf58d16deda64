import { describe, expect, it } from "vitest";
import { NO_TRACE, Trace, type TraceRecord } from "../../src/engine/trace.js";

describe("Trace", () => {
  it("records to its sink, leaving out an absent detail", () => {
    const lines: TraceRecord[] = [];
    const trace = new Trace((r) => lines.push(r));
    expect(trace.enabled).toBe(true);
    trace.record(1.5, "disk[0]", "down", "failure");
    trace.record(2, "dimm", "ue", "fault", { page: 7, owner: "vm1" });
    expect(lines).toEqual([
      { t: 1.5, component: "disk[0]", event: "down", cause: "failure" },
      { t: 2, component: "dimm", event: "ue", cause: "fault", detail: { page: 7, owner: "vm1" } },
    ]);
    expect(Object.keys(lines[0]!)).toEqual(["t", "component", "event", "cause"]);
  });

  it("is disabled and silent without a sink", () => {
    expect(NO_TRACE.enabled).toBe(false);
    expect(() => NO_TRACE.record(0, "x", "up", "initial")).not.toThrow();
  });
});
