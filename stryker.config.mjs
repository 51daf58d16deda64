// Mutation testing of the validation suite (`npm run mutate`, scripts/mutate.mjs; not part of
// `npm test`): Stryker changes the code that the validation cases exercise, one small change (a
// mutant) at a time, and runs validation tests against each; a mutant that no test turns red
// "survives". The score and the surviving mutants are reviewed in docs/validation.md.
//
// The validation tests simulate in beforeAll hooks (beforeAllValue in test/validation/helpers.ts:
// Stryker activates a mutant after collection, so a simulation at collection time would never see
// it), and several tests share one simulation, so every mutant runs every test of its group
// (coverageAnalysis "all"): each group below pairs the files it mutates (in src/mechanisms/ and
// src/stats/) with the validation files that check them, and scripts/mutate.mjs runs one Stryker
// per group (FTSIM_MUTATE_GROUP).
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Mutated files and the validation tests that must kill their mutants. */
export const GROUPS = {
  // Case B: coverage, switchover, uncovered recovery, repair policy; the window clock of its downtimes.
  // The behaviour (lines 10–161: the class); not the metric docs or build()'s input errors, which
  // test/mechanisms/ checks and no validation case exercises.
  "active-standby": {
    mutate: ["src/mechanisms/active-standby/active-standby.ts:10-161", "src/mechanisms/window-clock.ts"],
    tests: ["test/validation/b-active-standby.test.ts"],
  },
  // Case C: the mean over detections (MeanTally) and the KS test of the latency distribution.
  heartbeat: {
    mutate: ["src/mechanisms/mean-tally.ts", "src/stats/goodness-of-fit.ts"],
    tests: ["test/validation/c-heartbeat-detection.test.ts"],
  },
  // Slower groups, run on request (FTSIM_MUTATE_GROUPS=redundancy-group,...): a few hundred mutants each.
  "redundancy-group": {
    mutate: ["src/mechanisms/redundancy-group/redundancy-group.ts"],
    tests: ["test/validation/d-redundancy-group.test.ts"],
  },
  "standby-node": {
    mutate: ["src/mechanisms/standby-node/controller.ts"],
    tests: ["test/validation/b-standby-node.test.ts"],
  },
  "ras-fallback": {
    mutate: ["src/mechanisms/ras-fallback/heartbeat.ts", "src/mechanisms/ras-fallback/ras-fallback.ts"],
    tests: ["test/validation/c-heartbeat-detection.test.ts"],
  },
  censored: {
    mutate: ["src/stats/censored.ts"],
    tests: ["test/validation/a-basic-availability.test.ts"],
  },
};

const name = process.env.FTSIM_MUTATE_GROUP ?? "active-standby";
const group = GROUPS[name];
if (group === undefined) throw new Error(`unknown FTSIM_MUTATE_GROUP ${name}; groups: ${Object.keys(GROUPS).join(", ")}`);
// Read by test/validation/vitest.mutate.config.ts in Stryker's test-runner processes.
process.env.FTSIM_MUTATE_TESTS = group.tests.join(",");

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/validation/vitest.mutate.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner"],
  // TypeScript 7 has no JavaScript API, which Stryker's tsconfig rewriting (project references)
  // calls; the project has no references, so point it at a file that does not exist to skip it.
  tsconfigFile: "stryker-no-tsconfig.json",
  mutate: group.mutate,
  coverageAnalysis: "all",
  // A changed stream name or message draws other random numbers or says other words: no statistical
  // check can or should see that, so string mutants are left out (they were all survivors).
  mutator: { excludedMutations: ["StringLiteral"] },
  concurrency: 2,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  incremental: false,
  ignorePatterns: ["dist", "dist-bench", "reports", "docs/img", "assets"],
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // Outside the worktree, so that a `vitest run` there never picks up the sandbox's instrumented copies.
  tempDirName: join(tmpdir(), `ftsim-stryker-${name}`),
  cleanTempDir: true,
};
