import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, METRIC_KEYS, ROOT, runCli, tempDir, type CliResult } from "./run-cli.js";
import type { MetricSummary } from "../../src/stats/index.js";

const QUICKSTART = "scenarios/quickstart.yaml";
const FIVE_YEARS_S = 5 * 365.25 * 86_400;
const ONE_YEAR_S = 365.25 * 86_400;

/** A metric as the JSON result carries it. */
type Metric = MetricSummary;

describe("ftsim run", { timeout: CLI_TIMEOUT_MS }, () => {
  let table: CliResult;
  let json: CliResult;
  let csv: CliResult;
  let overridden: CliResult;

  beforeAll(() => {
    table = runCli(["run", QUICKSTART]);
    json = runCli(["run", QUICKSTART, "--replications", "3", "--format", "json"]);
    csv = runCli(["run", QUICKSTART, "--replications", "3", "--format", "csv"]);
    overridden = runCli(["run", QUICKSTART, "--seed", "7", "--replications", "2", "--horizon", "1y", "--format", "json"]);
  }, 4 * CLI_TIMEOUT_MS);

  describe("table (default format)", () => {
    it("exits 0", () => {
      expect(table.stderr).toBe("");
      expect(table.status).toBe(0);
    });

    it("prints an availability row with its 95% CI in brackets", () => {
      expect(table.stdout).toMatch(/^availability\s+[\d.e-]+\s+\[[\d.e-]+, [\d.e-]+\]/m);
    });

    it("prints an mttr_s row with its 95% CI in brackets and a duration unit", () => {
      expect(table.stdout).toMatch(/^mttr_s\s+[\d.e-]+\s+\[[\d.e-]+, [\d.e-]+\].*\s(s|min|h|d|y)$/m);
    });

    it("ends with a reproduce line carrying the file, seed and replications", () => {
      expect(table.stdout).toMatch(/\nreproduce: ftsim run scenarios\/quickstart\.yaml --seed 1 --replications 30\n$/);
    });

    it("starts with the scenario name and the seed", () => {
      const [first, second] = table.stdout.split("\n");
      expect(first).toContain("quickstart");
      expect(second).toMatch(/^seed 1, 30 replications, horizon 5 y/);
    });
  });

  describe("--format json", () => {
    const parsed = () => JSON.parse(json.stdout) as Record<string, unknown> & { metrics: Record<string, Metric> };

    it("exits 0 with nothing on stderr (no progress bar when stderr is not a TTY)", () => {
      expect(json.status).toBe(0);
      expect(json.stderr).toBe("");
    });

    it("prints valid JSON with schema ftsim.result/v1 and outcome ok", () => {
      expect(parsed()).toMatchObject({ schema: "ftsim.result/v1", outcome: "ok" });
    });

    it("identifies the scenario by name, file and the sha256 of the file's bytes", () => {
      const hash = "sha256:" + createHash("sha256").update(readFileSync(join(ROOT, QUICKSTART))).digest("hex");
      expect(parsed().scenario).toMatchObject({ name: "quickstart", file: QUICKSTART, hash });
    });

    it("carries the seed, replications and horizon_s that were run", () => {
      expect(parsed()).toMatchObject({ seed: 1, replications: 3, horizon_s: FIVE_YEARS_S });
    });

    it("carries the ftsim version", () => {
      expect(parsed().ftsim_version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it("has availability and mttr_s among its metrics", () => {
      expect(Object.keys(parsed().metrics)).toEqual(expect.arrayContaining(["availability", "mttr_s"]));
    });

    it("gives every metric exactly the keys mean, stddev, ci95, min, max, p50, p90, p99, n, unit (pooled ratios: and events, spread)", () => {
      for (const [name, m] of Object.entries(parsed().metrics)) {
        const pooled = name === "mttr_s" || name === "mtbf_s";
        expect(Object.keys(m).sort(), name).toEqual(pooled ? [...METRIC_KEYS, "events", "spread"].sort() : METRIC_KEYS);
      }
    });

    it("gives every metric a ci95 pair that brackets its mean", () => {
      for (const [name, m] of Object.entries(parsed().metrics)) {
        expect(m.ci95, name).toHaveLength(2);
        expect(m.ci95[0], name).toBeLessThanOrEqual(m.mean);
        expect(m.mean, name).toBeLessThanOrEqual(m.ci95[1]);
      }
    });

    it("gives every metric n = replications and min <= p50 <= p90 <= p99 <= max", () => {
      for (const [name, m] of Object.entries(parsed().metrics)) {
        expect(m.n, name).toBe(3);
        expect([m.min, m.p50, m.p90, m.p99, m.max], name).toEqual([m.min, m.p50, m.p90, m.p99, m.max].sort((a, b) => a - b));
      }
    });

    it("gives availability the unit fraction and mttr_s the unit s", () => {
      expect(parsed().metrics.availability?.unit).toBe("fraction");
      expect(parsed().metrics.mttr_s?.unit).toBe("s");
    });
  });

  describe("--format csv", () => {
    const lines = () => csv.stdout.trimEnd().split("\n");

    it("exits 0 with nothing on stderr", () => {
      expect(csv.status).toBe(0);
      expect(csv.stderr).toBe("");
    });

    it("starts with the header row", () => {
      expect(lines()[0]).toBe("metric,unit,mean,stddev,ci95_lo,ci95_hi,min,max,p50,p90,p99,n,censored,estimator");
    });

    it("has one row per metric of the JSON result, in the same order, with the same means", () => {
      const metrics = (JSON.parse(json.stdout) as { metrics: Record<string, Metric> }).metrics;
      const rows = lines().slice(1, 1 + Object.keys(metrics).length).map((l) => l.split(","));
      expect(rows.map((r) => r[0])).toEqual(Object.keys(metrics));
      for (const row of rows) {
        expect(row, row[0]).toHaveLength(14);
        expect(Number(row[2])).toBe(metrics[row[0]!]!.mean);
        expect(row[13]).toBe(row[0] === "mttr_s" || row[0] === "mtbf_s" ? "pooled-ratio" : "mean");
      }
    });

    it("ends with two rows per time to event, each naming its estimator: the mean, then the exponential MLE", () => {
      type Time = { mean: number; method: string; n: number; censored: number; exponential_mle: { estimate: number } };
      const result = JSON.parse(json.stdout) as { time_to_event: Record<string, Time> };
      const [mean, mle] = lines().slice(-2).map((l) => l.split(","));
      const t = result.time_to_event.first_failure_s!;
      expect([mean![0], mle![0]]).toEqual(["first_failure_s", "first_failure_s"]);
      expect(Number(mean![2])).toBe(t.mean);
      expect(mean![13]).toEqual(t.method === "sample-mean" ? "sample-mean" : expect.stringMatching(/^kaplan-meier-restricted-mean\(tau=\d+\)$/));
      expect(Number(mle![2])).toBe(t.exponential_mle.estimate);
      expect(mle![13]).toBe("exponential-mle");
      expect([Number(mean![11]), Number(mean![12])]).toEqual([t.n, t.censored]);
    });
  });

  describe("overrides", () => {
    const parsed = () => JSON.parse(overridden.stdout) as { seed: unknown; replications: number; horizon_s: number; reproduce: string; metrics: Record<string, Metric> };

    it("exits 0", () => {
      expect(overridden.stderr).toBe("");
      expect(overridden.status).toBe(0);
    });

    it("--seed, --replications and --horizon 1y show up in the JSON", () => {
      expect(parsed()).toMatchObject({ seed: 7, replications: 2, horizon_s: ONE_YEAR_S });
    });

    it("--replications sets n of every metric", () => {
      for (const [name, m] of Object.entries(parsed().metrics)) expect(m.n, name).toBe(2);
    });

    it("the overrides show up in the reproduce command", () => {
      expect(parsed().reproduce).toBe("ftsim run scenarios/quickstart.yaml --seed 7 --replications 2 --horizon 1y");
    });
  });

  describe("--out", () => {
    const tmp = tempDir();
    let result: CliResult;
    const out = join(tmp.dir, "result.json");
    beforeAll(() => {
      result = runCli(["run", QUICKSTART, "--replications", "3", "--format", "json", "--out", out]);
    }, CLI_TIMEOUT_MS);
    afterAll(() => tmp.cleanup());

    it("exits 0 and prints nothing on stdout or stderr", () => {
      expect(result.status).toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe("");
    });

    it("writes the result to the file", () => {
      expect(existsSync(out)).toBe(true);
      expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ schema: "ftsim.result/v1", replications: 3 });
    });

    it("leaves no temporary files behind", () => {
      expect(readdirSync(tmp.dir)).toEqual(["result.json"]);
    });
  });
});

describe("a mechanism left out of `service:`", { timeout: CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-unmeasured-");
  afterAll(() => tmp.cleanup());
  const text = (service: string) => `name: unmeasured
horizon: 1000h
replications: 2
components:
  - { name: unit, count: 2, mttf: 100h, mttr: 4h }
mechanisms:
  - { type: active-standby, name: pair, units: unit }
service: ${service}
`;
  const NOTE = 'note: mechanism "pair" is not part of `service:`, so availability, downtime_s and the other service metrics do not measure it';

  it("is allowed, with a note from validate and in run's table (not in JSON)", () => {
    const file = tmp.file("left-out.yaml", text('"unit[0]"'));
    const validate = runCli(["validate", file]);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toContain(`${file}: ${NOTE}`);
    const table = runCli(["run", file]);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain(`\n${NOTE}`);
    const json = runCli(["run", file, "--format", "json"]);
    expect(json.stdout).not.toContain("note:");
  });

  it("gets no note when `service:` names it, inside a structure too", () => {
    const file = tmp.file("named.yaml", text("{ series: [pair] }"));
    expect(runCli(["validate", file]).stdout).not.toContain("note:");
  });
});
