import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, expect } from "vitest";
import { loadScenario, loadScenarioText } from "../../src/run/load.js";
import { ScenarioError } from "../../src/scenario/load.js";

const dir = mkdtempSync(join(tmpdir(), "ftsim-run-load-"));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The ScenarioError that loading `file` throws. */
function errorOf(file: string): ScenarioError {
  try {
    loadScenario(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error("expected a ScenarioError");
}

const GOOD = `name: pair
description: two servers
horizon: 1000h
components:
  - name: server
    count: 2
    mttf: 100h
    mttr: 5h
mechanisms:
  - type: active-standby
    name: pair
    units: server
service: pair
`;

describe("loadScenario", () => {
  it("loads a valid scenario with its identity and content hash", () => {
    const file = write("good.yaml", GOOD);
    const { scenario, identity } = loadScenario(file);
    expect(scenario.horizon).toBe(1000 * 3600);
    expect(identity).toMatchObject({ name: "pair", file, description: "two servers" });
    expect(identity.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("gives the same hash to the same bytes", () => {
    expect(loadScenario(write("a.yaml", GOOD)).identity.hash).toBe(loadScenario(write("b.yaml", GOOD)).identity.hash);
  });

  it("reports a bad reference in the service structure at its file:line:col", () => {
    const file = write("bad-service.yaml", GOOD.replace("service: pair", "service:\n  series: [pair, sever]"));
    const e = errorOf(file);
    expect(e.issues).toHaveLength(1);
    expect(e.format()).toBe(`${file}:14:18: service.series.1: no component or service named "sever"; did you mean "server"?`);
  });

  it("reports a bad mechanism reference at its file:line:col", () => {
    const file = write("bad-units.yaml", GOOD.replace("units: server", "units: srv"));
    const e = errorOf(file);
    expect(e.issues[0]).toMatchObject({ file, line: 12, col: 12, path: "mechanisms.0.units" });
  });

  it("reports a parameter a hardware model refuses at the field's line:col", () => {
    const dimm = write("small-dimm.yaml", "name: d\nhorizon: 10h\ncomponents:\n  - name: m\n    kind: dimm\n    size: 1KiB\n");
    expect(errorOf(dimm).format()).toMatch(/small-dimm\.yaml:6:11: components\.0\.size: m: size must be a positive whole number of pages/);
    const disk = write("small-disk.yaml", "name: d\nhorizon: 10h\ncomponents:\n  - {name: d, kind: disk, capacity: 1MB, extent_size: 1GiB}\n");
    expect(errorOf(disk).issues[0]).toMatchObject({ line: 4, path: expect.stringMatching(/^components\.0/) });
  });

  it("reports a bad link end and a bad partition side at their positions", () => {
    const base = "name: n\nhorizon: 10h\ncomponents:\n  - {name: hosts, kind: host, count: 2}\n  - {name: l, kind: link, connects: [hosts, hots]}\n";
    expect(errorOf(write("bad-link.yaml", base)).format()).toMatch(/bad-link\.yaml:5:45: components\.1\.connects\.1: no component named "hots"; did you mean "hosts"\?/);
    const partition = base.replace("[hosts, hots]", '["hosts[0]", "hosts[1]"]') + 'faults:\n  - {type: partition, network: lna, between: ["hosts[0]", "hosts[1]"], at: 1h, duration: 1m}\n';
    expect(errorOf(write("bad-net.yaml", partition)).format()).toMatch(/faults\.0\.network: no network named "lna"; did you mean "lan"\?/);
  });

  it("reports a duplicate component name at its line", () => {
    const file = write(
      "dup.yaml",
      "name: d\nhorizon: 10h\ncomponents:\n  - name: a\n    mttf: 1h\n    mttr: 1h\n  - name: a\n    mttf: 1h\n    mttr: 1h\n",
    );
    expect(errorOf(file).issues[0]).toMatchObject({ line: 7, col: 11, path: "components.1.name" });
  });

  it("reports a schema error before building the model", () => {
    const file = write("schema.yaml", GOOD.replace("horizon: 1000h", "horizon: soon"));
    expect(errorOf(file).issues[0]).toMatchObject({ line: 3, path: "horizon" });
  });
});

describe("a fixed-or-distribution delay whose distribution lacks a parameter", () => {
  const scenario = (switchover: string) => `name: u
horizon: 1000h
components:
  - { name: unit, count: 2, mttf: 100h, mttr: 4h }
mechanisms:
  - { type: active-standby, name: pair, units: unit, switchover: ${switchover} }
service: pair
`;
  const errorOf = (text: string): string => {
    try {
      loadScenarioText(text, "s.yaml");
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };

  it("is reported as the distribution's problem, not as a mapping where a duration was expected", () => {
    expect(errorOf(scenario("{dist: weibull, shape: 1.2}"))).toBe("s.yaml:6:66: mechanisms.0.switchover: needs one of scale, mean");
  });

  it("a value of neither form still gets the duration's message", () => {
    expect(errorOf(scenario("true"))).toContain("mechanisms.0.switchover: expected a duration such as 250ms");
  });
});

describe("the note on a mechanism left out of `service:`, in a sweep", () => {
  const text = (service: string, sweep: string) => `name: unmeasured
horizon: 1000h
components:
  - { name: unit, count: 2, mttf: 100h, mttr: 4h }
mechanisms:
  - { type: active-standby, name: pair, units: unit }
service: ${service}
sweep:
${sweep}
`;

  it("is given for a variant whose service leaves the mechanism out, naming the point", () => {
    const { notes } = loadScenarioText(text("pair", '  variants:\n    - { name: as-written }\n    - { name: one-unit, set: { service: "unit[0]" } }'), "s.yaml");
    expect(notes).toEqual([expect.stringMatching(/^in sweep point "one-unit": mechanism "pair" is not part of `service:`/)]);
  });

  it("is given once for a scenario as written that leaves it out, not again per point", () => {
    const { notes } = loadScenarioText(text('"unit[0]"', "  grid:\n    components.unit.mttr: [4h, 8h]"), "s.yaml");
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^mechanism "pair"/);
  });

  it("k-of-n structures name it too: `{k: 1, of: [pair]}` and `{k: 1, of: pair}`", () => {
    for (const service of ["{k: 1, of: [pair]}", "{k: 1, of: pair}"]) {
      expect(loadScenarioText(text(service, "  grid:\n    components.unit.mttr: [4h, 8h]"), "s.yaml").notes).toEqual([]);
    }
  });
});
