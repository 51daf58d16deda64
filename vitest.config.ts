import { defineConfig } from "vitest/config";

// A validation check runs thousands of simulated replications: seconds on an idle
// 2-core machine, several times that when the machine is shared. The default 5 s
// per test would fail such a check for the machine's load, not for the model.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
