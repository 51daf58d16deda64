/**
 * Property-based fuzzing (fast-check) of everything that reads untrusted
 * text: the scenario loader, the unit parser, the baseline loader and the
 * result and trace readers of `chart` and `report`. Every input either
 * loads or gets the reader's own error (exit code 2 in the CLI) with a
 * bounded, escaped message: never another exception (a stack trace, exit
 * 70), a hang, or a change to Object.prototype.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenarioText } from "../../src/run/load.js";
import { BaselineError, parseBaseline } from "../../src/run/baseline.js";
import { asResult, ChartInputError } from "../../src/report/charts/input.js";
import { parseTrace } from "../../src/report/charts/trace-input.js";
import { ScenarioError } from "../../src/scenario/load.js";
import { parseDuration, parseProbability, parseRate, parseSize, UnitError } from "../../src/scenario/units.js";
import { FUZZ, FUZZ_TIMEOUT_MS, prototypeKeys, RAW_CONTROL } from "./fuzz-settings.js";

const BASE_KEYS = prototypeKeys();

/** Runs `read`; an error must be one of `allowed`, with a bounded message free of raw control characters. */
function readsOrRefuses(read: () => unknown, allowed: readonly (new (...args: never[]) => Error)[], format: (e: Error) => string = (e) => e.message): void {
  try {
    read();
  } catch (e) {
    if (!allowed.some((k) => e instanceof k)) throw e;
    const text = format(e as Error);
    expect(text.length).toBeLessThan(200_000);
    expect(text).not.toMatch(RAW_CONTROL);
  }
  expect(prototypeKeys()).toEqual(BASE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const scenarioFormat = (e: Error) => (e instanceof ScenarioError ? e.format() : e.message);

/** A valid scenario, as a JSON-able value, to mutate. */
const VALID = {
  name: "fuzz",
  seed: 1,
  replications: 2,
  horizon: "100h",
  components: [
    { name: "a", count: 2, mttf: "50h", mttr: "5h" },
    { name: "b", mttf: "80h", repair: { dist: "lognormal", mean: "4h", cv: 0.5 } },
  ],
  service: { series: [{ k: 1, of: "a" }, "b"] },
};

const KEYS = ["name", "seed", "replications", "horizon", "components", "service", "count", "mttf", "mttr", "repair", "dist", "mean", "cv", "k", "of", "series", "parallel", "sweep", "variants", "grid", "set", "__proto__", "constructor", "toString", "limits", "max_events", "faults", "mechanisms", "type", "in"];
const scalar = fc.oneof(
  fc.constantFrom("1h", "0", "-1h", "1e309h", "NaN", "Infinity", "__proto__", "constructor", "a", "a[0]", "kind:disk", "*", "", "1e9", "8760h", "10%", "200MB/s", "16TB"),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...KEYS), tie("v"), { maxKeys: 3 })),
})).v;

/** The valid scenario with a few values replaced or added along random paths. */
const mutated = fc.array(fc.tuple(fc.array(fc.oneof(fc.constantFrom(...KEYS), fc.nat({ max: 2 }).map(String)), { minLength: 1, maxLength: 4 }), value), { minLength: 1, maxLength: 4 }).map((edits) => {
  const doc = structuredClone(VALID) as Record<string, unknown>;
  for (const [path, v] of edits) {
    let node: Record<string, unknown> = doc;
    for (const seg of path.slice(0, -1)) {
      // Own keys only: following "__proto__" into Object.prototype would pollute it from the test itself.
      const next = Object.hasOwn(node, seg) ? node[seg] : undefined;
      if (next === null || typeof next !== "object") Object.defineProperty(node, seg, { value: {}, enumerable: true, writable: true, configurable: true });
      node = node[seg] as Record<string, unknown>;
    }
    Object.defineProperty(node, path[path.length - 1]!, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return JSON.stringify(doc);
});

describe("fuzz: the scenario loader", { timeout: FUZZ_TIMEOUT_MS }, () => {
  it("loads or refuses mutated scenarios (as JSON, which YAML reads too)", () => {
    fc.assert(fc.property(mutated, (text) => readsOrRefuses(() => loadScenarioText(text, "f.json"), [ScenarioError], scenarioFormat)), FUZZ);
  });

  it("loads or refuses arbitrary text, YAML-looking text and binary garbage", () => {
    const yamlish = fc.array(fc.constantFrom("name: x\n", "a: &a [1, 2]\n", "b: *a\n", "- ", "  ", "[", "]", "{", "}", ": ", "\n", "'", '"', "#", "!!str ", "&x ", "*x", "---\n", "? ", "|\n", "\u001b[2J", "\u0000", "\ufeff"), { maxLength: 40 }).map((parts) => parts.join(""));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), yamlish), (text) => readsOrRefuses(() => loadScenarioText(text, "f.yaml"), [ScenarioError], scenarioFormat)), FUZZ);
  });
});

