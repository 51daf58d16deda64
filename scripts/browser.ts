/**
 * The browser the HTML report's end-to-end test drives, as a dependency of
 * the test command: `npm test` runs this first (npm's `pretest`), so a fresh
 * machine needs nothing installed by hand.
 *
 * - A Chromium is looked for in `$CHROMIUM`, then /usr/bin/chromium,
 *   /usr/bin/chromium-browser, /usr/bin/google-chrome.
 * - None found, and root with `apt-get` on the PATH: Debian's `chromium` and
 *   `fonts-dejavu-core` are installed (once; about a minute here), saying so
 *   on stderr.
 * - None found and no way to install it: one line saying what to install,
 *   exit 1, before the suite starts. The browser test never skips.
 *
 *   node --import tsx scripts/browser.ts      # what `npm test` runs first
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where a Chromium is looked for after `$CHROMIUM`, in order. */
export const CHROMIUM_CANDIDATES: readonly string[] = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Debian's packages that give the test a browser and the fonts its charts are drawn in. */
export const BROWSER_PACKAGES: readonly string[] = ["chromium", "fonts-dejavu-core"];

/**
 * Flags for headless Chromium on a machine with a closed network: without
 * the background-networking ones it keeps trying Google's hosts at start-up.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable on `PATH` named `name`, or undefined. */
export function onPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? "").split(delimiter)) {
    if (dir !== "" && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export type BrowserLookup =
  | { kind: "found"; path: string }
  /** `$CHROMIUM` names something that is not an executable: the user's choice is never silently replaced. */
  | { kind: "bad-env"; path: string }
  | { kind: "missing" };

/** Finds a Chromium: `$CHROMIUM` if set, else the first executable candidate. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = CHROMIUM_CANDIDATES): BrowserLookup {
  const chosen = env.CHROMIUM;
  if (chosen !== undefined && chosen !== "") {
    return isExecutable(chosen) ? { kind: "found", path: chosen } : { kind: "bad-env", path: chosen };
  }
  const path = candidates.find(isExecutable);
  return path === undefined ? { kind: "missing" } : { kind: "found", path };
}

/** The path of the Chromium the tests use; throws with the install hint when there is none. */
export function chromiumPath(): string {
  const found = findChromium();
  if (found.kind === "found") return found.path;
  throw new Error(missingMessage(found));
}

function missingMessage(found: Exclude<BrowserLookup, { kind: "found" }>): string {
  if (found.kind === "bad-env") return `ftsim tests: CHROMIUM=${found.path} is not an executable; point it at a Chromium or unset it`;
  return `ftsim tests: no Chromium found (CHROMIUM, ${CHROMIUM_CANDIDATES.join(", ")}); install it: apt-get install ${BROWSER_PACKAGES.join(" ")} (or set CHROMIUM=/path/to/chromium)`;
}

export interface EnsureOptions {
  env: NodeJS.ProcessEnv;
  candidates: readonly string[];
  /** Whether this process may install system packages (root). */
  isRoot: boolean;
  log: (line: string) => void;
  /** Runs a command with inherited stdio and returns its exit status. */
  exec: (command: string, args: readonly string[], env: NodeJS.ProcessEnv) => number;
}

/** Finds or installs a Chromium; returns its path, or an error line to print. */
export function ensureBrowser(options: EnsureOptions): { ok: true; path: string } | { ok: false; message: string } {
  const found = findChromium(options.env, options.candidates);
  if (found.kind === "found") return { ok: true, path: found.path };
  if (found.kind === "bad-env") return { ok: false, message: missingMessage(found) };

  const aptGet = onPath("apt-get", options.env.PATH);
  if (!options.isRoot || aptGet === undefined) return { ok: false, message: missingMessage(found) };

  options.log(`ftsim tests: no Chromium found; installing Debian's ${BROWSER_PACKAGES.join(" ")} with apt-get (once, about a minute)`);
  const aptEnv = { ...options.env, DEBIAN_FRONTEND: "noninteractive" };
  if (options.exec(aptGet, ["update", "-qq"], aptEnv) !== 0) {
    return { ok: false, message: `ftsim tests: apt-get update failed; install the browser by hand: apt-get install ${BROWSER_PACKAGES.join(" ")}` };
  }
  if (options.exec(aptGet, ["install", "-y", "-qq", "--no-install-recommends", ...BROWSER_PACKAGES], aptEnv) !== 0) {
    return { ok: false, message: `ftsim tests: apt-get install ${BROWSER_PACKAGES.join(" ")} failed; see its output above` };
  }
  const after = findChromium(options.env, options.candidates);
  if (after.kind !== "found") return { ok: false, message: `ftsim tests: ${BROWSER_PACKAGES[0]} was installed but no Chromium is at ${options.candidates.join(", ")}` };
  options.log(`ftsim tests: using ${after.path}`);
  return { ok: true, path: after.path };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = ensureBrowser({
    env: process.env,
    candidates: CHROMIUM_CANDIDATES,
    isRoot: process.getuid?.() === 0,
    log: (line) => process.stderr.write(`${line}\n`),
    exec: (command, args, env) => {
      // apt's own progress goes to stderr; its stdout (package lists) is noise for a test run.
      const child = spawnSync(command, args, { env, stdio: ["ignore", "ignore", "inherit"] });
      return child.status ?? 1;
    },
  });
  if (!result.ok) {
    process.stderr.write(`${result.message}\n`);
    process.exit(1);
  }
}
