import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, tempDir } from "./run-cli.js";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const scenario = {
  name: "json-pair",
  replications: 3,
  horizon: "1000h",
  components: [{ name: "u", count: 2, mttf: "100h", mttr: "5h" }],
  service: { parallel: ["u"] },
};

describe("a scenario written in JSON", { timeout: CLI_TIMEOUT_MS }, () => {
  it("runs like its YAML equivalent, with the same bytes for the same seed", () => {
    const json = tmp.file("pair.json", JSON.stringify(scenario, null, 2));
    const yaml = tmp.file("pair.yaml", `name: json-pair\nreplications: 3\nhorizon: 1000h\ncomponents:\n  - { name: u, count: 2, mttf: 100h, mttr: 5h }\nservice: { parallel: [u] }\n`);
    const a = runCli(["run", json, "--format", "json"]);
    const b = runCli(["run", yaml, "--format", "json"]);
    expect(a.status, a.stderr).toBe(0);
    const strip = (text: string) => {
      const r = JSON.parse(text) as { scenario: unknown; reproduce: unknown };
      return JSON.stringify({ ...r, scenario: undefined, reproduce: undefined });
    };
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  });

  it("reports a wrong type at its line and column in the JSON file", () => {
    const bad = tmp.file("bad.json", '{\n  "name": "x",\n  "horizon": "10h",\n  "replications": "many",\n  "components": []\n}\n');
    const r = runCli(["validate", bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.json:4:19: replications: expected/);
  });
});
