/**
 * Each mechanism's page, docs/mechanisms/<type>.md, documents every
 * parameter of its config and every metric it emits, so the page cannot
 * fall behind the code; and the scenario-format page lists every mechanism.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MECHANISMS } from "../../src/mechanisms/registry.js";
import { vocabulary } from "../../src/scenario/vocabulary.js";

describe("docs/mechanisms/<type>.md", () => {
  it.each(MECHANISMS.map((m) => [m.type, m] as const))("%s: the page documents each parameter and metric", (type, m) => {
    const file = `docs/mechanisms/${type}.md`;
    expect(existsSync(file), file).toBe(true);
    const page = readFileSync(file, "utf8");
    for (const parameter of Object.keys(m.configSchema(vocabulary).shape)) expect(page, `${type}: parameter ${parameter}`).toContain(`\`${parameter}\``);
    for (const metric of m.metrics) expect(page, `${type}: metric ${metric.name}`).toContain(`\`${metric.name}\``);
  });

  it("docs/scenario-format.md names every mechanism", () => {
    const page = readFileSync("docs/scenario-format.md", "utf8");
    for (const m of MECHANISMS) expect(page, m.type).toContain(`(mechanisms/${m.type}.md)`);
  });
});
