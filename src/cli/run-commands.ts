import { loadScenario } from "../run/load.js";
import { applyOverrides, OverrideError, shellQuote, type RunOverrides } from "../run/overrides.js";
import { PrecisionError, runToPrecision, type PrecisionTarget } from "../run/precision.js";
import { runScenario } from "../run/runner.js";
import { renderResult, type Format } from "../report/text.js";
import { checkOutputPath, writeFileAtomic } from "../report/write-file.js";
import { toJsonSchema } from "../scenario/json-schema.js";
import { ScenarioError } from "../scenario/load.js";
import { scenarioSchema, type Scenario } from "../scenario/schema.js";
import { parseDuration, parseProbability, UnitError } from "../scenario/units.js";
import { displayMessage, escapeControl, escapeControlKeepLines } from "../scenario/display-text.js";
import { EXIT, UsageError } from "./errors.js";
import { progressReporter } from "./progress.js";
import { runShardCommand } from "./shard-actions.js";
import { workerExecutor } from "./workers.js";

/** The flags `run`, `sweep` and `compare` share. */
export interface RunFlags {
  seed?: string;
  replications?: string;
  horizon?: string;
  maxEvents?: string;
  precision?: string;
  precisionMetrics?: string;
  maxReplications?: string;
  workers?: string;
  shard?: string;
  format: Format;
  out?: string;
}

/** A positive integer flag: digits, or a power-of-ten form such as `1e9` for the large ones. */
function positiveInt(flag: string, raw: string): number {
  if (!/^(\d+|\d+(\.\d+)?e\d+)$/i.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`${flag}: expected a positive integer such as 30 or 1e9, got "${raw}"`);
  }
  return Number(raw);
}

const FLAG_OF: Record<keyof RunOverrides, string> = {
  seed: "--seed",
  replications: "--replications",
  horizonS: "--horizon",
  maxEvents: "--max-events",
};

/** Parses the override flags, applies them, and returns the flags that reproduce them. */
export function overridden(scenario: Scenario, flags: Omit<RunFlags, "format" | "out">): { scenario: Scenario; extra: string } {
  const { overrides, extra } = parseOverrides(flags);
  return { scenario: applyFlags(scenario, overrides), extra };
}

/** Applies parsed overrides; a value the scenario cannot take is reported under its flag. */
export function applyFlags(scenario: Scenario, overrides: RunOverrides): Scenario {
  try {
    return applyOverrides(scenario, overrides);
  } catch (e) {
    if (e instanceof OverrideError) throw new UsageError(`${FLAG_OF[e.option]}: ${e.message}`);
    throw e;
  }
}

/** Parses the override flags into overrides and the words that reproduce them (besides --seed and --replications). */
export function parseOverrides(flags: Omit<RunFlags, "format" | "out">): { overrides: RunOverrides; extra: string } {
  const overrides: RunOverrides = {};
  const extra: string[] = [];
  if (flags.seed !== undefined) {
    // "42" is the number 42; "007" stays a string, so a reproduce line with a string seed gives the same streams.
    const n = Number(flags.seed);
    overrides.seed = Number.isSafeInteger(n) && n >= 0 && String(n) === flags.seed ? n : flags.seed;
  }
  if (flags.replications !== undefined) overrides.replications = positiveInt("--replications", flags.replications);
  if (flags.horizon !== undefined) {
    try {
      overrides.horizonS = parseDuration(flags.horizon);
    } catch (e) {
      throw new UsageError(`--horizon: ${(e as UnitError).message}`);
    }
    extra.push(`--horizon ${shellQuote(flags.horizon)}`);
  }
  if (flags.maxEvents !== undefined) {
    overrides.maxEvents = positiveInt("--max-events", flags.maxEvents);
    extra.push(`--max-events ${flags.maxEvents}`);
  }
  return { overrides, extra: extra.join(" ") };
}

const PRECISION_FLAG: Record<PrecisionError["option"], string> = {
  precision: "--precision",
  precisionMetrics: "--precision-metrics",
  maxReplications: "--max-replications",
};

/**
 * Parses `--precision`, `--precision-metrics` and `--max-replications`
 * (the last two only with the first) and the words that reproduce them.
 */
