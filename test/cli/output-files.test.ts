/**
 * Output paths as a careless user or an attacker gives them (docs/robustness.md,
 * "Output files"): checked before the run, never an input, full devices and
 * file size limits reported with exit code 4, stale temporary files of a
 * killed trace removed by the next write.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, ROOT, runCli, STACK_TRACE, tempDir, type CliResult } from "./run-cli.js";

const tmp = tempDir("ftsim-out-");
afterAll(() => tmp.cleanup());
const scenario = join(tmp.dir, "s.yaml");
copyFileSync(join(ROOT, "scenarios/quickstart.yaml"), scenario);
const original = readFileSync(scenario, "utf8");

function expectRefused(r: CliResult, code: number, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.status).toBe(code);
}

describe("output paths are checked before the run", { timeout: CLI_TIMEOUT_MS }, () => {
  it("refuses --out naming the scenario itself, under any spelling, and keeps it intact (exit 2)", () => {
    expectRefused(runCli(["run", scenario, "--replications", "2", "--out", scenario]), 2, /--out: .* is the input/);
    const other = join(tmp.dir, "..", tmp.dir.split("/").pop()!, "./s.yaml");
    expectRefused(runCli(["sweep", scenario, "--out", other]), 2, /is the input/);
    expectRefused(runCli(["trace", scenario, "--out", scenario]), 2, /is the input/);
    expect(readFileSync(scenario, "utf8")).toBe(original);
  });

  it("refuses --out '', --out newdir/, a missing directory and a directory, with exit 2 and no stack", () => {
    expectRefused(runCli(["run", scenario, "--replications", "2", "--out", ""]), 2, /--out: expected a file name/);
    expectRefused(runCli(["run", scenario, "--replications", "2", "--out", join(tmp.dir, "newdir") + "/"]), 2, /names a directory/);
    expectRefused(runCli(["trace", scenario, "--out", join(tmp.dir, "missing", "t.jsonl")]), 2, /is not an existing directory/);
    expectRefused(runCli(["trace", scenario, "--out", tmp.dir]), 2, /is a directory/);
  });

  it("refuses check's --markdown and --junit naming the same file", () => {
    const r = runCli(["check", "--baseline", "ci/baseline.json", "--markdown", join(tmp.dir, "x"), "--junit", join(tmp.dir, "x")]);
    expectRefused(r, 2, /--junit: .* is also --markdown's output/);
  });
});

describe("I/O errors have their own exit code, 4", { timeout: CLI_TIMEOUT_MS }, () => {
  it.runIf(existsSync("/dev/full"))("stdout on a full device: exit 4 and a one-line message, no stack", () => {
    const r = spawnSync("sh", ["-c", `exec "$0" --import tsx src/cli/main.ts run scenarios/a1-single-component.yaml --replications 2 > /dev/full`, process.execPath], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expectRefused({ status: r.status, stdout: r.stdout, stderr: r.stderr }, 4, /^ftsim: cannot write stdout: no space left on device/);
  });

  // --out /dev/fd/1 with stdout on /dev/full, never --out /dev/full: code that renames over its target
  // (as before this change) would replace the device when the tests run as root.
  it.runIf(existsSync("/dev/full"))("--out on a full device (written through, not replaced): exit 4", () => {
    const r = spawnSync("sh", ["-c", `exec "$0" --import tsx src/cli/main.ts run scenarios/a1-single-component.yaml --replications 2 --out /dev/fd/1 > /dev/full`, process.execPath], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expectRefused({ status: r.status, stdout: r.stdout, stderr: r.stderr }, 4, /cannot write \/dev\/fd\/1: no space left/);
  });

  it("a trace cut by a file size limit (ulimit -f) fails with exit 4 and leaves no file", () => {
    const out = join(tmp.dir, "cut.jsonl");
    const r = spawnSync("sh", ["-c", `ulimit -f 4; exec "$0" --import tsx src/cli/main.ts trace scenarios/hardware-tour.yaml --out "$1"`, process.execPath, out], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expectRefused({ status: r.status, stdout: r.stdout, stderr: r.stderr }, 4, /cannot write .*cut\.jsonl: file too large/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((n) => n.includes("cut.jsonl"))).toEqual([]);
  });
});

describe("a killed trace leaves a temporary file that the next write removes", { timeout: 2 * CLI_TIMEOUT_MS }, () => {
  for (const signal of ["SIGKILL", "SIGTERM", "SIGINT"] as const) {
    it(`after ${signal}`, async () => {
      const dir = join(tmp.dir, signal);
      mkdirSync(dir);
      const out = join(dir, "long.jsonl");
      // 2000 years of the tour: far longer than the test waits.
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "trace", "scenarios/hardware-tour.yaml", "--horizon", "2000y", "--out", out], {
        cwd: ROOT,
        stdio: "ignore",
      });
      const exited = new Promise<void>((ok) => child.on("exit", () => ok()));
      const temps = () => readdirSync(dir).filter((n) => n.endsWith(".tmp"));
      for (let i = 0; i < 600 && temps().length === 0; i++) await new Promise((ok) => setTimeout(ok, 50));
      expect(temps()).toHaveLength(1);
      expect(temps()[0]).toMatch(new RegExp(`^\\.long\\.jsonl\\.ftsim-${child.pid}-[0-9a-f]{12}\\.tmp$`));
      child.kill(signal);
      await exited;
      expect(existsSync(out)).toBe(false);
      const next = runCli(["run", "scenarios/a1-single-component.yaml", "--replications", "2", "--out", join(dir, "next.txt")]);
      expect(next.status, next.stderr).toBe(0);
      expect(temps()).toEqual([]);
    });
  }
});

describe("a symlink planted at a guessable temporary name is not followed", { timeout: CLI_TIMEOUT_MS }, () => {
  it("ftsim run --out leaves the symlinks' target intact", () => {
    const dir = join(tmp.dir, "shared");
    mkdirSync(dir);
    const victim = join(tmp.dir, "victim.txt");
    writeFileSync(victim, "precious");
    // The old name was .<name>.<pid>.tmp: plant it for the next pids (in-process, so that planting takes no pids).
    const last = Number(readFileSync("/proc/sys/kernel/ns_last_pid", "utf8"));
    for (let pid = last + 1; pid <= last + 300; pid++) symlinkSync(victim, join(dir, `.result.json.${pid}.tmp`));
    const r = runCli(["run", "scenarios/a1-single-component.yaml", "--replications", "2", "--format", "json", "--out", join(dir, "result.json")]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(JSON.parse(readFileSync(join(dir, "result.json"), "utf8"))).toMatchObject({ schema: "ftsim.result/v1" });
  });
});
