import { describe, expect, it } from "vitest";
import { applyOverrides, OverrideError, shellQuote } from "../../src/run/overrides.js";
import { scenarioSchema } from "../../src/scenario/schema.js";

const base = scenarioSchema.parse({ name: "t", horizon: "1000s", warmup: "100s", components: [{ name: "a", mttf: "10s", mttr: "1s" }] });

describe("applyOverrides", () => {
  it("replaces seed, replications, horizon and event cap, leaving the original untouched", () => {
    const out = applyOverrides(base, { seed: "x", replications: 5, horizonS: 2000, maxEvents: 10 });
    expect([out.seed, out.replications, out.horizon, out.limits.max_events]).toEqual(["x", 5, 2000, 10]);
    expect([base.seed, base.replications, base.horizon, base.limits.max_events]).toEqual([1, 30, 1000, 1_000_000_000]);
  });

  it("rejects a horizon within the warm-up, naming the option", () => {
    expect(() => applyOverrides(base, { horizonS: 50 })).toThrow(OverrideError);
    try {
      applyOverrides(base, { horizonS: 50 });
    } catch (e) {
      expect((e as OverrideError).option).toBe("horizonS");
    }
  });

  it("rejects fewer than 2 replications", () => {
    expect(() => applyOverrides(base, { replications: 1 })).toThrow(/at least 2/);
  });
});

describe("shellQuote", () => {
  it("leaves plain words alone and quotes the rest so a shell reads them back", () => {
    expect(shellQuote("scenarios/a1.yaml")).toBe("scenarios/a1.yaml");
    expect(shellQuote("my file.yaml")).toBe("'my file.yaml'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
