import { describe, expect, it } from "vitest";
import type { TraceRecord } from "../../src/engine/trace.js";
import { traceFilter } from "../../src/run/trace.js";

const record = (component: string, event = "down"): TraceRecord => ({ t: 0, component, event, cause: "x" });
const names = ["disk[0]", "disk[1]", "diskette", "service", "network:lan", "network:mgmt", "mgmt", "cpu", "cpu[3]"];
const kept = (components?: string[], events?: string[]) => names.filter((n) => traceFilter({ components, events })(record(n)));

describe("traceFilter", () => {
  it("keeps instance ids, and a group name's instances, not other names with its prefix", () => {
    expect(kept(["disk", "service"])).toEqual(["disk[0]", "disk[1]", "service"]);
  });

  it("keeps names matching * patterns, without reading other characters as patterns", () => {
    expect(kept(["network:*"])).toEqual(["network:lan", "network:mgmt"]);
    expect(kept(["cpu*"])).toEqual(["cpu", "cpu[3]"]);
    expect(kept(["disk[*]"])).toEqual(["disk[0]", "disk[1]"]);
    expect(kept(["*mgmt"])).toEqual(["network:mgmt", "mgmt"]);
  });

  it("filters events too, and keeps everything without lists", () => {
    expect(kept(undefined, ["up"])).toEqual([]);
    expect(kept()).toEqual(names);
  });
});