export function parsePrecision(flags: Pick<RunFlags, "precision" | "precisionMetrics" | "maxReplications">): { precision?: PrecisionTarget; extra: string } {
  if (flags.precision === undefined) {
    const stray = flags.precisionMetrics !== undefined ? "--precision-metrics" : flags.maxReplications !== undefined ? "--max-replications" : undefined;
    if (stray !== undefined) throw new UsageError(`${stray} needs --precision (a target such as --precision 1%)`);
    return { extra: "" };
  }
  let target: number;
  try {
    target = parseProbability(flags.precision);
  } catch (e) {
    throw new UsageError(`--precision: ${(e as UnitError).message.replace("a probability", "a relative precision")}`);
  }
  if (!(target > 0)) throw new UsageError(`--precision: expected a target above 0, such as 1% or 0.05, got "${flags.precision}"`);
  const precision: PrecisionTarget = { target };
  const extra = [`--precision ${shellQuote(flags.precision)}`];
  if (flags.precisionMetrics !== undefined) {
    precision.metrics = flags.precisionMetrics.split(",").map((m) => m.trim()).filter((m) => m !== "");
    if (precision.metrics.length === 0) throw new UsageError(`--precision-metrics: expected metric names separated by commas, e.g. unavailability,mttr_s`);
    extra.push(`--precision-metrics ${shellQuote(precision.metrics.join(","))}`);
  }
  if (flags.maxReplications !== undefined) {
    precision.maxReplications = positiveInt("--max-replications", flags.maxReplications);
    extra.push(`--max-replications ${precision.maxReplications}`);
  }
  return { precision, extra: extra.join(" ") };
}

/** Runs `fn`, reporting a precision target the scenario cannot take under its flag. */
export function withPrecisionFlags<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PrecisionError) throw new UsageError(`${PRECISION_FLAG[e.option]}: ${e.message}`);
    throw e;
  }
}

/**
 * Writes the output to `--out` (atomically) or stdout. Human-readable formats (all but JSON, which
 * escapes them itself) get control characters escaped: a name cannot reach the terminal as an escape sequence.
 */
export function emit(text: string, out: string | undefined, format?: string): void {
  const safe = format === "json" ? text : escapeControlKeepLines(text);
  if (out !== undefined) writeFileAtomic(out, safe);
  else process.stdout.write(safe);
}

/**
 * Fails early, before a long run, when the output file a flag names (`--out`, `--junit`...) cannot be
 * written, or is one of the command's input files under any spelling.
 */
export function checkWritable(out: string, flag = "--out", inputs: readonly string[] = []): void {
  checkOutputPath(out, flag, inputs);
}

export function runCommand(file: string, flags: RunFlags): void {
  if (flags.shard !== undefined) return runShardCommand(file, { ...flags, shard: flags.shard });
  if (flags.out !== undefined) checkWritable(flags.out, "--out", [file]);
  const { precision, extra: precisionExtra } = parsePrecision(flags);
  const loaded = loadScenario(file);
  const { scenario, extra } = overridden(loaded.scenario, flags);
  const reproduceFlags = [extra, precisionExtra].filter((x) => x !== "").join(" ");
  const progress = progressReporter(scenario.name);
  let result;
  try {
    result = withPrecisionFlags(() =>
      precision === undefined
        ? runScenario(scenario, loaded.identity, { onProgress: progress.update, reproduceFlags, executor: workerExecutor() })
        : runToPrecision(scenario, loaded.identity, precision, { onProgress: progress.update, reproduceFlags, executor: workerExecutor() }),
    );
  } finally {
    progress.stop();
  }
  let text = renderResult(result, flags.format);
  if (loaded.sweep !== undefined && (flags.format === "table" || flags.format === "markdown")) {
    // A note in the printed table only: JSON and CSV stay the plain run's, and stderr stays for problems.
    const n = loaded.sweep.points.length;
    text += `\nnote: ${file} has a sweep: section (${n} point${n === 1 ? "" : "s"}); \`ftsim run\` ran the scenario as written, without it; \`ftsim sweep ${shellQuote(file)}\` runs every point\n`;
  }
  if (flags.format === "table" || flags.format === "markdown") for (const note of loaded.notes) text += `\nnote: ${note}\n`;
  emit(text, flags.out, flags.format);
  exitOnLimit(result);
}

/** Repeats a limit on stderr and sets exit code 3 when one stopped the run. */
export function exitOnLimit(result: { outcome: string; limit?: string }): void {
  if (result.outcome === "limit-hit") {
    process.stderr.write(`ftsim: ${displayMessage(result.limit ?? "")}\n`);
    process.exitCode = EXIT.limitHit;
  }
}

export function validateCommand(files: string[]): void {
  const problems: ScenarioError[] = [];
  for (const file of files) {
    try {
      const { scenario, sweep, notes } = loadScenario(file);
      const count = scenario.components.reduce((n, c) => n + c.count, 0);
      const points = sweep === undefined ? "" : `, a sweep of ${plural(sweep.points.length, "point")}`;
      process.stdout.write(escapeControl(`${file}: ok (${plural(count, "component")}, ${plural(scenario.mechanisms.length, "mechanism")}${points})`) + "\n");
      for (const note of notes) process.stdout.write(escapeControl(`${file}: note: ${note}`) + "\n");
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(e);
    }
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new ScenarioError(problems.flatMap((p) => p.issues));
}

export function schemaCommand(): void {
  process.stdout.write(JSON.stringify(toJsonSchema(scenarioSchema), null, 2) + "\n");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
