/**
 * The test command's browser step (scripts/browser.ts, npm's `pretest`):
 * it finds a Chromium, installs Debian's when it can, and otherwise fails at
 * once with one line that says what to install.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BROWSER_PACKAGES, ensureBrowser, findChromium, type EnsureOptions } from "../../scripts/browser.js";
import { CLI_TIMEOUT_MS, ROOT, tempDir } from "../cli/run-cli.js";

/** A directory with executables named `names` (empty scripts), for PATH and candidate lists. */
function fakeBin(dir: string, names: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    writeFileSync(join(dir, name), "#!/bin/sh\nexit 0\n");
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

function options(over: Partial<EnsureOptions>): EnsureOptions & { logged: string[]; ran: string[][] } {
  const logged: string[] = [];
  const ran: string[][] = [];
  return {
    env: {},
    candidates: [],
    isRoot: false,
    log: (line) => logged.push(line),
    exec: (command, args) => {
      ran.push([command, ...args]);
      return 0;
    },
    ...over,
    logged,
    ran,
  };
}

describe("scripts/browser.ts", () => {
  it("takes $CHROMIUM first, then the first executable candidate", () => {
    const t = tempDir("ftsim-browser-");
    try {
      const bin = fakeBin(join(t.dir, "bin"), ["chromium", "google-chrome"]);
      const candidates = [join(t.dir, "absent"), join(bin, "google-chrome"), join(bin, "chromium")];
      expect(findChromium({}, candidates)).toEqual({ kind: "found", path: join(bin, "google-chrome") });
      expect(findChromium({ CHROMIUM: join(bin, "chromium") }, candidates)).toEqual({ kind: "found", path: join(bin, "chromium") });
      expect(findChromium({}, [join(t.dir, "absent")])).toEqual({ kind: "missing" });
      // A non-executable file is no browser.
      writeFileSync(join(t.dir, "plain"), "");
      expect(findChromium({}, [join(t.dir, "plain")])).toEqual({ kind: "missing" });
    } finally {
      t.cleanup();
    }
  });

  it("a $CHROMIUM that is not an executable is an error, never replaced by another browser or an install", () => {
    const o = options({ env: { CHROMIUM: "/nonexistent/chrome", PATH: "/usr/bin" }, isRoot: true, candidates: [] });
    const r = ensureBrowser(o);
    expect(r).toEqual({ ok: false, message: expect.stringContaining("CHROMIUM=/nonexistent/chrome is not an executable") });
    expect(o.ran).toEqual([]);
  });

  it("without a browser, as root with apt-get, installs Debian's chromium and fonts and says so", () => {
    const t = tempDir("ftsim-browser-");
    try {
      const apt = fakeBin(join(t.dir, "sbin"), ["apt-get"]);
      const target = join(t.dir, "chromium");
      const o = options({
        env: { PATH: apt },
        candidates: [target],
        isRoot: true,
        exec: (command, args) => {
          o.ran.push([command, ...args]);
          if (args[0] === "install") fakeBin(t.dir, ["chromium"]);
          return 0;
        },
      });
      expect(ensureBrowser(o)).toEqual({ ok: true, path: target });
      expect(o.ran).toEqual([
        [join(apt, "apt-get"), "update", "-qq"],
        [join(apt, "apt-get"), "install", "-y", "-qq", "--no-install-recommends", ...BROWSER_PACKAGES],
      ]);
      expect(o.logged[0]).toMatch(/installing Debian's chromium fonts-dejavu-core with apt-get/);
    } finally {
      t.cleanup();
    }
  });

  it("without a browser and without the means to install one (not root, or no apt-get), fails with what to install", () => {
    const t = tempDir("ftsim-browser-");
    try {
      const apt = fakeBin(join(t.dir, "sbin"), ["apt-get"]);
      for (const o of [options({ env: { PATH: apt }, isRoot: false }), options({ env: { PATH: join(t.dir, "none") }, isRoot: true })]) {
        const r = ensureBrowser(o);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.message).toMatch(/install it: apt-get install chromium fonts-dejavu-core/);
        expect(o.ran).toEqual([]);
      }
    } finally {
      t.cleanup();
    }
  });

  it("a failed apt-get is reported, not followed by a test run", () => {
    const t = tempDir("ftsim-browser-");
    try {
      const apt = fakeBin(join(t.dir, "sbin"), ["apt-get"]);
      const o = options({ env: { PATH: apt }, isRoot: true, exec: () => 100 });
      expect(ensureBrowser(o)).toEqual({ ok: false, message: expect.stringContaining("apt-get update failed") });
    } finally {
      t.cleanup();
    }
  });

  it(
    "run as the test command runs it, a bad browser setting stops it at once: one line on stderr, exit 1",
    () => {
      const child = spawnSync(process.execPath, ["--import", "tsx", "scripts/browser.ts"], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, CHROMIUM: "/nonexistent/chromium" },
        timeout: CLI_TIMEOUT_MS - 5_000,
      });
      expect(child.status).toBe(1);
      expect(child.stdout).toBe("");
      expect(child.stderr.trim().split("\n")).toHaveLength(1);
      expect(child.stderr).toMatch(/^ftsim tests: CHROMIUM=\/nonexistent\/chromium is not an executable/);
    },
    CLI_TIMEOUT_MS,
  );
});
