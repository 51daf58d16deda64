/**
 * Robustness: whatever a user writes, loading a scenario either succeeds or
 * fails with a ScenarioError (exit code 2 in the CLI), never with another
 * exception (a stack trace).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadScenarioText } from "../../src/run/load.js";
import { runReplication } from "../../src/run/replication.js";
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

/** Hardware kinds with their parameters, containment, networks, every fault type and a sweep. */
const HARDWARE = {
  name: "fuzz-hw",
  horizon: "10d",
  replications: 2,
  components: [
    { name: "site", kind: "site", mttf: "50y", mttr: "2d" },
    { name: "rack", kind: "rack", count: 2, in: "site", mttf: "10y", mttr: "8h" },
    { name: "host", kind: "host", count: 4, in: ["rack"], mttf: "2y", mttr: "6h" },
    { name: "cpu", kind: "processor", count: 4, in: "host", speed: 0.5, mttf: "5y", mttr: "4h" },
    { name: "dimm", kind: "dimm", count: 4, in: "host", size: "64MiB", page_size: "4KiB", ce_history: "1h" },
    { name: "disk", kind: "disk", count: 4, in: "host", capacity: "1TB", extent_size: "1GiB", read_bandwidth: "200MB/s", write_bandwidth: "100MB/s", rebuild_share: "30%", foreground_busy: 0.5, scrub_bandwidth: "50MB/s", mttf: "3y", mttr: "1d" },
    { name: "tor", kind: "switch", count: 2, in: "rack" },
    { name: "up", kind: "link", count: 4, connects: ["host", "tor"], bandwidth: "10Gbit/s", latency: "50us", loss: "0.1%" },
    { name: "fab", kind: "link", count: 4, connects: ["cpu", "tor"], network: "fabric", mttf: "10y", mttr: "1h" },
  ],
  faults: [
    { type: "fail-stop", target: "rack[1]", at: "2d" },
    { type: "transient", target: "host", every: "3d", duration: "5m" },
    { type: "hang", target: "kind:processor", every: "5d", duration: { dist: "exponential", mean: "10m" } },
    { type: "fail-slow", target: "cpu[0]", at: ["1d", "2d"], factor: 0.5, duration: "1h" },
    { type: "precursor", target: "cpu", every: "20d", lead: "10m" },
    { type: "correctable-error", target: "dimm", every: "1d", burst: 3 },
    { type: "uncorrectable-error", target: "dimm", fit: 1e6 },
    { type: "latent-sector-error", target: "disk", every: "2d" },
    { type: "message-loss", target: "up[0]", at: "3d", loss: "50%", duration: "1h" },
    { type: "partition", network: "lan", between: ["rack[0]", "rack[1]"], every: "4d", duration: "1m" },
  ],
  service: { k: 3, of: "host" },
  sweep: { grid: { "components.disk.mttr": ["1d", "2d"], "faults.1.duration": ["1m", "5m"] } },
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

/** A deep copy of `doc` with the node at its pick-th path replaced by `value`, or deleted. */
function mutate(doc: Json, pick: number, value: Json, deleteIt: boolean): Json {
  const paths = allPaths(doc).filter((p) => p.length > 0);
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  const path = paths[pick % paths.length]!;
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

  it("the hardware scenario loads, and its mutations load or give a ScenarioError", () => {
    expect(loadScenarioText(stringify(HARDWARE), "hw.yaml").scenario.faults).toHaveLength(10);
    fc.assert(
      fc.property(fc.nat(), junk, fc.boolean(), (pick, value, del) => {
        const text = stringify(mutate(HARDWARE, pick, value, del));
        try {
          loadScenarioText(text, "hw.yaml");
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw new Error(`not a ScenarioError for\n${text}\n${(e as Error).stack}`);
          for (const issue of (e as ScenarioError).issues) expect(issue.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000, seed: 20261125 },
    );
  }, 120_000);

  it("a mutated hardware scenario that loads also runs without an exception", () => {
    fc.assert(
      fc.property(fc.nat(), junk, fc.boolean(), (pick, value, del) => {
        const text = stringify(mutate(HARDWARE, pick, value, del));
        let loaded;
        try {
          loaded = loadScenarioText(text, "hw.yaml");
        } catch (e) {
          if (e instanceof ScenarioError) return;
          throw e;
        }
        try {
          runReplication(loaded.scenario, loaded.scenario.seed, 0);
        } catch (e) {
          throw new Error(`run failed for\n${text}\n${(e as Error).stack}`);
        }
      }),
      { numRuns: 300, seed: 20261126 },
    );
  }, 120_000);

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
