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

/** Sets the value at a random path inside `doc` (a deep copy) to `value`. */
function mutate(doc: Json, pathSeeds: number[], value: Json, deleteIt: boolean): Json {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let node: Record<string, unknown> | unknown[] = copy;
  for (const [i, seed] of pathSeeds.entries()) {
    const keys = Array.isArray(node) ? node.map((_, j) => j) : Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[seed % keys.length]!;
    const child = (node as Record<string | number, unknown>)[key];
    const last = i === pathSeeds.length - 1 || child === null || typeof child !== "object";
    if (last) {
      if (deleteIt && !Array.isArray(node)) delete (node as Record<string, unknown>)[key as string];
      else (node as Record<string | number, unknown>)[key] = value;
      break;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

describe("scenario loading never fails with anything but a ScenarioError", () => {
  it("the unmutated scenario loads", () => {
    expect(loadScenarioText(stringify(VALID), "fuzz.yaml").scenario.name).toBe("fuzz");
  });

  it("random mutations of a valid scenario load or give a ScenarioError with a position", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), junk, fc.boolean(), (path, value, del) => {
        const text = stringify(mutate(VALID, path, value, del));
        try {
          loadScenarioText(text, "fuzz.yaml");
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
          for (const issue of (e as ScenarioError).issues) expect(issue.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1000, seed: 20261124 },
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
