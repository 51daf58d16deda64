/**
 * Bounded resources while reading a scenario (docs/robustness.md, "Limits"):
 * instance and replication caps checked on the counts, file size checked
 * before reading, nesting depth and alias expansion bounded and reported at
 * their position, error output bounded, sweeps expanded in linear time.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { suggest } from "../../src/math/did-you-mean.js";
import { loadScenario, loadScenarioText } from "../../src/run/load.js";
import { LIMITS } from "../../src/scenario/limits.js";
import { ScenarioError, parseScenarioText } from "../../src/scenario/load.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { expandSweep } from "../../src/scenario/sweep.js";
import type { LooseSchema } from "../../src/scenario/zod-introspection.js";

const HEAD = "name: lim\nseed: 1\nreplications: 10\nhorizon: 8760h\n";
const group = (name: string, count: number) => `  - { name: ${name}, count: ${count}, mttf: 1000h, mttr: 10h }\n`;

/** The ScenarioError's formatted text from loading `text`. */
function failure(text: string): string {
  try {
    loadScenarioText(text, "s.yaml");
  } catch (e) {
    if (e instanceof ScenarioError) return e.format();
    throw e;
  }
  throw new Error("expected a ScenarioError");
}

const saved = { ...LIMITS };
afterEach(() => Object.assign(LIMITS, saved));

describe("the instance cap", () => {
  it("refuses more instances than the cap in all, at the count that crosses it, before building any", () => {
    // Two legal groups (each under the per-group maximum) of 60 000: 120 000 in all.
    const text = HEAD + "components:\n" + group("a", 60_000) + group("b", 60_000);
    expect(failure(text)).toBe("s.yaml:7:23: components.1.count: the scenario has 120000 component instances in all; at most 100000 are allowed (set FTSIM_MAX_INSTANCES to raise the limit)");
  });

  it("follows the limit in force (the CLI sets it from FTSIM_MAX_INSTANCES)", () => {
    LIMITS.maxInstances = 5;
    expect(failure(HEAD + "components:\n" + group("a", 3) + group("b", 3))).toMatch(/components\.1\.count: .*6 component instances.*at most 5/);
    expect(() => loadScenarioText(HEAD + "components:\n" + group("a", 3) + group("b", 2), "s.yaml")).not.toThrow();
  });

  it("applies to every sweep point", () => {
    LIMITS.maxInstances = 5;
    const text = HEAD + "components:\n" + group("a", 3) + "sweep:\n  grid:\n    components.a.count: [2, 9]\n";
    expect(failure(text)).toMatch(/^s\.yaml:9:\d+: sweep\.grid\["components\.a\.count"\]\.1: point "count=9": components\.0\.count: .*9 component instances/);
  });
});

describe("the replication cap", () => {
  it("refuses a scenario asking for more than 1 000 000 replications, at its line", () => {
    const text = "name: lim\nreplications: 1000000000\nhorizon: 8760h\ncomponents:\n" + group("a", 1);
    expect(failure(text)).toBe("s.yaml:2:15: replications: at most 1000000 replications are allowed (set FTSIM_MAX_REPLICATIONS to raise the limit), got 1000000000");
  });
});

