import { describe, it, expect } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { buildModel, type Model } from "../../src/run/model.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { modelReferenceError } from "../support/scenarios.js";

const NEVER = { dist: "deterministic", value: "1e9s" };

/** A scenario with the given components (never failing unless overridden) and extra fields. */
function scenario(components: { name: string; count?: number }[], extra: Record<string, unknown> = {}) {
  return scenarioSchema.parse({
    name: "t",
    horizon: "1000s",
    components: components.map((c) => ({ failure: NEVER, repair: { dist: "deterministic", value: "1s" }, ...c })),
    ...extra,
  });
}

function build(s: ReturnType<typeof scenario>): Model {
  return buildModel(s, new Simulator(), new RandomStreams(1, 0));
}

const referenceError = modelReferenceError;

/** Fails the named components (every member of a group) at `t` and returns whether the service is up. */
function upAfterFailing(model: Model, ids: string[], t = 1): boolean {
  for (const id of ids) for (const c of model.inventory.find(id)!) c.fail(t, "test");
  return model.service.up;
}

describe("buildModel hardware", () => {
  it("creates every component of every group", () => {
    const model = build(scenario([{ name: "cpu", count: 2 }, { name: "lb" }]));
    expect(model.inventory.components.map((c) => c.id)).toEqual(["cpu[0]", "cpu[1]", "lb"]);
  });

  it("reports a duplicate component name at its path", () => {
    const e = referenceError(scenario([{ name: "cpu" }, { name: "cpu", count: 2 }]));
    expect(e.path).toEqual(["components", 1, "name"]);
  });

  it("starts no failure process until start is called", () => {
    const sim = new Simulator();
    const s = scenario([{ name: "cpu" }]);
    buildModel(s, sim, new RandomStreams(1, 0));
    expect(sim.pending).toBe(0);
  });

  it("schedules each component's first failure on start", () => {
    const sim = new Simulator();
    const model = buildModel(scenario([{ name: "cpu", count: 3 }]), sim, new RandomStreams(1, 0));
    model.start();
    expect(sim.pending).toBe(3);
  });
});

describe("buildModel service structure", () => {
  it("puts every component in series by default", () => {
    const s = scenario([{ name: "cpu", count: 2 }, { name: "lb" }]);
    expect(upAfterFailing(build(s), [])).toBe(true);
    expect(upAfterFailing(build(s), ["cpu[1]"])).toBe(false);
    expect(upAfterFailing(build(s), ["lb"])).toBe(false);
  });

  it("treats a group name used as the whole structure as its members in series", () => {
    const s = scenario([{ name: "cpu", count: 2 }, { name: "lb" }], { service: "cpu" });
    expect(upAfterFailing(build(s), ["lb"])).toBe(true);
    expect(upAfterFailing(build(s), ["cpu[0]"])).toBe(false);
  });

  it("expands a group name inside a parallel list to one member per instance", () => {
    const s = scenario([{ name: "cpu", count: 3 }], { service: { parallel: ["cpu"] } });
    expect(upAfterFailing(build(s), ["cpu[0]", "cpu[1]"])).toBe(true);
    expect(upAfterFailing(build(s), ["cpu"])).toBe(false);
  });

  it("expands a group name inside a series list alongside other names", () => {
    const s = scenario([{ name: "cpu", count: 2 }, { name: "lb" }, { name: "spare" }], { service: { series: ["cpu", "lb"] } });
    expect(upAfterFailing(build(s), ["spare"])).toBe(true);
    expect(upAfterFailing(build(s), ["cpu[1]"])).toBe(false);
  });

  it("builds a k-of-n gate over a group named in of", () => {
    const s = scenario([{ name: "disk", count: 4 }], { service: { k: 3, of: "disk" } });
    expect(upAfterFailing(build(s), ["disk[2]"])).toBe(true);
    expect(upAfterFailing(build(s), ["disk[0]", "disk[3]"])).toBe(false);
  });

  it("builds a k-of-n gate over a list mixing instances and nested structures", () => {
    const s = scenario([{ name: "a", count: 2 }, { name: "b" }], {
      service: { k: 2, of: ["a[0]", "a[1]", { parallel: ["b"] }] },
    });
    expect(upAfterFailing(build(s), ["a[0]"])).toBe(true);
    expect(upAfterFailing(build(s), ["a[0]", "b"])).toBe(false);
  });

  it("resolves a single instance id", () => {
    const s = scenario([{ name: "cpu", count: 2 }], { service: "cpu[1]" });
    expect(upAfterFailing(build(s), ["cpu[0]"])).toBe(true);
    expect(upAfterFailing(build(s), ["cpu[1]"])).toBe(false);
  });

  it("reports an unknown name with its path and a did-you-mean", () => {
    const e = referenceError(scenario([{ name: "cpu" }, { name: "disk" }], { service: { series: ["cpu", { parallel: ["dsik"] }] } }));
    expect(e.path).toEqual(["service", "series", 1, "parallel", 0]);
    expect(e.message).toMatch(/no component or service named "dsik"; did you mean "disk"\?/);
  });

  it("lists known names when an unknown name resembles none", () => {
    const e = referenceError(scenario([{ name: "cpu" }, { name: "disk" }], { service: "zzzzzzzz" }));
    expect(e.path).toEqual(["service"]);
    expect(e.message).toMatch(/known names: .*cpu.*disk/);
  });

  it("reports an unknown group in of at the of path", () => {
    const e = referenceError(scenario([{ name: "disk", count: 3 }], { service: { k: 2, of: "disks" } }));
    expect(e.path).toEqual(["service", "of"]);
  });

  it("reports k larger than the members at the k path", () => {
    const e = referenceError(scenario([{ name: "disk", count: 3 }], { service: { series: [{ k: 4, of: "disk" }] } }));
    expect(e.path).toEqual(["service", "series", 0, "k"]);
    expect(e.message).toMatch(/k = 4 but only 3 members/);
  });
});

