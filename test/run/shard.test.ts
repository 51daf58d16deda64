/**
 * `ftsim run --shard i/n` + `ftsim merge`: the merged result has the bytes of
 * the run that was never split, for any n, with event limits, and parts of
 * different runs are refused.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadScenario } from "../../src/run/load.js";
import { runScenario } from "../../src/run/runner.js";
import { formatPartial, mergePartials, MergeError, parsePartial, parseShard, runShard, shardRange, type PartialResult } from "../../src/run/shard.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { CLI_TIMEOUT_MS, ROOT, runCli, tempDir } from "../cli/run-cli.js";

const quickstart = loadScenario(`${ROOT}/scenarios/quickstart.yaml`);

/** Every shard of a run, through the JSON text a shard writes and merge reads. */
function shards(scenario: Scenario, count: number): { file: string; partial: PartialResult }[] {
  return Array.from({ length: count }, (_, k) => {
    const text = formatPartial(runShard(scenario, quickstart.identity, { index: k + 1, count }));
    return { file: `part${k + 1}.json`, partial: parsePartial(text, `part${k + 1}.json`) };
  });
}

describe("shards", () => {
  it("slices are contiguous, disjoint, cover every replication, and differ in size by at most one (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 64 }), (replications, count) => {
        const ranges = Array.from({ length: count }, (_, k) => shardRange(replications, { index: k + 1, count }));
        expect(ranges[0]!.from).toBe(0);
        expect(ranges[count - 1]!.to).toBe(replications);
        ranges.forEach((r, k) => k > 0 && expect(r.from).toBe(ranges[k - 1]!.to));
        const sizes = ranges.map((r) => r.to - r.from);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it("parses i/n and says what is wrong with anything else", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard("0/4")).toMatch(/index i must be from 1 to n = 4/);
    expect(parseShard("5/4")).toMatch(/index i must be from 1 to n = 4/);
    expect(parseShard("1/0")).toMatch(/count n must be from 1/);
    expect(parseShard("1-4")).toMatch(/expected i\/n/);
  });

  it("merging the shards gives the bytes of the unsplit run, for 1, 2, 3, 7 and 13 shards of 12 replications", () => {
    const scenario = { ...quickstart.scenario, replications: 12 };
    const whole = JSON.stringify(runScenario(scenario, quickstart.identity, { reproduceFlags: "" }));
    for (const count of [1, 2, 3, 7, 13]) {
      const parts = shards(scenario, count).reverse(); // any order
      expect(JSON.stringify(mergePartials(parts))).toBe(whole);
    }
  });

  it("a shard stopped by the event limit: the merge stops there too, as the unsplit run does", () => {
    // Replication 4 of quickstart (seed 1) is the first to take more than 150 events.
    const scenario: Scenario = { ...quickstart.scenario, replications: 12, limits: { ...quickstart.scenario.limits, max_events: 150 } };
    const whole = runScenario(scenario, quickstart.identity);
    expect(whole.outcome).toBe("limit-hit");
    expect(JSON.stringify(mergePartials(shards(scenario, 4)))).toBe(JSON.stringify(whole));
  });

  it("refuses parts of another run, a shard given twice, and a missing shard", () => {
    const scenario = { ...quickstart.scenario, replications: 6 };
    const parts = shards(scenario, 3);
    const otherSeed = shards({ ...scenario, seed: 2 }, 3);
    expect(() => mergePartials([parts[0]!, otherSeed[1]!, parts[2]!])).toThrow(/part2.json is from another run than part1.json: seed 2, not 1/);
    expect(() => mergePartials([parts[0]!, parts[0]!, parts[2]!])).toThrow(/both shard 1\/3/);
    expect(() => mergePartials([parts[0]!, parts[2]!])).toThrow(/shard 2\/3 missing/);
    const otherCount = shards(scenario, 2);
    expect(() => mergePartials([parts[0]!, otherCount[1]!])).toThrow(MergeError);
    expect(() => parsePartial('{"schema":"ftsim.result/v1"}', "r.json")).toThrow(/r.json: not an ftsim.partial\/v1 document/);
  });

  it(
    "from the CLI: run --shard i/n --format json, then merge, prints what one run prints; bad input exits 2",
    () => {
      const t = tempDir();
      try {
        const files = [1, 2, 3].map((i) => `${t.dir}/part${i}.json`);
        files.forEach((out, k) => {
          const r = runCli(["run", "scenarios/quickstart.yaml", "--replications", "7", "--shard", `${k + 1}/3`, "--format", "json", "--out", out]);
          expect(r.status, r.stderr).toBe(0);
        });
        const merged = runCli(["merge", ...files, "--format", "json"]);
        const whole = runCli(["run", "scenarios/quickstart.yaml", "--replications", "7", "--format", "json"]);
        expect(merged.status, merged.stderr).toBe(0);
        expect(merged.stdout).toBe(whole.stdout);

        const missing = runCli(["merge", files[0]!, files[2]!]);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toMatch(/shard 2\/3 missing/);
        const table = runCli(["run", "scenarios/quickstart.yaml", "--shard", "1/2"]);
        expect(table.status).toBe(2);
        expect(table.stderr).toMatch(/--shard writes an ftsim.partial\/v1 JSON document .* add --format json/);
        const bad = runCli(["run", "scenarios/quickstart.yaml", "--shard", "3/2", "--format", "json"]);
        expect(bad.status).toBe(2);
        expect(bad.stderr).toMatch(/--shard: the shard index i must be from 1 to n = 2/);
      } finally {
        t.cleanup();
      }
    },
    3 * CLI_TIMEOUT_MS,
  );
});
