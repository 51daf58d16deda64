import { describe, expect, it } from "vitest";
import { loadScenarioText, type LoadedScenario } from "../../src/run/load.js";
import { ScenarioError } from "../../src/scenario/load.js";
import { z } from "zod";
import { MAX_SWEEP_POINTS, resolvePath } from "../../src/scenario/sweep.js";
import type { LooseSchema } from "../../src/scenario/zod-introspection.js";

// The base of every test: a 2-of-3 group and an active/standby pair, no repair section (19 lines).
const BASE = `name: s
horizon: 1000h
components:
  - name: unit
    count: 3
    mttf: 500h
    mttr: 8h
  - name: cpu
    count: 2
    mttf: 100h
    repair: { dist: lognormal, mean: 4h, cv: 0.5 }
mechanisms:
  - type: active-standby
    units: cpu
    uncovered_recovery: { dist: exponential, mean: 10min }
service:
  series:
    - { k: 2, of: unit }
    - active-standby
`;

const load = (sweep: string): LoadedScenario => loadScenarioText(BASE + sweep, "s.yaml");

/** The formatted lines of the ScenarioError that loading throws. */
function errors(sweep: string): string[] {
  try {
    load(sweep);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).format().split("\n");
  }
  throw new Error("expected a ScenarioError");
}

describe("sweep: grid", () => {
  const loaded = load(`sweep:
  grid:
    components.unit.mttr: [4h, 8h, 16h]
    repair.crews: [1, 2]
`);

  it("expands every combination, the first path varying slowest", () => {
    expect(loaded.sweep?.kind).toBe("grid");
    expect(loaded.sweep?.parameters).toEqual(["components.unit.mttr", "repair.crews"]);
    expect(loaded.sweep?.points.map((p) => p.name)).toEqual([
      "mttr=4h, crews=1",
      "mttr=4h, crews=2",
      "mttr=8h, crews=1",
      "mttr=8h, crews=2",
      "mttr=16h, crews=1",
      "mttr=16h, crews=2",
    ]);
  });

  it("records each point's parameters in SI base units", () => {
    expect(loaded.sweep?.points[5]?.params).toEqual({ "components.unit.mttr": 57_600, "repair.crews": 2 });
  });

  it("validates each point with its values in place, creating a section the file does not have", () => {
    const point = loaded.sweep!.points[5]!.scenario;
    expect(point.components[0]?.repair).toEqual({ kind: "exponential", mean: 57_600 });
    expect(point.repair.crews).toBe(2);
    expect(point.components[1]).toEqual(loaded.scenario.components[1]);
  });

  it("leaves the base scenario as written", () => {
    expect(loaded.scenario.components[0]?.repair).toEqual({ kind: "exponential", mean: 28_800 });
    expect(loaded.scenario.repair.crews).toBe("unlimited");
  });

  it("points have no sweep section of their own", () => {
    expect(loaded.sweep!.points.every((p) => p.scenario.sweep === undefined)).toBe(true);
  });

  it("addresses list elements by index, and a mechanism without a name by its type", () => {
    const l = load(`sweep:
  grid:
    components.0.count: [3, 4]
    mechanisms.active-standby.coverage: [90%, 0.99]
`);
    expect(l.sweep?.points.map((p) => p.name)).toEqual([
      "count=3, coverage=90%",
      "count=3, coverage=0.99",
      "count=4, coverage=90%",
      "count=4, coverage=0.99",
    ]);
    expect(l.sweep?.points[2]?.params).toEqual({ "components.0.count": 4, "mechanisms.active-standby.coverage": 0.9 });
    expect(l.sweep?.points[2]?.scenario.components[0]?.count).toBe(4);
  });

  it("labels grid points with the shortest suffix that tells the paths apart", () => {
    const l = load(`sweep:
  grid:
    components.unit.mttf: [400h]
    components.cpu.mttf: [90h]
`);
    expect(l.sweep?.points[0]?.name).toBe("unit.mttf=400h, cpu.mttf=90h");
  });

  it("sets a whole mapping, recorded as compact JSON", () => {
    const l = load(`sweep:
  grid:
    components.cpu.repair:
      - { dist: lognormal, mean: 4h, cv: 0.5 }
      - { dist: weibull, shape: 2, mean: 4h }
`);
    expect(l.sweep?.points[1]?.params).toEqual({ "components.cpu.repair": '{"dist":"weibull","shape":2,"mean":"4h"}' });
    expect(l.sweep?.points[1]?.scenario.components[1]?.repair).toMatchObject({ kind: "weibull", shape: 2 });
  });
});

