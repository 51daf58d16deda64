/**
 * Start-up stays light (docs/performance.md, "Start-up"): `ftsim --version`
 * and the help screens load the command definitions only, never the
 * scenario schema (zod), the YAML parser, the simulator or the chart
 * renderer; each command's code loads when that command runs. The test
 * records every module the CLI loads (a module hook, in the child) and
 * checks the set, not a time: a structural regression (an eager import of a
 * command's module from main.ts or a definitions file) makes it fail.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, ROOT, tempDir } from "./run-cli.js";

const tmp = tempDir("ftsim-startup-");
let runs = 0;
afterAll(() => tmp.cleanup());

/** The URL of every module the CLI loads for `args`, in load order, and its exit status. */
function loadedModules(args: readonly string[]): { status: number | null; stdout: string; modules: string[] } {
  const n = ++runs;
  const log = `${tmp.dir}/loaded-${n}.txt`;
  const hooks = tmp.file(
    `hooks-${n}.mjs`,
    `import { appendFileSync } from "node:fs";\n` +
      `export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + "\\n"); return next(url, context); }\n`,
  );
  const register = tmp.file(
    `register-${n}.mjs`,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  const child = spawnSync(process.execPath, ["--import", "tsx", "--import", pathToFileURL(register).href, "src/cli/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FTSIM_WORKERS: "1" },
    timeout: CLI_TIMEOUT_MS - 5_000,
  });
  if (child.error) throw child.error;
  let modules: string[] = [];
  try {
    modules = readFileSync(log, "utf8").split("\n").filter((l) => l !== "");
  } catch {
    // No log: no module went through the hook; the assertions below say so.
  }
  return { status: child.status, stdout: child.stdout, modules };
}

/** Packages only some commands need, each slow to load. */
const HEAVY_PACKAGES = ["zod", "yaml", "vega", "vega-lite", "vega-embed", "@resvg/resvg-js", "seedrandom", "cli-progress"];
/** Layers of the simulation: a command's code, never a definition's. */
const SIMULATION_DIRS = ["engine", "hardware", "faults", "mechanisms", "metrics", "stats"];

function heavy(modules: readonly string[]): string[] {
  return modules.filter(
    (url) =>
      HEAVY_PACKAGES.some((p) => url.includes(`/node_modules/${p}/`)) ||
      SIMULATION_DIRS.some((d) => url.includes(`/src/${d}/`)) ||
      /\/src\/(scenario\/(schema|load|yaml-document)|run\/(load|runner|model)|report\/(html|render|text|gate))\.ts$/.test(url),
  );
}

describe("start-up loads the command definitions only", { timeout: CLI_TIMEOUT_MS }, () => {
  it("--version loads no schema, parser, simulator or renderer", () => {
    const r = loadedModules(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.modules.some((url) => url.endsWith("/src/cli/main.ts"))).toBe(true);
    expect(heavy(r.modules)).toEqual([]);
  });

  it.each([[["--help"]], [["run", "--help"]], [["chart", "--help"]], [["check", "--help"]]])("%j loads none of them either", (args) => {
    const r = loadedModules(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: ftsim/);
    expect(heavy(r.modules)).toEqual([]);
  });

  it("the check sees a command's modules: validate loads zod, yaml and the scenario schema", () => {
    const r = loadedModules(["validate", "scenarios/a1-single-component.yaml"]);
    expect(r.status).toBe(0);
    const seen = heavy(r.modules);
    expect(seen.some((url) => url.includes("/node_modules/zod/"))).toBe(true);
    expect(seen.some((url) => url.includes("/node_modules/yaml/"))).toBe(true);
    expect(seen.some((url) => url.endsWith("/src/scenario/schema.ts"))).toBe(true);
    // A scenario check needs no renderer and no progress bar.
    expect(seen.filter((url) => /\/node_modules\/(vega|@resvg|cli-progress)/.test(url))).toEqual([]);
  });
});
