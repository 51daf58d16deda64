/**
 * A mechanism's MetricDoc.direction decides the gate's default for that
 * metric, ahead of the name rules; no two mechanisms may document one name
 * with different directions.
 */
import { describe, expect, it } from "vitest";
import { MECHANISMS, registerMechanism } from "../../src/mechanisms/registry.js";
import { defaultDirection, documentedDirections, lastSegment } from "../../src/report/gate-settings.js";
import { z } from "zod";

describe("documented metric directions", () => {
  it("no two built-in mechanisms document one metric name with different directions", () => {
    const seen = new Map<string, { direction: string; type: string }>();
    for (const m of MECHANISMS) {
      for (const doc of m.metrics) {
        if (doc.direction === undefined) continue;
        const name = lastSegment(doc.name);
        const before = seen.get(name);
        if (before !== undefined) expect(`${m.type}: ${name} ${doc.direction}`).toBe(`${m.type}: ${name} ${before.direction}`);
        seen.set(name, { direction: doc.direction, type: m.type });
      }
    }
  });

  it("a documented direction overrides the name rules, for that metric name only", () => {
    // By the name rules `widget_latency_s` is lower-is-better and `frobs` informational.
    expect(defaultDirection("w.frobs")).toBe("none");
    registerMechanism({
      type: "direction-probe",
      summary: "test only",
      configSchema: () => z.strictObject({}),
      metrics: [
        { name: "frobs", unit: "count", description: "more is better", direction: "higher-is-better" },
        { name: "widget_latency_s", unit: "s", description: "no direction: the rules decide" },
      ],
      build: () => ({ services: {}, finish: () => ({}) }),
    });
    expect(documentedDirections().get("frobs")).toBe("higher-is-better");
    expect(defaultDirection("w.frobs")).toBe("higher-is-better");
    expect(defaultDirection("w.widget_latency_s")).toBe("lower-is-better");
    expect(defaultDirection("w.other_count")).toBe("none");
  });
});
