import { beforeAll, describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../../src/faults/kinds.js";
import { HARDWARE_KINDS } from "../../src/hardware/kind-docs.js";
import { MECHANISMS } from "../../src/mechanisms/registry.js";
import { vocabulary } from "../../src/scenario/vocabulary.js";
import { CLI_TIMEOUT_MS, runCli, type CliResult } from "./run-cli.js";

describe("ftsim list, schema and help", { timeout: CLI_TIMEOUT_MS }, () => {
  let list: CliResult;
  let schema: CliResult;
  beforeAll(() => {
    list = runCli(["list"]);
    schema = runCli(["schema"]);
  }, 2 * CLI_TIMEOUT_MS);

  describe("list", () => {
    it("exits 0 with nothing on stderr", () => {
      expect(list.status).toBe(0);
      expect(list.stderr).toBe("");
    });

    it("lists every hardware kind with each parameter, its unit and default", () => {
      expect(list.stdout).toMatch(/^HARDWARE KINDS/m);
      for (const kind of HARDWARE_KINDS) {
        expect(list.stdout, kind.name).toMatch(new RegExp(`^\\s+${kind.name}: `, "m"));
        for (const p of kind.parameters) {
          expect(list.stdout, `${kind.name}.${p.name}`).toMatch(new RegExp(`^\\s+${p.name}\\s+.*default ${p.default.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s`, "m"));
        }
      }
      expect(list.stdout).toMatch(/^\s+capacity\s+bytes\s+default 16TB\s/m);
    });

    it("lists every fault kind with its parameters", () => {
      expect(list.stdout).toMatch(/^FAULT KINDS/m);
      for (const fault of FAULT_KINDS) {
        expect(list.stdout, fault.name).toMatch(new RegExp(`^\\s+${fault.name}: `, "m"));
        for (const p of fault.parameters) expect(list.stdout, `${fault.name}.${p.name}`).toContain(p.name);
      }
    });

    it("lists the distributions, weibull among them", () => {
      expect(list.stdout).toMatch(/^DISTRIBUTIONS/m);
      expect(list.stdout).toMatch(/^\s+weibull\s+shape/m);
      expect(list.stdout).toMatch(/^\s+exponential\s/m);
    });

    it("lists the metrics availability and mttr_s with their units", () => {
      expect(list.stdout).toMatch(/^METRICS/m);
      expect(list.stdout).toMatch(/^\s+availability\s+fraction\s/m);
      expect(list.stdout).toMatch(/^\s+mttr_s\s+s\s/m);
    });

    it("lists the active-standby mechanism with its parameters and metrics", () => {
      expect(list.stdout).toMatch(/^MECHANISMS/m);
      expect(list.stdout).toMatch(/^\s+active-standby: /m);
      for (const parameter of ["units", "standby", "coverage", "switchover", "uncovered_recovery"]) {
        expect(list.stdout, parameter).toMatch(new RegExp(`^\\s+${parameter}\\s+(required|optional|default )`, "m"));
      }
      expect(list.stdout).toMatch(/^\s+metric switchovers\s+count/m);
    });

    it("lists every registered mechanism, each parameter and metric, defaults with their units and documented directions", () => {
      for (const m of MECHANISMS) {
        expect(list.stdout, m.type).toContain(`  ${m.type}: ${m.summary}`);
        for (const parameter of Object.keys(m.configSchema(vocabulary).shape)) {
          expect(list.stdout, `${m.type}.${parameter}`).toMatch(new RegExp(`^\\s+${parameter}\\s+(required|optional|default )`, "m"));
        }
        for (const metric of m.metrics) expect(list.stdout, `${m.type} ${metric.name}`).toContain(`metric ${metric.name}`);
      }
      // Stored in seconds, bytes and bytes/s; shown as a scenario would write them.
      expect(list.stdout).toMatch(/^\s+max_pause\s+default 300ms\s/m);
      expect(list.stdout).toMatch(/^\s+memory\s+default 64GiB\s/m);
      expect(list.stdout).toMatch(/^\s+restart\s+default 30s\s/m);
      expect(list.stdout).toMatch(/metric max_actives_per_node\s+count\s+.*\(lower-is-better\)$/m);
    });
  });

  describe("schema", () => {
    const parsed = () => JSON.parse(schema.stdout) as { $schema?: string; type?: string; properties?: Record<string, { description?: string }> };

    it("exits 0 with nothing on stderr", () => {
      expect(schema.status).toBe(0);
      expect(schema.stderr).toBe("");
    });

    it("prints a JSON Schema document", () => {
      expect(parsed().$schema).toMatch(/json-schema\.org/);
      expect(parsed().type).toBe("object");
    });

    it("has properties.components", () => {
      expect(parsed().properties?.components).toBeDefined();
    });

    it("describes its top-level properties", () => {
      const properties = parsed().properties ?? {};
      for (const key of ["name", "seed", "replications", "horizon", "components"]) {
        expect(properties[key]?.description, key).toEqual(expect.any(String));
      }
    });
  });

  describe("help and version", () => {
    it("ftsim --help exits 0 and lists the commands", () => {
      const r = runCli(["--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: ftsim/);
      for (const command of ["run", "validate", "list", "schema"]) expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    });

    it("ftsim run --help exits 0 and documents its flags with an example", () => {
      const r = runCli(["run", "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: ftsim run/);
      for (const flag of ["--seed", "--replications", "--horizon", "--max-events", "--format", "--out"]) expect(r.stdout).toContain(flag);
      expect(r.stdout).toMatch(/Examples:\n\s+ftsim run scenarios\/quickstart\.yaml/);
    });

    it("ftsim --version exits 0 and prints the package version", () => {
      const r = runCli(["--version"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    });
  });
});
