/**
 * Output files cannot be turned against the user (docs/robustness.md,
 * "Output files"): no predictable temporary name followed through a
 * symlink, short writes and full devices reported, special files written
 * through, stale temporary files of dead processes removed.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, lstatSync, openSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkOutputPath, OutputError, openAtomic, removeStaleTemps, writeFileAtomic } from "../../src/report/write-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ftsim-write-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has run and exited (so no longer alive). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("writeFileAtomic", () => {
  it("does not follow a symlink planted under the old predictable temporary name", () => {
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "precious");
    symlinkSync(victim, join(dir, `.result.json.${process.pid}.tmp`));
    writeFileAtomic(join(dir, "result.json"), "{}\n");
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(readFileSync(join(dir, "result.json"), "utf8")).toBe("{}\n");
  });

  it("uses an unpredictable temporary name that embeds the pid, and leaves nothing behind", () => {
    const names: string[] = [];
    const w = openAtomic(join(dir, "a.txt"));
    names.push(...readdirSync(dir));
    w.write("x");
    w.commit();
    const w2 = openAtomic(join(dir, "a.txt"));
    names.push(...readdirSync(dir).filter((n) => n !== "a.txt"));
    w2.abort();
    expect(names).toHaveLength(2);
    for (const n of names) expect(n).toMatch(new RegExp(`^\\.a\\.txt\\.ftsim-${process.pid}-[0-9a-f]{12}\\.tmp$`));
    expect(names[0]).not.toBe(names[1]);
    expect(readdirSync(dir)).toEqual(["a.txt"]);
  });

  it("creates the temporary file with mode 0600 and gives the result an existing file's mode", () => {
    const target = join(dir, "kept.txt");
    writeFileSync(target, "old", { mode: 0o640 });
    const w = openAtomic(target);
    const temp = readdirSync(dir).find((n) => n.endsWith(".tmp"))!;
    expect(lstatSync(join(dir, temp)).mode & 0o777).toBe(0o600);
    w.write("new");
    w.commit();
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readFileSync(target, "utf8")).toBe("new");
  });

  it("writes through to a FIFO instead of replacing it with a regular file", async () => {
    const fifo = join(dir, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const reader = spawn("sh", ["-c", `cat "$0" > "$0.got"`, fifo], { stdio: "ignore" });
    const done = new Promise<void>((ok) => reader.on("exit", () => ok()));
    try {
      writeFileAtomic(fifo, "through\n");
      expect(statSync(fifo).isFIFO()).toBe(true);
      await done;
      expect(readFileSync(`${fifo}.got`, "utf8")).toBe("through\n");
    } finally {
      reader.kill("SIGKILL");
    }
  });

  // Through /proc/self/fd, never /dev/full itself: code that renames over its target (as before this
  // change) would replace the device when the tests run as root.
  it.runIf(existsSync("/dev/full") && statSync("/dev/full").isCharacterDevice())("reports a full device as an I/O error (exit code 4), not a success", () => {
    const fd = openSync("/dev/full", "w");
    let err: unknown;
    try {
      writeFileAtomic(`/proc/self/fd/${fd}`, "x".repeat(10));
    } catch (e) {
      err = e;
    }
    closeSync(fd);
    expect(err).toBeInstanceOf(OutputError);
    expect((err as OutputError).kind).toBe("io");
    expect((err as OutputError).message).toMatch(/no space left on device/);
  });
});

describe("removeStaleTemps", () => {
  it("removes regular temporary files of dead ftsim processes, and nothing else", () => {
    const pid = deadPid();
    const stale = join(dir, `.trace.jsonl.ftsim-${pid}-0123456789ab.tmp`);
    const mine = join(dir, `.trace.jsonl.ftsim-${process.pid}-0123456789ab.tmp`);
    const other = join(dir, `.trace.jsonl.${pid}.tmp`);
    for (const f of [stale, mine, other]) writeFileSync(f, "partial");
    const victim = join(dir, "victim");
    writeFileSync(victim, "precious");
    symlinkSync(victim, join(dir, `.x.ftsim-${pid}-ffffffffffff.tmp`));
    expect(removeStaleTemps(dir)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(mine) && existsSync(other) && readFileSync(victim, "utf8") === "precious").toBe(true);
  });

  it("runs on every atomic write into the directory", () => {
    const stale = join(dir, `.old.json.ftsim-${deadPid()}-0123456789ab.tmp`);
    writeFileSync(stale, "partial");
    writeFileAtomic(join(dir, "new.json"), "{}");
    expect(existsSync(stale)).toBe(false);
  });
});

describe("checkOutputPath", () => {
  const expectPathError = (fn: () => void, message: RegExp) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OutputError);
    expect((err as OutputError).kind).toBe("path");
    expect((err as OutputError).message).toMatch(message);
  };

  it("refuses an empty name, a name ending in /, a directory and a missing directory", () => {
    expectPathError(() => checkOutputPath("", "--out"), /^--out: expected a file name, got ""/);
    expectPathError(() => checkOutputPath(join(dir, "newdir") + "/", "--out"), /names a directory/);
    expectPathError(() => checkOutputPath(dir, "--junit"), /^--junit: .* is a directory/);
    expectPathError(() => checkOutputPath(join(dir, "missing", "t.jsonl"), "--out"), /is not an existing directory/);
  });

  it("refuses an output that is an input under another spelling or through a symlink", () => {
    const input = join(dir, "s.yaml");
    writeFileSync(input, "name: x\n");
    symlinkSync(input, join(dir, "link.yaml"));
    expectPathError(() => checkOutputPath(join(dir, ".", "s.yaml"), "--out", [input]), /is the input/);
    expectPathError(() => checkOutputPath(join(dir, "link.yaml"), "--out", [input]), /is the input/);
    expect(() => checkOutputPath(join(dir, "other.yaml"), "--out", [input])).not.toThrow();
  });

  it("accepts a character device (written through)", () => {
    expect(() => checkOutputPath("/dev/null", "--out")).not.toThrow();
  });
});
