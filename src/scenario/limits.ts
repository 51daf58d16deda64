/**
 * Resource limits on what ftsim reads and runs, so that a hostile or
 * mistyped file fails fast with a clear message (exit code 2) instead of
 * exhausting memory or time. Every limit has an environment variable that
 * overrides it (read by the CLI at start-up); docs/robustness.md lists them.
 */

/** The limits in force (the CLI may raise or lower them from the environment). */
export const LIMITS = {
  /** Largest scenario file read, in bytes. Default 16 MiB. Override: `FTSIM_MAX_INPUT_BYTES`. */
  maxInputBytes: 16 * 1024 * 1024,
  /**
   * Largest data file read (a baseline, a result, a trace: files ftsim writes, which hold
   * per-replication values or every event), in bytes. Default 512 MiB. Override: `FTSIM_MAX_DATA_BYTES`.
   */
  maxDataBytes: 512 * 1024 * 1024,
  /** Most component instances in a scenario (all groups together, per sweep point). Default 100 000. Override: `FTSIM_MAX_INSTANCES`. */
  maxInstances: 100_000,
  /** Most replications of a run (scenario, `--replications`, `--max-replications`, a baseline). Default 1 000 000. Override: `FTSIM_MAX_REPLICATIONS`. */
  maxReplications: 1_000_000,
  /** Deepest nesting of lists and mappings in a scenario file, aliases expanded. Default 64. Override: `FTSIM_MAX_DEPTH`. */
  maxDepth: 64,
  /**
   * Most nodes a scenario file may expand to through aliases: the larger of
   * this and the file's size in bytes (a file cannot hold more literal nodes
   * than bytes), so a legitimate file may reuse an anchor as often as it
   * likes while a "billion laughs" file is stopped. Default 100 000. Override: `FTSIM_MAX_ALIAS_NODES`.
   */
  maxAliasNodes: 100_000,
  /** Most problems printed for one command; the rest are counted ("and N more"). Default 50. Override: `FTSIM_MAX_ERRORS`. */
  maxErrors: 50,
};

/** The environment variable of each limit. */
export const LIMIT_ENV: Readonly<Record<keyof typeof LIMITS, string>> = {
  maxInputBytes: "FTSIM_MAX_INPUT_BYTES",
  maxDataBytes: "FTSIM_MAX_DATA_BYTES",
  maxInstances: "FTSIM_MAX_INSTANCES",
  maxReplications: "FTSIM_MAX_REPLICATIONS",
  maxDepth: "FTSIM_MAX_DEPTH",
  maxAliasNodes: "FTSIM_MAX_ALIAS_NODES",
  maxErrors: "FTSIM_MAX_ERRORS",
};

/** A limit variable set to something that is not a positive integer. */
export class LimitSettingError extends Error {
  override readonly name = "LimitSettingError";
}

/**
 * Sets the limits from environment variables (`FTSIM_MAX_INSTANCES=500000`);
 * unset variables keep the defaults.
 *
 * @throws {LimitSettingError} for a value that is not a positive integer
 */
export function setLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): void {
  for (const key of Object.keys(LIMIT_ENV) as (keyof typeof LIMITS)[]) {
    const raw = env[LIMIT_ENV[key]];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!/^\d+(e\d+)?$/i.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) {
      throw new LimitSettingError(`${LIMIT_ENV[key]}: expected a positive integer such as 1000000 or 1e6, got ${JSON.stringify(raw.slice(0, 40))}`);
    }
    LIMITS[key] = n;
  }
}

/** `16 MiB` for a byte count (for messages). */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return `${n} bytes`;
}
