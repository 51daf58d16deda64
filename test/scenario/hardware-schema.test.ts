import { describe, expect, it } from "vitest";
import { loadScenarioText, ScenarioError } from "../../src/scenario/load.js";
import { scenarioSchema } from "../../src/scenario/schema.js";

/** The messages (file:line:col: path: message) a scenario text gives, or [] when it validates. */
function problems(yaml: string): string[] {
  try {
    loadScenarioText(yaml, "s.yaml", scenarioSchema);
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.issues.map((i) => `${i.line}:${i.col}: ${i.path}: ${i.message}`);
  }
}

const head = "name: t\nhorizon: 1d\n";

describe("components: kinds and their parameters", () => {
  it("reads kind parameters with units into SI values", () => {
    const { value } = loadScenarioText(
      head +
        "components:\n" +
        "  - {name: disk, kind: disk, capacity: 16TB, read_bandwidth: 250MB/s, rebuild_share: 30%}\n" +
        "  - {name: up, kind: link, connects: [disk, disk], bandwidth: 10Gbit/s, latency: 50us, loss: 0.1%}\n",
      "s.yaml",
      scenarioSchema,
    );
    expect(value.components[0]!.params).toEqual({ capacity: 16e12, read_bandwidth: 250e6, rebuild_share: 0.3 });
    expect(value.components[1]!.params).toEqual({ connects: ["disk", "disk"], bandwidth: 1.25e9, latency: 50e-6, loss: 0.001 });
  });

  it("defaults the kind to component and allows hardware that fails only through faults", () => {
    const { value } = loadScenarioText(head + "components:\n  - name: rack\n", "s.yaml", scenarioSchema);
    expect(value.components[0]).toMatchObject({ kind: "component", failure: undefined, repair: undefined, in: [] });
  });

  it("suggests a kind for a misspelt one", () => {
    expect(problems(head + "components:\n  - {name: c, kind: procesor}\n").join()).toMatch(/4:21: components\.0\.kind: .*did you mean "processor"/);
  });

  it("names the kinds a parameter belongs to when given to another kind", () => {
    expect(problems(head + "components:\n  - {name: c, kind: processor, capacity: 1TB}\n")).toEqual([
      "4:42: components.0.capacity: `capacity` is a parameter of kind disk, not of kind processor; processor takes speed",
    ]);
    expect(problems(head + "components:\n  - {name: c, kind: disk, capcity: 1TB}\n").join()).toMatch(/capcity.*capacity/);
  });

  it("needs a repair for a component that fails, and connects for a link", () => {
    expect(problems(head + "components:\n  - {name: c, mttf: 1h}\n").join()).toMatch(/needs a repair: give mttr or repair/);
    expect(problems(head + "components:\n  - {name: l, kind: link}\n").join()).toMatch(/a link needs `connects: \[a, b\]`/);
  });

  it("accepts containment as one reference or a list", () => {
    const { value } = loadScenarioText(head + "components:\n  - {name: r, kind: rack}\n  - {name: h, kind: host, in: r}\n  - {name: d, in: [h, r]}\n", "s.yaml", scenarioSchema);
    expect(value.components.map((c) => c.in)).toEqual([[], ["r"], ["h", "r"]]);
  });
});

describe("faults", () => {
  const comps = "components:\n  - {name: cpu, kind: processor, mttf: 1y, mttr: 1h}\n";

  it("reads a stochastic fault: a bare `every` is an exponential mean, a bare duration is fixed", () => {
    const { value } = loadScenarioText(head + comps + "faults:\n  - {type: hang, target: cpu, every: 100h, duration: 10m}\n", "s.yaml", scenarioSchema);
    expect(value.faults[0]).toMatchObject({
      type: "hang",
      name: "hang",
      targets: ["cpu"],
      when: { kind: "every", interval: { kind: "exponential", mean: 360_000 } },
      duration: { kind: "deterministic", value: 600 },
    });
  });

  it("reads scripted times, sorted, and FIT rates", () => {
    const { value } = loadScenarioText(
      head + comps + "faults:\n  - {type: fail-stop, target: cpu, at: [5h, 2h]}\n  - {type: hang, name: h2, target: cpu, fit: 1000, duration: {dist: exponential, mean: 1m}}\n",
      "s.yaml",
      scenarioSchema,
    );
    expect(value.faults[0]!.when).toEqual({ kind: "at", times: [7200, 18000] });
    expect(value.faults[1]!.when).toEqual({ kind: "every", interval: { kind: "exponential", mean: 1e9 * 3600 / 1000 } });
  });

  it("needs exactly one of every, fit or at", () => {
    expect(problems(head + comps + "faults:\n  - {type: fail-stop, target: cpu}\n").join()).toMatch(/say when: give one of every/);
    expect(problems(head + comps + "faults:\n  - {type: fail-stop, target: cpu, at: 1h, every: 2h}\n").join()).toMatch(/give only one of every, fit or at/);
  });

  it("names what a fault type needs and refuses fields of other types", () => {
    expect(problems(head + comps + "faults:\n  - {type: fail-slow, target: cpu, every: 1h, duration: 1m}\n").join()).toMatch(/a fail-slow fault needs `factor`/);
    expect(problems(head + comps + "faults:\n  - {type: fail-stop, target: cpu, every: 1h, lead: 1m}\n").join()).toMatch(/`lead` applies to precursor faults, not to fail-stop/);
    expect(problems(head + comps + "faults:\n  - {type: partition, between: [cpu, cpu], at: 1h}\n").join()).toMatch(/a partition fault needs `duration`/);
  });

  it("refuses a time between faults with mean 0, which would strike forever at one instant", () => {
    expect(problems(head + comps + "faults:\n  - {type: hang, target: cpu, every: {dist: deterministic, value: 0}, duration: 1m}\n").join()).toMatch(
      /faults\.0\.every: the time between faults must have a mean > 0/,
    );
    expect(problems(head + comps + "faults:\n  - {type: hang, target: cpu, every: {dist: empirical, samples: [0, 10s]}, duration: 1m}\n")).toEqual([]);
  });

  it("suggests a fault type for a misspelt one", () => {
    expect(problems(head + comps + "faults:\n  - {type: failstop, target: cpu, every: 1h}\n").join()).toMatch(/fail-stop/);
  });
});
