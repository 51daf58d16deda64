import { describe, expect, it } from "vitest";
import { toJsonSchema } from "../../src/scenario/json-schema.js";
import { scenarioSchema } from "../../src/scenario/schema.js";

type Node = { properties?: Record<string, Node>; default?: unknown; description?: string; type?: unknown };
const schema = toJsonSchema(scenarioSchema) as Node;

describe("the scenario JSON Schema", () => {
  it("keeps the default of a unit field whose input type differs from its output (warmup: 0)", () => {
    expect(schema.properties!.warmup!.default).toBe(0);
    expect(schema.properties!.warmup!.type).toEqual(["number", "string"]);
  });

  it("keeps plain defaults and descriptions (replications: 30)", () => {
    expect(schema.properties!.replications!.default).toBe(30);
    expect(schema.properties!.replications!.description).toMatch(/replications/i);
  });
});
