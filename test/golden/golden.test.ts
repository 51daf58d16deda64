/**
 * Golden outputs: every scenario in scenarios/ is run as a user would, with a
 * fixed seed (the scenario's own), 3 replications and, where the scenario is
 * slow, a shorter horizon; its JSON result must equal test/golden/<scenario>.json
 * byte for byte, so any change in behaviour shows up as a diff in review.
 *
 * After an intended change (a model fix, a new metric, a version bump, an
 * edited scenario, which changes its sha256), regenerate and review the diff:
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden
 *
 * Without UPDATE_GOLDEN a missing golden file is a failure, never created silently.
 * Nothing is masked: results carry no wall-clock data, host names or absolute
 * paths (the file is named as given on the command line, relative to the root).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, ROOT, runCli } from "../cli/run-cli.js";

const GOLDEN_DIR = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Shorter horizons for scenarios whose defaults take too long for a quick test (each run well under 5 s). */
const HORIZON: Record<string, string> = {
  "a2-series-parallel": "100000h",
  "a3-k-of-n": "100000h",
  "b-active-standby": "20000h",
};

const scenarios = readdirSync(join(ROOT, "scenarios"))
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();
const names = scenarios.map((f) => basename(f, extname(f)));

describe("golden results", { timeout: CLI_TIMEOUT_MS }, () => {
  it("there is at least one scenario", () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it.each(scenarios)("%s matches its golden JSON", (file) => {
    const name = basename(file, extname(file));
    const args = ["run", `scenarios/${file}`, "--replications", "3", "--format", "json"];
    if (HORIZON[name] !== undefined) args.push("--horizon", HORIZON[name]);
    const r = runCli(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");

    const golden = join(GOLDEN_DIR, `${name}.json`);
    if (UPDATE) {
      writeFileSync(golden, r.stdout);
      return;
    }
    if (!existsSync(golden)) {
      expect.fail(`missing golden file test/golden/${name}.json; create it with: UPDATE_GOLDEN=1 npx vitest run test/golden`);
    }
    expect(r.stdout).toEqual(readFileSync(golden, "utf8"));
  });

  it("every golden file belongs to a scenario (no stale goldens)", () => {
    const goldens = readdirSync(GOLDEN_DIR)
      .filter((f) => f.endsWith(".json"))
      .map((f) => basename(f, ".json"));
    expect(goldens.filter((g) => !names.includes(g))).toEqual([]);
  });
});