describe("sweep: variants", () => {
  const loaded = load(`sweep:
  variants:
    - name: base
    - name: cold
      set: { mechanisms.active-standby.standby: cold }
    - name: slow-repair
      set:
        components.unit.mttr: 1d
        mechanisms.active-standby.coverage: 95%
`);

  it("keeps the variants' names and order", () => {
    expect(loaded.sweep?.kind).toBe("variants");
    expect(loaded.sweep?.points.map((p) => p.name)).toEqual(["base", "cold", "slow-repair"]);
  });

  it("lists every set path once, and fills a variant's unset parameters from the file or the default", () => {
    expect(loaded.sweep?.parameters).toEqual(["mechanisms.active-standby.standby", "components.unit.mttr", "mechanisms.active-standby.coverage"]);
    expect(loaded.sweep?.points.map((p) => p.params)).toEqual([
      { "mechanisms.active-standby.standby": "hot", "components.unit.mttr": 28_800, "mechanisms.active-standby.coverage": 1 },
      { "mechanisms.active-standby.standby": "cold", "components.unit.mttr": 28_800, "mechanisms.active-standby.coverage": 1 },
      { "mechanisms.active-standby.standby": "hot", "components.unit.mttr": 86_400, "mechanisms.active-standby.coverage": 0.95 },
    ]);
  });

  it("a variant without set is the scenario as written", () => {
    const { sweep: _, ...base } = loaded.scenario;
    expect(loaded.sweep?.points[0]?.scenario).toEqual(base);
  });
});

