import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The project root: tsx is resolved from the child's cwd, so the CLI must run from here. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Generous per-test timeout: each spawn pays ~1 s of tsx start-up, more on a loaded machine. */
export const CLI_TIMEOUT_MS = 60_000;

export interface CliResult {
  /** Exit status (null if killed by a signal). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ftsim <args>` as a user would (node + tsx on src/cli/main.ts, cwd = the
 * project root), with pipes for stdout/stderr, so the child sees no TTY.
 */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CliResult {
  // From another working directory, tsx and the CLI are named by absolute path (tsx is resolved from the cwd otherwise).
  const entry = options.cwd === undefined ? ["--import", "tsx", "src/cli/main.ts"] : ["--import", pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href, join(ROOT, "src/cli/main.ts")];
  const child = spawnSync(process.execPath, [...entry, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    // One worker unless a test asks for more: a worker thread costs a tsx start-up per spawn.
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", FTSIM_WORKERS: "1", ...options.env },
    timeout: CLI_TIMEOUT_MS - 5_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix = "ftsim-cli-"): { dir: string; file: (name: string, text: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A stack-trace line, e.g. "\n    at writeFileSync (node:fs:2380:20)". */
export const STACK_TRACE = /\n\s+at /;

/** The metric summary keys promised by DESIGN.md, sorted. */
export const METRIC_KEYS = ["ci95", "max", "mean", "min", "n", "p50", "p90", "p99", "stddev", "unit"];
