import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FAULT_TYPES } from "../../src/faults/kinds.js";
import { HARDWARE_KIND_NAMES } from "../../src/hardware/kinds.js";
import { CLI_TIMEOUT_MS, ROOT, runCli, STACK_TRACE, tempDir } from "./run-cli.js";

const tmp = tempDir("ftsim-trace-");
afterAll(() => tmp.cleanup());

interface Line {
  t: number;
  component: string;
  event: string;
  cause: string;
  detail?: Record<string, unknown>;
}

describe("ftsim trace", () => {
  const out = join(tmp.dir, "tour.jsonl");
  const first = runCli(["trace", "scenarios/hardware-tour.yaml", "--out", out]);
  const text = readFileSync(out, "utf8");
  const [headerLine, ...recordLines] = text.trimEnd().split("\n");
  const records = recordLines.map((l) => JSON.parse(l) as Line);

  it("writes a header, then one JSON record per line in time order", () => {
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(headerLine!)).toMatchObject({ schema: "ftsim.trace/v1", seed: 1, replication: 0, horizon_s: 30 * 86400, scenario: { name: "hardware-tour" } });
    expect(records.length).toBeGreaterThan(100);
    for (const r of records) expect(Object.keys(r).slice(0, 4)).toEqual(["t", "component", "event", "cause"]);
    expect(records.map((r) => r.t)).toEqual(records.map((r) => r.t).slice().sort((a, b) => a - b));
  });

  it("shows every fault kind of the tour scenario, and every hardware kind changing state", () => {
    const causes = new Set(records.map((r) => r.cause));
    const events = new Set(records.map((r) => r.event));
    for (const e of ["down", "up", "hung", "slow", "precursor", "ce", "ue", "lse", "partition", "heal", "loss-changed"]) expect(events, e).toContain(e);
    for (const c of ["scripted-hang", "scripted-slow", "scripted-precursor", "scripted-ce", "scripted-ue", "scripted-lse", "scripted-reboot", "scripted-partition", "scripted-loss", "scripted-slow-trunk", "scripted-disk-failure", "power-outage"]) {
      expect(causes, c).toContain(c);
    }
    // Every fault type appears in the scenario (scripted, so replication 0 shows it).
    const scenarioText = readFileSync("scenarios/hardware-tour.yaml", "utf8");
    for (const type of FAULT_TYPES) expect(scenarioText).toContain(`type: ${type}`);
    for (const kind of HARDWARE_KIND_NAMES.filter((k) => k !== "component")) expect(scenarioText).toContain(`kind: ${kind}`);
    // A power-domain fault takes down its rack and the hosts inside (correlated).
    const outage = records.find((r) => r.cause === "power-outage")!;
    const sameInstant = records.filter((r) => r.t === outage.t).map((r) => r.component);
    expect(sameInstant).toEqual(expect.arrayContaining(["power[1]", "rack[1]", "host[2]", "host[3]", "cpu[2]", "disk[7]", "tor[1]"]));
    expect(sameInstant).not.toContain("host[0]");
  });

  it("gives identical bytes for the same seed, and other bytes for another replication", () => {
    const again = runCli(["trace", "scenarios/hardware-tour.yaml"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(text);
    const other = runCli(["trace", "scenarios/hardware-tour.yaml", "--replication", "1"]);
    expect(JSON.parse(other.stdout.split("\n")[0]!).replication).toBe(1);
    expect(other.stdout.split("\n").slice(1).join("\n")).not.toBe(recordLines.join("\n"));
  }, CLI_TIMEOUT_MS);

  it("keeps only the components and events asked for, and names what moved the service", () => {
    const r = runCli(["trace", "scenarios/hardware-tour.yaml", "--components", "service,power", "--events", "down,up"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(JSON.parse(lines[0]!).schema).toBe("ftsim.trace/v1");
    const kept = lines.slice(1).map((l) => JSON.parse(l) as Line);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(records.filter((x) => (x.component === "service" || x.component.startsWith("power[")) && (x.event === "down" || x.event === "up")));
    // The power outage takes rack[1] and so two hosts down: the service (3 of 4 hosts) goes down with the first of them.
    expect(kept.find((x) => x.component === "service" && x.event === "down")?.cause).toMatch(/^host\[[23]\] down$/);
  }, CLI_TIMEOUT_MS);

  it("refuses a bad replication number or horizon with exit code 2 and no stack trace", () => {
    for (const args of [["--replication", "-1"], ["--replication", "x"], ["--horizon", "5 parsecs"], ["--events", ","]]) {
      const r = runCli(["trace", "scenarios/hardware-tour.yaml", ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/--replication|--horizon|--events/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
  }, CLI_TIMEOUT_MS);

  it("leaves no file behind when the run hits the event limit (exit 3)", () => {
    const scenario = tmp.file("busy.yaml", "name: busy\nhorizon: 1y\nlimits: {max_events: 50}\ncomponents:\n  - {name: c, mttf: 1h, mttr: 1h}\n");
    const target = join(tmp.dir, "busy.jsonl");
    const r = runCli(["trace", scenario, "--out", target]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/no trace written/);
    expect(() => readFileSync(target)).toThrow();
  });
}, CLI_TIMEOUT_MS);

describe("ftsim trace into a pipe that closes early", { timeout: CLI_TIMEOUT_MS }, () => {
  it("ends quietly with status 0 when the reader goes away (`| head`), as does run", () => {
    const script = [
      `"${process.execPath}" --import tsx src/cli/main.ts trace scenarios/hardware-tour.yaml | head -2 > /dev/null; echo "trace=\${PIPESTATUS[0]}" >&2`,
      `"${process.execPath}" --import tsx src/cli/main.ts run scenarios/quickstart.yaml --format json | head -c 10 > /dev/null; echo "run=\${PIPESTATUS[0]}" >&2`,
    ].join("\n");
    const r = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", timeout: CLI_TIMEOUT_MS - 5_000 });
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr).toContain("trace=0");
    expect(r.stderr).toContain("run=0");
  });
});