describe("sweep errors", () => {
  it("a misspelt key in a path gets a did-you-mean at the path's line:col", () => {
    expect(errors("sweep:\n  grid:\n    components.unit.mtr: [4h]\n")).toEqual([
      's.yaml:22:5: sweep.grid["components.unit.mtr"]: no key "mtr" in components.unit; did you mean "mttr"?',
    ]);
  });

  it("a misspelt element name gets a did-you-mean", () => {
    expect(errors("sweep:\n  grid:\n    components.unti.mttr: [4h]\n")[0]).toMatch(
      /^s\.yaml:22:5: .*: no element named "unti" in components; did you mean "unit"\?$/,
    );
  });

  it("an unknown element name with nothing close lists the names", () => {
    expect(errors("sweep:\n  grid:\n    components.disk.mttr: [4h]\n")[0]).toMatch(/its elements are "unit", "cpu" \(or 0 to 1 by index\)$/);
  });

  it("an index out of range says how many elements there are", () => {
    expect(errors("sweep:\n  grid:\n    components.5.mttr: [4h]\n")[0]).toMatch(/components has 2 elements, so there is no index 5$/);
  });

  it("a misspelt top-level key in a variant's set is reported at that key", () => {
    expect(errors("sweep:\n  variants:\n    - name: a\n      set: { horizn: 10h }\n")).toEqual([
      's.yaml:23:14: sweep.variants.0.set.horizn: no key "horizn" in the top level; did you mean "horizon"?',
    ]);
  });

  it("a path into a plain value is refused", () => {
    expect(errors("sweep:\n  grid:\n    horizon.h: [1]\n")[0]).toMatch(/^s\.yaml:22:5: sweep\.grid\["horizon\.h"\]: horizon is "1000h" in the file, not a mapping, so it has no "h"; sweep horizon itself$/);
  });

  it("the seed, the replications and the sweep itself cannot be swept", () => {
    expect(errors("sweep:\n  grid:\n    seed: [1, 2]\n")[0]).toMatch(/^s\.yaml:22:5: .*"seed" cannot be swept: every point runs with the same seed/);
    expect(errors("sweep:\n  grid:\n    replications: [10]\n")[0]).toMatch(/"replications" cannot be swept/);
  });

  it("__proto__ in a path is an unknown key, not a prototype", () => {
    expect(errors("sweep:\n  grid:\n    __proto__.polluted: [1]\n")[0]).toMatch(/no key "__proto__" in the top level/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a bad value is reported at that value, naming the point", () => {
    expect(errors("sweep:\n  grid:\n    components.unit.mttr: [4h, 2 parsecs]\n")).toEqual([
      's.yaml:22:32: sweep.grid["components.unit.mttr"].1: point "mttr=2 parsecs": components.0.mttr: ' +
        'expected a duration such as 250ms, 30s, 8h or 3y; got "2 parsecs" (unknown unit "parsecs")',
    ]);
  });

  it("a problem shared by several points is reported once, with the number of other points", () => {
    const lines = errors("sweep:\n  grid:\n    components.unit.mttr: [-1h]\n    repair.crews: [1, 2, 3]\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^s\.yaml:22:28: .*: point "mttr=-1h, crews=1" \(and 2 other points\): components\.0\.mttr: /);
  });

  it("a cross-field problem inside the set value's reach is placed at the setting that caused it", () => {
    // Setting `failure` where the file has `mttf` gives both: the component check reports it at the component.
    const lines = errors("sweep:\n  variants:\n    - name: weib\n      set: { components.unit.failure: { dist: weibull, shape: 2, mean: 500h } }\n");
    expect(lines[0]).toMatch(/^s\.yaml:23:14: sweep\.variants\.0\.set\["components\.unit\.failure"\]: point "weib": components\.0\.failure: .*\bmttf\b.*\bfailure\b/);
  });

  it("a bad reference in a point (found when wiring its model) is placed at the point's only setting", () => {
    // The pair needs a group of two; one cpu cannot be its two units.
    const lines = errors("sweep:\n  grid:\n    components.cpu.count: [2, 1]\n");
    expect(lines).toEqual([
      's.yaml:22:31: sweep.grid["components.cpu.count"].1: point "count=1": mechanisms.0.units: active-standby needs exactly two distinct units, got 1',
    ]);
  });

  it("a problem no setting holds, in a point that changes several things, is placed at the point's entry", () => {
    const lines = errors("warmup: 100h\nsweep:\n  variants:\n    - name: short\n      set: { horizon: 50h, repair.crews: 1 }\n");
    expect(lines).toEqual([
      's.yaml:23:7: sweep.variants.0: point "short": warmup: warmup (360000 s) must be shorter than the horizon (180000 s)',
    ]);
  });

  it("a grid point that changes several things is placed at the grid", () => {
    const lines = errors("sweep:\n  grid:\n    components.cpu.count: [1]\n    repair.crews: [1]\n");
    expect(lines[0]).toMatch(/^s\.yaml:21:3: sweep\.grid: point "count=1, crews=1": mechanisms\.0\.units: /);
  });

  it("two settings of one point that overlap are refused", () => {
    expect(errors("sweep:\n  variants:\n    - name: a\n      set:\n        components.unit.mttr: 1h\n        components.0.mttr: 2h\n")[0]).toMatch(
      /^s\.yaml:25:9: .*"components\.0\.mttr" sets the same place as "components\.unit\.mttr" \(components\.0\.mttr\)$/,
    );
  });

  it("a value listed twice in a grid and a variant name used twice are refused", () => {
    expect(errors("sweep:\n  grid:\n    repair.crews: [1, 2, 1]\n")[0]).toMatch(/^s\.yaml:22:26: .*: value 1 is listed twice \(also at position 0\)$/);
    expect(errors("sweep:\n  variants:\n    - name: a\n    - name: a\n")[0]).toMatch(/^s\.yaml:23:7: sweep\.variants\.1\.name: variant name "a" is used twice \(also by variant 0\)$/);
  });

  it("the section's shape is checked with the scenario: one of grid or variants, known keys, lists", () => {
    expect(errors("sweep:\n  grd:\n    repair.crews: [1]\n")[0]).toMatch(/^s\.yaml:21:3: sweep\.grd: unknown key "grd"; did you mean "grid"\?$/);
    expect(errors("sweep: {}\n")[0]).toMatch(/sweep: give exactly one of grid or variants$/);
    expect(errors("sweep:\n  grid:\n    repair.crews: 2\n")[0]).toMatch(/^s\.yaml:22:19: sweep\.grid\["repair\.crews"\]: expected list, got number 2$/);
    expect(errors("sweep:\n  grid: {}\n")[0]).toMatch(/a grid needs at least one path/);
  });

  it("a grid larger than the cap is refused before anything is built", () => {
    const values = `[${Array.from({ length: 101 }, (_, i) => i + 1).join(", ")}]`;
    const lines = errors(`sweep:\n  grid:\n    components.unit.count: ${values}\n    components.cpu.mttf: ${values}\n`);
    expect(lines[0]).toMatch(new RegExp(`the grid has 10201 points; at most ${MAX_SWEEP_POINTS} are allowed$`));
  });
});

describe("resolvePath", () => {
  // Any zod schema will do: paths follow the schema and the data, not a list of known fields.
  const schema = z.strictObject({
    items: z.array(z.strictObject({ type: z.string(), name: z.string().optional(), size: z.number() })),
    limits: z.strictObject({ depth: z.number().default(1) }).optional(),
  }) as unknown as LooseSchema;
  const data = { items: [{ type: "a", size: 1 }, { type: "a", size: 2 }, { type: "b", size: 3 }, { type: "a", name: "big", size: 4 }] };

  it("finds elements by name, by the type of the one unnamed element of that type, or by index", () => {
    expect(resolvePath("items.big.size", data, schema)).toEqual(["items", 3, "size"]);
    expect(resolvePath("items.b.size", data, schema)).toEqual(["items", 2, "size"]);
    expect(resolvePath("items.1.size", data, schema)).toEqual(["items", 1, "size"]);
  });

  it("refuses a type shared by several unnamed elements", () => {
    expect(resolvePath("items.a.size", data, schema)).toBe(
      'items: "a" is the type of 2 elements without a name (0, 1); address one by its index, or give it a name',
    );
  });

  it("walks into a mapping the data does not have yet, as far as the schema knows it", () => {
    expect(resolvePath("limits.depth", data, schema)).toEqual(["limits", "depth"]);
    expect(resolvePath("limits.dept", data, schema)).toBe('no key "dept" in limits; did you mean "depth"?');
  });
});
