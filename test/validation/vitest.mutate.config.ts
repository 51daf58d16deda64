/**
 * The vitest config Stryker runs validation tests with (stryker.config.mjs,
 * `npm run mutate`): only the test files of the group being mutated
 * (FTSIM_MUTATE_TESTS, set by stryker.config.mjs), and long timeouts, since
 * the instrumented code runs slower.
 */
import { defineConfig } from "vitest/config";

const tests = process.env.FTSIM_MUTATE_TESTS;

export default defineConfig({
  test: {
    include: tests === undefined || tests === "" ? ["test/validation/**/*.test.ts"] : tests.split(","),
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
