/**
 * The session review's findings: each test failed before its fix.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioText } from "../src/run/load.js";
import { formatQuantity, parseDuration, parseRate, parseSize } from "../src/scenario/units.js";
import { naturalCompare } from "../src/math/natural-order.js";
import { CLI_TIMEOUT_MS, ROOT, runCli } from "./cli/run-cli.js";
import { fixed, traced } from "./faults/traced.js";
import { rig } from "./hardware/network-fixtures.js";
import { Component } from "../src/hardware/component.js";
import { Link } from "../src/hardware/link.js";

describe("formatQuantity on values that are nearly whole in some unit", () => {
  const parse = { duration: parseDuration, size: parseSize, rate: parseRate } as const;

  it.each([
    ["size", 123_456_789_123],
    ["size", 1e12 + 1],
    ["rate", 123_456_789_123],
    ["duration", 1_000_000_000.5],
    ["duration", 3600.000001],
    ["duration", 0.1 + 0.2],
  ] as const)("parsing the text of %s %d gives the value back exactly", (kind, value) => {
    expect(parse[kind](formatQuantity(kind, value))).toBe(value);
  });

  it("still writes whole values in the largest fitting unit", () => {
    expect(formatQuantity("duration", 0.3)).toBe("300ms");
    expect(formatQuantity("size", 123_456_789_000)).toBe("123456789kB");
    expect(formatQuantity("rate", 1e8)).toBe("100MB/s");
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

describe("naturalCompare on edge strings", () => {
  it("is a total order on empty strings, unicode and leading zeros", () => {
    const names = ["", "a", "a2", "a02", "a10", "é1", "e1", "\u{1F600}1", "a2b", "a2a", "1", "01", "-1"];
    for (const a of names) {
      expect(naturalCompare(a, a)).toBe(0);
      for (const b of names) {
        expect(Math.sign(naturalCompare(a, b)) + Math.sign(naturalCompare(b, a))).toBe(0);
        for (const c of names) {
          if (naturalCompare(a, b) < 0 && naturalCompare(b, c) < 0) expect(naturalCompare(a, c)).toBeLessThan(0);
        }
      }
    }
    expect(["a10", "", "a2"].sort(naturalCompare)).toEqual(["", "a2", "a10"]);
  });
});

describe("a closed stderr", { timeout: CLI_TIMEOUT_MS }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ftsim-review-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("does not turn the command's status into a crash's (validate of a bad scenario stays 2)", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: x\nbogus: 1\n");
    const script = `"${process.execPath}" --import tsx src/cli/main.ts validate "${file}" 2>&1 >/dev/null | true; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", timeout: CLI_TIMEOUT_MS - 5_000 });
    expect(r.stdout).toContain("status=2");
  });
});

describe("a stochastic precursor whose processor fails otherwise and is still down at the announced time", () => {
  const run = (repairS: number, until: number) =>
    traced(
      {
        components: [{ name: "cpu", kind: "processor", repair: fixed(repairS) }],
        faults: [
          { type: "precursor", target: "cpu", every: fixed(1000), lead: 100 },
          { type: "fail-stop", target: "cpu", at: 950 },
        ],
      },
      until,
    ).show();

  it("restarts the clock at the repair, as when the repair comes before the announced time", () => {
    // Before: the clock restarted at 1000, while the processor was out, so the new one failed 500 s after its repair.
    expect(run(550, 2600)).toEqual(["900 cpu precursor precursor", "950 cpu down fail-stop", "1500 cpu up repaired", "2400 cpu precursor precursor", "2500 cpu down precursor"]);
  });

  it("a repair just before or exactly at the announced time gives the same next failure, 1000 s after the repair", () => {
    expect(run(49, 2100)).toContain("1999 cpu down precursor"); // repaired at 999
    expect(run(50, 2100)).toContain("2000 cpu down precursor"); // repaired at 1000, the announced instant
    expect(run(51, 2100)).toContain("2001 cpu down precursor"); // before: 2000, the clock started at 1000
  });
});

describe("a last gasp and its node going down again at the same instant", () => {
  it("one transmitter sends one message at a time: the first gasp is cut short by the second going down, the second leaves", () => {
    const { sim, net, link, log, node, messages } = rig();
    link("cb", "c", "b", { bandwidth: 10, latency: 1 });
    let n = 0;
    node("c").onFailed((c) => net.sendLastGasp(c, node("b"), 100, messages, `gasp-${++n}`)); // 10 s on the wire
    sim.schedule(5, () => {
      node("c").fail(5, "power");
      node("c").restore(5, "repaired");
      node("c").fail(5, "power");
    });
    sim.run();
    // Before: both delivered @16, transmitted side by side by one transmitter.
    expect(log).toEqual(["gasp-1 dropped node-down @16", "gasp-2 delivered @16"]);
  });

  it("a last gasp from a node that went down earlier is dropped as from any down node", () => {
    const { sim, net, link, log, node, messages } = rig();
    link("ab", "a", "b", { bandwidth: 100, latency: 1 });
    sim.schedule(5, () => node("a").fail(5, "power"));
    sim.schedule(8, () => net.sendLastGasp(node("a"), node("b"), 0, messages, "late"));
    sim.run();
    expect(log).toEqual(["late dropped node-down @8"]);
  });

  it("a last gasp sent by a change listener that runs before the network's still leaves, once", () => {
    const { sim, net, log, node, messages } = rig();
    const early = new Component("early", "host");
    early.onChange((up, now) => {
      if (!up) net.sendLastGasp(early, node("b"), 100, messages, `gasp@${now}`);
    });
    net.addLink(new Link("eb", { bandwidth: 100, latency: 1 }), early, node("b"));
    sim.schedule(10, () => early.fail(10, "power"));
    sim.schedule(10.5, () => early.restore(10.5, "repaired"));
    sim.schedule(10.6, () => early.fail(10.6, "power")); // its first gasp is still being transmitted: lost
    sim.run();
    expect(log).toEqual(["gasp@10 dropped node-down @12", "gasp@10.6 delivered @12.6"]);
  });
});

describe("the YAML flow-list hint", () => {
  const messageOf = (text: string): string => {
    try {
      loadScenarioText(text, "s.yaml");
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };

  it("does not ask to quote an instance id that is quoted already", () => {
    expect(messageOf("name: demo\nservice: {series: ['mc[0]', [x}\n")).not.toContain("must be quoted");
  });

  it("names the unquoted one when a line has both", () => {
    expect(messageOf("name: demo\nservice: {series: ['mc[0]', mc[1]]}\n")).toContain('must be quoted: "mc[1]"');
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

describe("ftsim sweep's table and the note on a left-out mechanism", { timeout: CLI_TIMEOUT_MS }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ftsim-review-sweep-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ends with the note, naming the point, as run's table does", () => {
    const file = join(dir, "sweep.yaml");
    writeFileSync(
      file,
      `name: unmeasured
horizon: 100h
replications: 2
components:
  - { name: unit, count: 2, mttf: 100h, mttr: 4h }
mechanisms:
  - { type: active-standby, name: pair, units: unit }
service: pair
sweep:
  variants:
    - { name: as-written }
    - { name: one-unit, set: { service: "unit[0]" } }
`,
    );
    const r = runCli(["sweep", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('\nnote: in sweep point "one-unit": mechanism "pair" is not part of `service:`');
    expect(runCli(["sweep", file, "--format", "json"]).stdout).not.toContain("note:");
  });
});