describe("the input size limit", () => {
  const dir = mkdtempSync(join(tmpdir(), "ftsim-limits-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a file over 16 MiB by its size, before reading it", () => {
    const big = join(dir, "big.yaml");
    const fd = openSync(big, "w");
    ftruncateSync(fd, 600 * 1024 * 1024); // sparse: 600 MB that take no disk, and no time unless read
    closeSync(fd);
    expect(() => loadScenario(big)).toThrow(/cannot read file: the file is 600 MiB; the limit is 16 MiB \(set FTSIM_MAX_INPUT_BYTES to raise it\)/);
  });

  it("stops reading a device or pipe one byte past the limit", () => {
    LIMITS.maxInputBytes = 1000;
    expect(() => loadScenario("/dev/zero")).toThrow(/the file is larger than that; the limit is 1000 bytes/);
  });

  it("reads a file within the limit", () => {
    const small = join(dir, "small.yaml");
    writeFileSync(small, HEAD + "components:\n" + group("a", 1));
    expect(loadScenario(small).scenario.name).toBe("lim");
  });
});

describe("nesting depth", () => {
  it("reports nesting too deep for the parser as such, not as a stack overflow", () => {
    const text = "name: x\ncomponents: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
    const message = failure(text);
    expect(message).toMatch(/nested too deeply for the parser; the limit is 64 levels \(FTSIM_MAX_DEPTH\)/);
    expect(message).not.toMatch(/call stack/);
  });

  it("refuses nesting past 64 levels at the first node too deep", () => {
    const text = "name: x\nfaults: " + "[".repeat(70) + "]".repeat(70) + "\n";
    expect(failure(text)).toMatch(/^s\.yaml:2:72: faults(\.0){63}: lists and mappings are nested more than 64 levels deep here; the limit is 64/);
  });
});

describe("alias expansion", () => {
  it("accepts a legitimate file that uses one anchor 150 times", () => {
    const lines = [HEAD.trimEnd(), "components:", "  - { name: c0, mttf: 1000h, repair: &r { dist: lognormal, mean: 10h, cv: 0.5 } }"];
    for (let i = 1; i < 150; i++) lines.push(`  - { name: c${i}, mttf: 1000h, repair: *r }`);
    expect(loadScenarioText(lines.join("\n") + "\n", "s.yaml").scenario.components).toHaveLength(150);
  });

  it("stops a billion-laughs file at the alias that crosses the budget, not at 1:1", () => {
    const lines = ["name: x", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]`);
    const message = failure(lines.join("\n") + "\n");
    expect(message).toMatch(/^s\.yaml:6:\d+: a4\.\d: alias "\*a3" expands the document past 100000 nodes/);
  });

  it("measures without expanding: an alias chain deeper than the limit is refused", () => {
    const lines = ["name: x", "a0: &a0 [x]"];
    for (let i = 1; i < 80; i++) lines.push(`a${i}: &a${i} [*a${i - 1}]`);
    expect(failure(lines.join("\n") + "\n")).toMatch(/alias "\*a\d+" nests the document more than 64 levels deep/);
  });
});

describe("bounded error output", () => {
  it("cuts a 1 MB bogus value echoed in a message", () => {
    const message = failure(HEAD + "components:\n  - { name: a, mttf: " + "9".repeat(10) + "x".repeat(1_000_000) + ", mttr: 10h }\n");
    expect(message.length).toBeLessThan(2000);
    expect(message).toMatch(/more characters\)/);
  });

  it("escapes control characters in names and values", () => {
    // A reference is echoed as written: raw, it would clear the screen and set the window title.
    const message = failure(`${HEAD}components:\n${group("a", 1)}service: "a\u001b[2J\u001b]0;owned\u0007b"\n`);
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(message).toContain('no component or service named "a\\x1b[2J\\x1b]0;owned\\x07b"');
    expect(() => loadScenario("/nonexistent/x\u001b[2J.yaml")).toThrow(ScenarioError);
    try {
      loadScenario("/nonexistent/x\u001b[2J.yaml");
    } catch (e) {
      expect((e as ScenarioError).format()).toBe("/nonexistent/x\\x1b[2J.yaml: (root): cannot read file: no such file");
    }
  });

  it("prints at most 50 problems and counts the rest", () => {
    const keys = Array.from({ length: 120 }, (_, i) => `bogus${i}: 1`).join("\n");
    const lines = failure(HEAD + "components:\n" + group("a", 1) + keys + "\n").split("\n");
    expect(lines).toHaveLength(51);
    expect(lines[50]).toBe("... and 70 more problems (FTSIM_MAX_ERRORS=120 shows them all)");
  });
});

describe("bounded did-you-mean", () => {
  it("gives up on a 20 kB name instead of comparing it with every one of 10 000 ids", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `host[${i}]`);
    expect(suggest("h".repeat(20_000), ids)).toBeUndefined();
    expect(suggest("hots[17]", ids)).toBe("host[17]");
  });
});

describe("linear sweep expansion", () => {
  it("shares what a point does not change with the base, and leaves the sweep out of every point", () => {
    const variants = Array.from({ length: 50 }, (_, i) => `    - { name: v${i}, set: { horizon: ${100 + i}h } }`).join("\n");
    const text = HEAD + "components:\n" + group("a", 2) + group("b", 2) + "sweep:\n  variants:\n" + variants + "\n";
    const parsed = parseScenarioText(text, "s.yaml");
    const plan = expandSweep(parsed, "s.yaml", scenarioSchema as unknown as LooseSchema)!;
    expect(plan.points).toHaveLength(50);
    const data = plan.points.map((p) => p.data as Record<string, unknown>);
    // No point holds a copy of the 50 variants (a quadratic total), nor a deep copy of what it does not set.
    for (const d of data) expect(Object.hasOwn(d, "sweep")).toBe(false);
    expect(data[0]!.components).toBe(data[49]!.components);
    expect(data[0]!.components).toBe((parsed.data as Record<string, unknown>).components);
    expect([data[0]!.horizon, data[49]!.horizon]).toEqual(["100h", "149h"]);
    void parseDocument;
  });
});
