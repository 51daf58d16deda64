/**
 * DESIGN.md: one folder per layer under src/, and imports only point down.
 * This test reads every import in src/ and fails on one that points up (or
 * sideways into a layer the design says must not be known).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");

/** Layers from the bottom up, as in DESIGN.md. */
const ORDER = ["math", "engine", "stats", "hardware", "faults", "mechanisms", "metrics", "scenario", "run", "report", "cli"];

/** Pairs the design forbids even though they point down. */
const FORBIDDEN: Record<string, string[]> = { stats: ["engine"] };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

function layerOf(file: string): string | undefined {
  const top = relative(SRC, file).split("/")[0]!;
  return ORDER.includes(top) ? top : undefined;
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    if (from === undefined) continue;
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^\s*(?:import|export)[^"']*from\s+["'](\.[^"']+)["']/gm)) {
      const to = layerOf(resolve(dirname(file), match[1]!));
      if (to === undefined || to === from) continue;
      const up = ORDER.indexOf(to) > ORDER.indexOf(from);
      if (up || FORBIDDEN[from]?.includes(to)) found.push(`${relative(SRC, file)} imports ${match[1]} (${from} → ${to})`);
    }
  }
  return found;
}

describe("layering", () => {
  it("no file in src/ imports from a layer above its own", () => {
    expect(violations()).toEqual([]);
  });

  it("the check sees imports (src/run imports the scenario layer)", () => {
    const text = readFileSync(join(SRC, "run/load.ts"), "utf8");
    expect(text).toMatch(/from "\.\.\/scenario\//);
  });
});
