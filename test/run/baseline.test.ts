import { describe, expect, it } from "vitest";
import {
  BaselineError,
  baselineEntry,
  findEntry,
  formatBaseline,
  makeBaseline,
  parseBaseline,
  IncompleteRunError,
  runComplete,
} from "../../src/run/baseline.js";
import { pairScenario } from "../support/scenarios.js";

const identity = (name: string, file = `${name}.yaml`) => ({ name, file, hash: "sha256:00" });

describe("runComplete and baselineEntry", () => {
  const entry = baselineEntry(runComplete(pairScenario(), identity("t")));

  it("records one value per replication for every metric", () => {
    expect(Object.keys(entry.values)).toEqual(Object.keys(entry.metrics));
    for (const v of Object.values(entry.values)) expect(v).toHaveLength(8);
  });

  it("whose mean is the summary's mean for the plain metrics", () => {
    const availability = entry.values.availability!.map((x) => x!);
    expect(availability.reduce((s, x) => s + x, 0) / 8).toBeCloseTo(entry.metrics.availability!.mean, 14);
  });

  it("records the identity, seed, replications and horizon the run used", () => {
    expect(entry).toMatchObject({ scenario: identity("t"), seed: 3, replications: 8, horizon_s: 20_000, warmup_s: 0 });
  });

  it("refuses a run stopped by the event limit", () => {
    const capped = pairScenario({ limits: { max_events: 10 } });
    expect(() => runComplete(capped, identity("t"))).toThrow(IncompleteRunError);
    expect(() => runComplete(capped, identity("t"))).toThrow(/^t\.yaml: replication 0: event limit reached/);
  });
});

describe("makeBaseline and formatBaseline", () => {
  const entry = baselineEntry(runComplete(pairScenario({ replications: 3 }), identity("t")));

  it("refuses two scenarios with the same name", () => {
    expect(() => makeBaseline([entry, { ...entry, scenario: identity("t", "other.yaml") }])).toThrow(
      new BaselineError('t.yaml and other.yaml are both named "t"; a baseline finds scenarios by name, so give them different names'),
    );
  });

  it("writes arrays of numbers on one line, and reads back what it wrote", () => {
    const doc = makeBaseline([entry], { tolerances: { mttr_s: "+5%" }, directions: { events: "lower-is-better" } });
    const text = formatBaseline(doc);
    expect(text).toMatch(/"ci95": \[[-\d.e]+, [-\d.e]+\]/);
    expect(text).toMatch(/"availability": \[[\d.e-]+, [\d.e-]+, [\d.e-]+\]/);
    expect(parseBaseline(text, "b.json")).toEqual(doc);
    expect(findEntry(parseBaseline(text, "b.json"), "t")?.scenario.file).toBe("t.yaml");
  });

  it("leaves strings alone, even ones that look like arrays", () => {
    const odd = { ...entry, scenario: { ...entry.scenario, description: "[\n1,\n2\n]" } };
    const doc = makeBaseline([odd]);
    expect(parseBaseline(formatBaseline(doc), "b.json").scenarios[0]!.scenario.description).toBe("[\n1,\n2\n]");
  });
});

describe("parseBaseline errors", () => {
  it("not JSON", () => {
    expect(() => parseBaseline("{", "b.json")).toThrow(/^b\.json: not valid JSON: /);
  });

  it("a run result instead of a baseline", () => {
    expect(() => parseBaseline('{"schema":"ftsim.result/v1"}', "r.json")).toThrow(
      'r.json: not an ftsim baseline: expected schema "ftsim.baseline/v1", found schema "ftsim.result/v1" (it is a run result; make a baseline with: ftsim baseline <files...> --out baseline.json)',
    );
  });

  it("no schema at all", () => {
    expect(() => parseBaseline("[]", "b.json")).toThrow(/found no "schema" field/);
  });

  it("a bad field, named by its path", () => {
    const doc = { schema: "ftsim.baseline/v1", ftsim_version: "x", scenarios: [{ scenario: identity("t"), seed: 1, replications: "3" }] };
    expect(() => parseBaseline(JSON.stringify(doc), "b.json")).toThrow(/^b\.json: scenarios\.0\.replications: /m);
  });

  it("a misspelt direction", () => {
    const doc = { schema: "ftsim.baseline/v1", ftsim_version: "x", directions: { events: "up" }, scenarios: [] };
    expect(() => parseBaseline(JSON.stringify(doc), "b.json")).toThrow(/b\.json: directions\.events: /);
  });
});
