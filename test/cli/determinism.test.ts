import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, tempDir, type CliResult } from "./run-cli.js";

// DESIGN.md: same scenario + same seed gives byte-identical JSON results.
const ARGS = ["run", "scenarios/quickstart.yaml", "--replications", "4", "--horizon", "2y", "--format", "json"];

describe("determinism of ftsim run", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir();
  let first: CliResult;
  let second: CliResult;
  let otherSeed: CliResult;
  let toFile: CliResult;
  const out = join(tmp.dir, "result.json");

  beforeAll(() => {
    first = runCli([...ARGS, "--seed", "42"]);
    second = runCli([...ARGS, "--seed", "42"]);
    otherSeed = runCli([...ARGS, "--seed", "43"]);
    toFile = runCli([...ARGS, "--seed", "42", "--out", out]);
  }, 4 * CLI_TIMEOUT_MS);
  afterAll(() => tmp.cleanup());

  it("every run exits 0", () => {
    for (const r of [first, second, otherSeed, toFile]) expect(r.status, r.stderr).toBe(0);
  });

  it("the same scenario and seed give byte-identical JSON in two processes", () => {
    expect(first.stdout.length).toBeGreaterThan(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it("a different seed gives different metric values", () => {
    const a = JSON.parse(first.stdout) as { metrics: Record<string, { mean: number }> };
    const b = JSON.parse(otherSeed.stdout) as { metrics: Record<string, { mean: number }> };
    expect(Object.keys(b.metrics)).toEqual(Object.keys(a.metrics));
    expect(b.metrics.availability!.mean).not.toBe(a.metrics.availability!.mean);
    expect(b.metrics.events!.mean).not.toBe(a.metrics.events!.mean);
  });

  it("writing with --out gives the same bytes as stdout", () => {
    expect(readFileSync(out, "utf8")).toBe(first.stdout);
  });

  it("running the printed reproduce command gives the same result", () => {
    const { reproduce } = JSON.parse(first.stdout) as { reproduce: string };
    const words = reproduce.split(" ");
    expect(words.slice(0, 2)).toEqual(["ftsim", "run"]);
    const again = runCli([...words.slice(1), "--format", "json"]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });

  it("a seed of digits with a leading zero stays a string, so its reproduce line gives the same streams", () => {
    const r = runCli([...ARGS, "--seed", "007"]);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { seed: unknown; reproduce: string };
    expect(result.seed).toBe("007");
    expect(result.reproduce).toContain("--seed 007");
    const again = runCli([...result.reproduce.split(" ").slice(1), "--format", "json"]);
    expect(again.stdout).toBe(r.stdout);
  });
});
