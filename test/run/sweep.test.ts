import { describe, expect, it } from "vitest";
import { loadScenarioText } from "../../src/run/load.js";
import { runScenario } from "../../src/run/runner.js";
import { runSweep } from "../../src/run/sweep.js";

const FILE = `name: grid
seed: 7
replications: 6
horizon: "20000s"
components:
  - name: unit
    count: 3
    mttf: "1000s"
    mttr: "100s"
repair:
  crews: 1
service: { k: 2, of: unit }
sweep:
  grid:
    components.unit.mttr: [50s, 100s]
    repair.crews: [1, 2]
`;

const loaded = loadScenarioText(FILE, "grid.yaml");
const sweep = loaded.sweep!;
const result = runSweep(loaded.scenario, loaded.identity, sweep);

describe("runSweep", () => {
  it("is an ftsim.result/v1 document with the sweep and one entry per point, in order", () => {
    expect(result.schema).toBe("ftsim.result/v1");
    expect(result.outcome).toBe("ok");
    expect(result.sweep).toEqual({ kind: "grid", parameters: ["components.unit.mttr", "repair.crews"] });
    expect(result.points.map((p) => p.name)).toEqual(["mttr=50s, crews=1", "mttr=50s, crews=2", "mttr=100s, crews=1", "mttr=100s, crews=2"]);
    expect(result.points[1]?.params).toEqual({ "components.unit.mttr": 50, "repair.crews": 2 });
  });

  it("keeps the top-level metrics, times and values empty; seed and replications are the common ones", () => {
    expect(result).toMatchObject({ metrics: {}, time_to_event: {}, values: {}, ratios: {}, seed: 7, replications: 6, horizon_s: 20_000 });
    expect(Object.keys(result)).toEqual([
      "schema", "ftsim_version", "outcome", "scenario", "seed", "replications", "horizon_s", "warmup_s",
      "metrics", "time_to_event", "values", "ratios", "sweep", "points", "reproduce",
    ]);
    expect(result.reproduce).toBe("ftsim sweep grid.yaml --seed 7 --replications 6");
  });

  it("gives each point exactly what a plain run of that point's scenario gives (same seed, same replications)", () => {
    sweep.points.forEach((point, i) => {
      const plain = runScenario(point.scenario, loaded.identity);
      expect(JSON.stringify(result.points[i]!.metrics)).toBe(JSON.stringify(plain.metrics));
      expect(result.points[i]!.values).toEqual(plain.values);
      expect(result.points[i]!.time_to_event).toEqual(plain.time_to_event);
    });
  });

  it("pairs the points: a change that cannot matter (a second crew with a single failure at a time) changes nothing", () => {
    // With one unit the crew count is irrelevant, so both points of a crews sweep must be identical.
    const single = loadScenarioText(FILE.replace("count: 3", "count: 1").replace("service: { k: 2, of: unit }\n", ""), "single.yaml");
    const r = runSweep(single.scenario, single.identity, single.sweep!);
    expect(r.points[0]!.values).toEqual(r.points[1]!.values);
    expect(r.points[0]!.values).not.toEqual(r.points[2]!.values);
  });

  it("with a precision target, adds the same batches to every point", () => {
    const r = runSweep(loaded.scenario, loaded.identity, sweep, { precision: { target: 1e-6, maxReplications: 12 } });
    expect(r.replications).toBe(12);
    expect(r.points.every((p) => p.values.availability?.length === 12)).toBe(true);
    expect(r.precision).toMatchObject({ achieved: false, replications: 12 });
    expect(r.precision?.reason).toMatch(/point "mttr=50s, crews=1": unavailability half-width/);
    expect(Object.keys(r).slice(-4)).toEqual(["precision", "sweep", "points", "reproduce"]);
  });

  it("stops at the first point that hits the event limit, naming it", () => {
    const limited = sweep.points.map((p) => ({ ...p, scenario: { ...p.scenario, limits: { max_events: 50 } } }));
    const r = runSweep(loaded.scenario, loaded.identity, { ...sweep, points: limited });
    expect(r.outcome).toBe("limit-hit");
    if (r.outcome === "limit-hit") expect(r.limit).toMatch(/^point "mttr=50s, crews=1": replication 0: event limit reached/);
    expect(r.replications).toBe(0);
    expect(r.points[0]!.metrics).toEqual({});
  });
});

describe("values in every result", () => {
  const PAIR = `name: pair
seed: 3
replications: 12
horizon: "3000s"
components:
  - name: cpu
    count: 2
    mttf: "2000s"
    mttr: "100s"
mechanisms:
  - type: active-standby
    name: pair
    units: cpu
    switchover: { dist: exponential, mean: "10s" }
service: pair
`;
  const r = runScenario(loadScenarioText(PAIR, "pair.yaml").scenario, loaded.identity);

  it("has, for every metric, one value per replication, after time_to_event", () => {
    expect(Object.keys(r.values)).toEqual(Object.keys(r.metrics));
    for (const v of Object.values(r.values)) expect(v).toHaveLength(12);
    const keys = Object.keys(r);
    expect(keys.indexOf("values")).toBe(keys.indexOf("time_to_event") + 1);
  });

  it("holds the values the summaries are computed from", () => {
    const a = r.values.availability as number[];
    expect(Math.min(...a)).toBe(r.metrics.availability!.min);
    expect(Math.max(...a)).toBe(r.metrics.availability!.max);
    expect(a.reduce((s, x) => s + x, 0) / a.length).toBeCloseTo(r.metrics.availability!.mean, 14);
  });

  it("has null where a metric is undefined in a replication, which still counts in the pooled mean (0 events)", () => {
    const s = r.values["pair.switchover_time_s"]!;
    expect(s.some((x) => x === null)).toBe(true); // the premise: some replications completed no switchover
    expect(r.metrics["pair.switchover_time_s"]!.n).toBe(s.length);
    const parts = r.ratios["pair.switchover_time_s"]!;
    s.forEach((x, i) => expect(x === null).toBe(parts[i]![1] === 0));
  });

  it("has each replication's own ratio for mttr_s, null without a completed outage", () => {
    const m = r.values.mttr_s!;
    const defined = m.filter((x): x is number => x !== null);
    expect(m.some((x) => x === null)).toBe(true);
    defined.forEach((x) => expect(x).toBeGreaterThan(0));
    // The summary's spread and quantiles describe the outages, not these per-replication ratios.
    expect(r.metrics.mttr_s!.spread).toBe("events");
    expect(r.metrics.mttr_s!.min).toBeLessThanOrEqual(Math.min(...defined));
    expect(r.metrics.mttr_s!.max).toBeGreaterThanOrEqual(Math.max(...defined));
  });
});