describe("buildModel mechanisms", () => {
  const pair = (extra: Record<string, unknown>) => ({ type: "active-standby", units: "cpu", ...extra });

  it("makes a mechanism's service usable by name in the structure", () => {
    const s = scenario([{ name: "cpu", count: 2 }], { mechanisms: [pair({ name: "web" })], service: "web" });
    const model = build(s);
    expect(model.mechanisms.map((m) => m.name)).toEqual(["web"]);
    expect(model.service).toBe(model.mechanisms[0]!.instance.services.web);
  });

  it("names a mechanism after its type when no name is given", () => {
    const model = build(scenario([{ name: "cpu", count: 2 }], { mechanisms: [pair({})], service: "active-standby" }));
    expect(model.mechanisms[0]!.name).toBe("active-standby");
  });

  it("requires a service entry when mechanisms provide services, naming them", () => {
    expect(() => build(scenario([{ name: "cpu", count: 2 }], { mechanisms: [pair({ name: "duo" })] }))).toThrow(
      /mechanisms provide the service "duo".*service: duo/,
    );
  });

  it("rejects two mechanisms with the same name at the second one's name", () => {
    const s = scenario([{ name: "cpu", count: 2 }, { name: "mem", count: 2 }], {
      mechanisms: [pair({ name: "x" }), { type: "active-standby", units: "mem", name: "x" }],
    });
    const e = referenceError(s);
    expect(e.path).toEqual(["mechanisms", 1, "name"]);
    expect(e.message).toMatch(/two mechanisms are named "x"/);
  });

  it("rejects two unnamed mechanisms of the same type", () => {
    const s = scenario([{ name: "cpu", count: 2 }, { name: "mem", count: 2 }], {
      mechanisms: [pair({}), { type: "active-standby", units: "mem" }],
    });
    expect(referenceError(s).path).toEqual(["mechanisms", 1, "name"]);
  });

  it("prefixes a mechanism's reference error path with its entry", () => {
    const s = scenario([{ name: "cpu", count: 2 }], { mechanisms: [pair({ units: ["cpu[0]", "gpu"] })] });
    expect(referenceError(s).path).toEqual(["mechanisms", 0, "units", 1]);
  });
});

describe("Model.unmeasured", () => {
  const withService = (service: unknown) =>
    scenario([{ name: "unit", count: 2 }], { mechanisms: [{ type: "active-standby", name: "pair", units: "unit" }], service });

  it("lists the mechanisms whose services the structure never uses", () => {
    expect(build(withService("unit[0]")).unmeasured).toEqual(["pair"]);
  });

  it("is empty when the structure uses the service, at any depth", () => {
    expect(build(withService("pair")).unmeasured).toEqual([]);
    expect(build(withService({ parallel: [{ series: ["pair"] }, "unit[1]"] })).unmeasured).toEqual([]);
  });
});
