/**
 * Robustness: whatever a user writes, loading a scenario either succeeds or
 * fails with a ScenarioError (exit code 2 in the CLI), never with another
 * exception (a stack trace).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadScenarioText } from "../../src/run/load.js";
import { ScenarioError } from "../../src/scenario/load.js";

const VALID = {
  name: "fuzz",
  seed: 1,
  replications: 2,
  horizon: "100h",
  components: [
    { name: "a", count: 2, mttf: "10h", mttr: "1h" },
    { name: "disk", count: 3, failure: { dist: "exponential", afr: "2%" }, repair: { dist: "uniform", min: "1h", max: "3h" } },
    { name: "dimm", failure: { dist: "exponential", fit: 200 }, repair: { dist: "normal", mean: "2h", stddev: "1h" } },
    { name: "b", failure: { dist: "weibull", shape: 1.5, mean: "20h" }, repair: { dist: "lognormal", mean: "2h", cv: 0.5 } },
  ],
  repair: { crews: 1 },
  mechanisms: [{ type: "active-standby", name: "pair", units: "a", coverage: 0.9, uncovered_recovery: { dist: "deterministic", value: "5min" } }],
  service: { series: ["pair", "b"] },
};

/** Any JSON-like value, including the awkward ones. */
const junk = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, "", "x", "10 parsecs", "-5h", "NaN", "__proto__", "a[7]", "unlimited"),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

type Json = unknown;

/** Every path to a node of a JSON-like document. */
function allPaths(node: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (node === null || typeof node !== "object") return [prefix];
  const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node);
  return [prefix, ...entries.flatMap(([k, v]) => allPaths(v, [...prefix, k]))];
}

const PATHS = allPaths(VALID).filter((p) => p.length > 0);

/** A deep copy of `doc` with the node at PATHS[pick] replaced by `value`, or deleted. */
function mutate(doc: Json, pick: number, value: Json, deleteIt: boolean): Json {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  const path = PATHS[pick % PATHS.length]!;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (deleteIt && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe("scenario loading never fails with anything but a ScenarioError", () => {
  it("the unmutated scenario loads", () => {
    expect(loadScenarioText(stringify(VALID), "fuzz.yaml").scenario.name).toBe("fuzz");
  });

  it("random mutations of a valid scenario load or give a ScenarioError with a position", () => {
    fc.assert(
      fc.property(fc.nat(), junk, fc.boolean(), (pick, value, del) => {
        const text = stringify(mutate(VALID, pick, value, del));
        try {
          loadScenarioText(text, "fuzz.yaml");
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
          for (const issue of (e as ScenarioError).issues) expect(issue.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000, seed: 20261124 },
    );
  }, 60_000);

  it("random text gives a ScenarioError, never another exception", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          loadScenarioText(text, "fuzz.yaml");
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  }, 60_000);
});

describe("scenario-level checks", () => {
  const load = (text: string) => () => loadScenarioText(text, "s.yaml");

  it("a zero MTTF is a scenario error at its line", () => {
    expect(load("name: x\nhorizon: 10h\ncomponents:\n  - { name: a, mttf: 0, mttr: 1h }\n")).toThrow(/s\.yaml:4:\d+: components\.0\.mttf: mttf must be > 0/);
  });

  it("a warm-up as long as the horizon is a scenario error on warmup", () => {
    expect(load("name: x\nhorizon: 10h\nwarmup: 10h\ncomponents:\n  - { name: a, mttf: 1h, mttr: 1h }\n")).toThrow(/warmup: warmup .* must be shorter than the horizon/);
  });

  it("a mechanism whose service name is a component's name is an error", () => {
    const text = [
      "name: x",
      "horizon: 10h",
      "components:",
      "  - { name: pair, count: 2, mttf: 1h, mttr: 1h }",
      "mechanisms:",
      "  - { type: active-standby, units: pair, name: pair }",
    ].join("\n");
    expect(load(text)).toThrow(/mechanisms\.0\.name: mechanism "pair" provides a service named "pair"/);
  });
});
