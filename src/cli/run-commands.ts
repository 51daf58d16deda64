import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadScenario } from "../run/load.js";
import { applyOverrides, OverrideError, shellQuote, type RunOverrides } from "../run/overrides.js";
import { runScenario } from "../run/runner.js";
import { renderResult, type Format } from "../report/text.js";
import { writeFileAtomic } from "../report/write-file.js";
import { toJsonSchema } from "../scenario/json-schema.js";
import { ScenarioError } from "../scenario/load.js";
import { scenarioSchema, type Scenario } from "../scenario/schema.js";
import { parseDuration, UnitError } from "../scenario/units.js";
import { EXIT, UsageError } from "./errors.js";
import { progressReporter } from "./progress.js";

interface RunFlags {
  seed?: string;
  replications?: string;
  horizon?: string;
  maxEvents?: string;
  format: Format;
  out?: string;
}

function positiveInt(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`${flag}: expected a positive integer, got "${raw}"`);
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
function overridden(scenario: Scenario, flags: Omit<RunFlags, "format" | "out">): { scenario: Scenario; extra: string } {
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
  try {
    return { scenario: applyOverrides(scenario, overrides), extra: extra.join(" ") };
  } catch (e) {
    if (e instanceof OverrideError) throw new UsageError(`${FLAG_OF[e.option]}: ${e.message}`);
    throw e;
  }
}

/** Fails early, before a long run, when the output file cannot be written. */
function checkWritable(out: string): void {
  const dir = dirname(resolve(out));
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--out: cannot write ${out}: ${dir} is not a writable directory`);
  }
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out: ${out} is a directory; give a file name`);
}

export function runCommand(file: string, flags: RunFlags): void {
  if (flags.out !== undefined) checkWritable(flags.out);
  const loaded = loadScenario(file);
  const { scenario, extra } = overridden(loaded.scenario, flags);
  const progress = progressReporter(scenario.name);
  let result;
  try {
    result = runScenario(scenario, loaded.identity, { onProgress: progress.update, reproduceFlags: extra });
  } finally {
    progress.stop();
  }
  const text = renderResult(result, flags.format);
  if (flags.out !== undefined) writeFileAtomic(flags.out, text);
  else process.stdout.write(text);
  if (result.outcome === "limit-hit") {
    process.stderr.write(`ftsim: ${result.limit}\n`);
    process.exitCode = EXIT.limitHit;
  }
}

export function validateCommand(files: string[]): void {
  const problems: ScenarioError[] = [];
  for (const file of files) {
    try {
      const { scenario } = loadScenario(file);
      const count = scenario.components.reduce((n, c) => n + c.count, 0);
      process.stdout.write(`${file}: ok (${plural(count, "component")}, ${plural(scenario.mechanisms.length, "mechanism")})\n`);
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