describe("fuzz: the unit parser", { timeout: FUZZ_TIMEOUT_MS }, () => {
  const unitish = fc.tuple(fc.oneof(fc.double({ noNaN: false }).map(String), fc.constantFrom("1", "1.5", "-2", "1e309", ".5", "0x10", "", " ")), fc.oneof(fc.constantFrom("h", "ms", "y", "TB", "MB/s", "%", "hr", "µs", "d ", "ss"), fc.string({ maxLength: 6 }))).map(([n, u]) => n + u);
  for (const [name, parse] of [["parseDuration", parseDuration], ["parseSize", parseSize], ["parseRate", parseRate], ["parseProbability", parseProbability]] as const) {
    it(`${name} returns a finite number or throws UnitError`, () => {
      fc.assert(
        fc.property(fc.oneof(unitish, fc.string({ maxLength: 30 })), (text) => {
          let n: number | undefined;
          readsOrRefuses(() => (n = parse(text)), [UnitError]);
          if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
        }),
        FUZZ,
      );
    });
  }
});

describe("fuzz: the baseline loader", { timeout: FUZZ_TIMEOUT_MS }, () => {
  const committed = JSON.parse(readFileSync("ci/baseline.json", "utf8"));
  committed.scenarios = committed.scenarios.slice(0, 1);
  const entryKeys = ["scenario", "seed", "replications", "horizon_s", "warmup_s", "metrics", "values", "tolerances", "directions"];
  it("loads or refuses a baseline with a field replaced, and arbitrary text", () => {
    const edit = fc.tuple(fc.constantFrom(...entryKeys, "schema", "ftsim_version", "tolerances", "directions", "scenarios", "__proto__"), value, fc.boolean()).map(([key, v, top]) => {
      const doc = structuredClone(committed);
      const target = top ? doc : doc.scenarios[0];
      Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
      return JSON.stringify(doc);
    });
    fc.assert(fc.property(fc.oneof(edit, fc.string({ maxLength: 100 })), (text) => readsOrRefuses(() => parseBaseline(text, "b.json"), [BaselineError])), FUZZ);
  });
});

describe("fuzz: the result and trace readers of chart and report", { timeout: FUZZ_TIMEOUT_MS }, () => {
  it("asResult takes a result or refuses it with ChartInputError", () => {
    const base = { schema: "ftsim.result/v1", scenario: { name: "x", file: "x.yaml", hash: "sha256:0" }, seed: 1, replications: 2, horizon_s: 10, warmup_s: 0, outcome: "ok", metrics: { availability: { mean: 0.9, stddev: 0.1, ci95: [0.8, 1], min: 0.8, max: 1, p50: 0.9, p90: 1, p99: 1, n: 2, unit: "ratio" } }, values: { availability: [0.8, 1] } };
    const edit = fc.tuple(fc.constantFrom(...Object.keys(base), "points", "__proto__", "constructor"), value).map(([key, v]) => {
      const doc = structuredClone(base) as Record<string, unknown>;
      Object.defineProperty(doc, key, { value: v, enumerable: true, writable: true, configurable: true });
      return JSON.parse(JSON.stringify(doc)) as unknown;
    });
    fc.assert(fc.property(fc.oneof(edit, value), (doc) => readsOrRefuses(() => asResult(doc, "r.json"), [ChartInputError])), FUZZ);
  });

  it("parseTrace takes a trace or refuses it with ChartInputError", () => {
    const header = '{"schema":"ftsim.trace/v1","scenario":{"name":"x"},"seed":1,"replication":0,"horizon_s":100,"warmup_s":0}\n';
    const line = fc.oneof(
      fc.record({ t: fc.oneof(fc.double(), fc.constant(5)), component: fc.constantFrom("a", "__proto__", "constructor", "service", ""), event: fc.constantFrom("down", "up", "toString", "ue"), cause: fc.string({ maxLength: 5 }) }).map((r) => JSON.stringify(r)),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), (lines, withHeader) => readsOrRefuses(() => parseTrace((withHeader ? header : "") + lines.join("\n"), "t.jsonl"), [ChartInputError])), FUZZ);
  });
});
