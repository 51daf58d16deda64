import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, expect } from "vitest";
import { z } from "zod";
import {
  ScenarioError,
  formatPath,
  loadScenarioFile,
  parseScenarioText,
  validateScenario,
} from "../../src/scenario/load.js";
import { toJsonSchema } from "../../src/scenario/json-schema.js";
import { duration, probability, size } from "../../src/scenario/zod-units.js";

const Dist = z.discriminatedUnion("dist", [
  z.strictObject({ dist: z.literal("exponential"), mean: duration() }),
  z.strictObject({ dist: z.literal("weibull"), shape: z.number().positive(), scale: duration() }),
]);

const Scenario = z.strictObject({
  name: z.string(),
  seed: z.int().optional(),
  nodes: z.array(
    z.strictObject({
      role: z.enum(["primary", "standby"]),
      disk: z.strictObject({ capacity: size(), failure: Dist }),
    }),
  ),
  heartbeat: z.strictObject({ period: duration(), loss: probability().default(0) }).optional(),
});

/** The formatted ScenarioError that `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).format();
  }
  throw new Error("no ScenarioError thrown");
}

const load = (text: string, file = "s.yaml"): unknown =>
  validateScenario(Scenario, parseScenarioText(text, file), file);

const GOOD = `name: demo
nodes:
  - role: primary
    disk:
      capacity: 16TB
      failure: { dist: weibull, shape: 1.2, scale: 5y }
heartbeat:
  period: 250ms
`;

const tmp = mkdtempSync(join(tmpdir(), "ftsim-load-"));
const file = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe("validateScenario", () => {
  it("accepts a valid scenario and converts units", () => {
    expect(load(GOOD)).toEqual({
      name: "demo",
      nodes: [{ role: "primary", disk: { capacity: 16e12, failure: { dist: "weibull", shape: 1.2, scale: 5 * 31_557_600 } } }],
      heartbeat: { period: 0.25, loss: 0 },
    });
  });

  it("reports a wrong type with the value found", () => {
    expect(errorOf(() => load(GOOD.replace("shape: 1.2", 'shape: "abc"')))).toBe(
      's.yaml:6:40: nodes.0.disk.failure.shape: expected number, got string "abc"',
    );
  });

  it("reports an unknown key at the key, with a suggestion", () => {
    expect(errorOf(() => load(GOOD.replace("period: 250ms", "period: 250ms\n  los: 1%")))).toBe(
      's.yaml:9:3: heartbeat.los: unknown key "los"; did you mean "loss"?',
    );
  });

  it("lists the allowed keys when no key is close", () => {
    expect(errorOf(() => load(`${GOOD}colour: red\n`))).toBe(
      's.yaml:9:1: colour: unknown key "colour"; expected one of: name, seed, nodes, heartbeat',
    );
  });

  it("suggests keys of the discriminated-union branch chosen by the data", () => {
    expect(errorOf(() => load(GOOD.replace("dist: weibull, shape: 1.2, scale: 5y", "dist: exponential, mena: 5y")))).toBe(
      's.yaml:6:7: nodes.0.disk.failure.mean: missing required key "mean"\n' +
        's.yaml:6:37: nodes.0.disk.failure.mena: unknown key "mena"; did you mean "mean"?',
    );
  });

  it("follows the union branch that got furthest in a plain union", () => {
    const Range = z.strictObject({ r: z.union([z.number(), z.strictObject({ min: z.number(), max: z.number() })]) });
    const text = "r: { min: 1, mx: 2 }\n";
    expect(errorOf(() => validateScenario(Range, parseScenarioText(text, "r.yaml"), "r.yaml"))).toBe(
      'r.yaml:1:1: r.max: missing required key "max"\n' +
        'r.yaml:1:14: r.mx: unknown key "mx"; did you mean "max"?',
    );
  });

  it("reports a misspelt enum value with a suggestion", () => {
    expect(errorOf(() => load(GOOD.replace("role: primary", "role: primray")))).toBe(
      's.yaml:3:11: nodes.0.role: expected one of "primary", "standby"; got "primray"; did you mean "primary"?',
    );
  });

  it("reports an unknown discriminator with the allowed values and a suggestion", () => {
    expect(errorOf(() => load(GOOD.replace("dist: weibull", "dist: weibul")))).toBe(
      's.yaml:6:24: nodes.0.disk.failure.dist: expected one of "exponential", "weibull"; got "weibul"; did you mean "weibull"?',
    );
  });

  it("reports a missing discriminator with the allowed values", () => {
    expect(errorOf(() => load(GOOD.replace("dist: weibull, ", "")))).toBe(
      's.yaml:6:7: nodes.0.disk.failure.dist: missing required key "dist"; expected one of "exponential", "weibull"',
    );
  });

  it("reports a bad unit with the parser's message", () => {
    expect(errorOf(() => load(GOOD.replace("250ms", "250 msec")))).toBe(
      's.yaml:8:11: heartbeat.period: expected a duration such as 250ms, 30s, 8h or 3y; got "250 msec" (unknown unit "msec")',
    );
  });

  it("reports a missing required key at its parent's key", () => {
    expect(errorOf(() => load(GOOD.replace("      capacity: 16TB\n", "")))).toBe(
      's.yaml:4:5: nodes.0.disk.capacity: missing required key "capacity"',
    );
  });

  it("reports a missing top-level key at the start of the file", () => {
    expect(errorOf(() => load(GOOD.replace("name: demo\n", "")))).toBe('s.yaml:1:1: name: missing required key "name"');
  });

  it("reports an empty value at its key", () => {
    expect(errorOf(() => load(GOOD.replace("name: demo", "name:")))).toBe(
      "s.yaml:1:1: name: expected string, got null (an empty value)",
    );
  });

  it("reports a non-integer where an integer is expected", () => {
    expect(errorOf(() => load(`seed: 1.5\n${GOOD}`))).toBe("s.yaml:1:7: seed: expected integer, got number 1.5");
  });

  it("reports a bound with the value found", () => {
    expect(errorOf(() => load(GOOD.replace("shape: 1.2", "shape: 0")))).toBe(
      "s.yaml:6:40: nodes.0.disk.failure.shape: expected a value > 0, got 0",
    );
  });

  it("reports every issue, in file order", () => {
    const text = GOOD.replace("role: primary", "role: x").replace("name: demo", "name: 3");
    expect(errorOf(() => load(text)).split("\n").map((l) => l.split(": ")[0])).toEqual(["s.yaml:1:7", "s.yaml:3:11"]);
  });

  it("reports a __proto__ key as unknown without polluting prototypes", () => {
    expect(errorOf(() => load(`${GOOD}__proto__: { polluted: yes }\n`))).toBe(
      's.yaml:9:1: __proto__: unknown key "__proto__"; expected one of: name, seed, nodes, heartbeat',
    );
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("reports a wrong type in JSON input at its line:col", () => {
    const json = `{
  "name": "j",
  "nodes": [
    {"role": "primary", "disk": {"capacity": true, "failure": {"dist": "exponential", "mean": "3y"}}}
  ]
}
`;
    expect(errorOf(() => load(json, "s.json"))).toBe(
      "s.json:4:46: nodes.0.disk.capacity: expected a size such as 512B, 4KiB, 1.5GB or 16TB; got boolean true",
    );
  });
});

describe("parseScenarioText", () => {
  it("reports a duplicate key at the second occurrence", () => {
    expect(errorOf(() => parseScenarioText(`${GOOD}  period: 1s\n`, "s.yaml"))).toBe(
      's.yaml:9:3: heartbeat.period: duplicate key "period" (first defined at line 8)',
    );
  });

  it("reports a duplicate key in JSON", () => {
    expect(errorOf(() => parseScenarioText('{"name": "a", "name": "b"}', "s.json"))).toBe(
      's.json:1:15: name: duplicate key "name" (first defined at line 1)',
    );
  });

  it("reports a YAML syntax error at its line:col", () => {
    expect(errorOf(() => parseScenarioText("name: 'demo\nseed: 1\n", "s.yaml"))).toBe(
      "s.yaml:3:1: (root): YAML syntax error: Missing closing 'quote",
    );
  });

  it("reports tabs used as indentation", () => {
    expect(errorOf(() => parseScenarioText("nodes:\n\t- a\n", "s.yaml"))).toBe(
      "s.yaml:2:1: (root): YAML syntax error: Tabs are not allowed as indentation",
    );
  });

  it("reports a second document", () => {
    expect(errorOf(() => parseScenarioText("name: a\n---\nname: b\n", "s.yaml"))).toBe(
      's.yaml:2:1: (root): a second YAML document starts here; a scenario file holds one (remove the "---" line)',
    );
  });

  it("reports an alias with no anchor", () => {
    expect(errorOf(() => parseScenarioText("name: *base\n", "s.yaml"))).toBe(
      's.yaml:1:7: name: unknown alias "*base"; an alias refers to an anchor (&base) defined above it',
    );
  });

  it("resolves aliases to their anchors", () => {
    expect(parseScenarioText("a: &x [1]\nb: *x\n", "s.yaml").data).toEqual({ a: [1], b: [1] });
  });

  it("reports an empty file", () => {
    expect(errorOf(() => parseScenarioText("", "s.yaml"))).toBe(
      "s.yaml:1:1: (root): the file is empty; expected a scenario mapping with at least one key",
    );
  });

  it("reports a comments-only file as empty", () => {
    expect(errorOf(() => parseScenarioText("# nothing yet\n\n# really\n", "s.yaml"))).toBe(
      "s.yaml:1:1: (root): the file is empty; expected a scenario mapping with at least one key",
    );
  });

  it("reports a top-level list", () => {
    expect(errorOf(() => parseScenarioText("# list\n- a\n- b\n", "s.yaml"))).toBe(
      "s.yaml:2:1: (root): expected a scenario mapping (key: value lines) at the top level, got a list",
    );
  });

  it("reports a top-level scalar", () => {
    expect(errorOf(() => parseScenarioText("hello\n", "s.yaml"))).toBe(
      's.yaml:1:1: (root): expected a scenario mapping (key: value lines) at the top level, got string "hello"',
    );
  });

  it("keeps YAML 1.2 semantics: yes is a string", () => {
    expect(parseScenarioText("a: yes\n", "s.yaml").data).toEqual({ a: "yes" });
  });
});

describe("loadScenarioFile", () => {
  it("loads a valid file and returns its text", () => {
    const p = file("good.yaml", GOOD);
    const { value, text } = loadScenarioFile(p, Scenario);
    expect(text).toBe(GOOD);
    expect(value.nodes[0]?.disk.capacity).toBe(16e12);
  });

  it("reports a missing file", () => {
    const p = join(tmp, "nope.yaml");
    expect(errorOf(() => loadScenarioFile(p, Scenario))).toBe(`${p}: (root): cannot read file: no such file`);
  });

  it("reports a directory", () => {
    expect(errorOf(() => loadScenarioFile(tmp, Scenario))).toBe(
      `${tmp}: (root): cannot read file: it is a directory, expected a .yaml or .json scenario file`,
    );
  });

  it("names the required top-level keys when the file is empty", () => {
    const p = file("empty.yaml", "");
    expect(errorOf(() => loadScenarioFile(p, Scenario))).toBe(
      `${p}:1:1: (root): the file is empty; expected a scenario mapping with at least the keys "name", "nodes"`,
    );
  });

  it("prefixes issues with the file name as given", () => {
    const p = file("bad.yaml", GOOD.replace("16TB", "16Tb"));
    expect(errorOf(() => loadScenarioFile(p, Scenario))).toBe(
      `${p}:5:17: nodes.0.disk.capacity: expected a size such as 512B, 4KiB, 1.5GB or 16TB; got "16Tb" (sizes are in bytes: write 16TB, not bits)`,
    );
  });
});

describe("ScenarioError", () => {
  it("formats an issue without a position and an empty path", () => {
    expect(new ScenarioError([{ file: "f", path: "", message: "m" }]).format()).toBe("f: (root): m");
  });

  it("uses the formatted issues as its message", () => {
    const e = new ScenarioError([{ file: "f", line: 2, col: 3, path: "a.b", message: "m" }]);
    expect(e.message).toBe("f:2:3: a.b: m");
  });
});

describe("formatPath", () => {
  it("joins keys and indices with dots and quotes odd keys", () => {
    expect(formatPath(["nodes", 0, "repair", "mean h"])).toBe('nodes.0.repair["mean h"]');
  });
});

describe("JSON Schema of unit fields", () => {
  it("describes a duration as number | string with its format", () => {
    const schema = z.toJSONSchema(z.object({ t: duration() }), { io: "input" }) as unknown as {
      properties: { t: { type: string[]; description: string } };
    };
    expect(schema.properties.t.type).toEqual(["number", "string"]);
    expect(schema.properties.t.description).toMatch(/^Duration: .*250ms/);
  });

  it("toJsonSchema adds $schema and title", () => {
    const schema = toJsonSchema(Scenario) as Record<string, unknown>;
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema["title"]).toBe("ftsim scenario");
    expect(schema["additionalProperties"]).toBe(false);
  });
});

describe("YAML syntax errors inside a flow list", () => {
  it("suggest quoting an instance id whose brackets YAML read as a nested list", () => {
    const text = "name: demo\nservice: {series: [host, mc[0]]}\n";
    expect(errorOf(() => load(text))).toBe('s.yaml:2:28: (root): YAML syntax error: Missing , or : between flow sequence items; instance ids in a [ ] list must be quoted: "mc[0]"');
  });

  it("add nothing when the line has no instance id", () => {
    expect(errorOf(() => load("name: demo\nservice: {series: [a b: c, d]}\n"))).not.toContain("must be quoted");
  });

  it("do not ask to quote an instance id that is quoted already, and name the unquoted one when a line has both", () => {
    expect(errorOf(() => load("name: demo\nservice: {series: ['mc[0]', [x}\n"))).not.toContain("must be quoted");
    expect(errorOf(() => load("name: demo\nservice: {series: ['mc[0]', mc[1]]}\n"))).toContain('must be quoted: "mc[1]"');
  });
});
