/**
 * `ftsim baseline` and `ftsim check`: the CI regression gate (docs/ci.md).
 */
import { Command, Option } from "commander";
import { checkWritable } from "./run-commands.js";
import { BaselineError, formatBaseline, IncompleteRunError, readBaseline, runComplete } from "../run/baseline.js";
import { OverrideError } from "../run/overrides.js";
import type { RunResult } from "../run/result.js";
import { CHECK_FORMATS, renderCheck, type CheckFormat } from "../report/check-text.js";
import { loadGateUnits, recordBaseline, runGateCheck, type GateUnit } from "../report/gate.js";
import { renderJunit, renderJunitError } from "../report/junit.js";
import { gateSettings, parseAssignment, ToleranceError, type GateSettings } from "../report/regression.js";
import { checkDistinctOutputs, writeFileAtomic } from "../report/write-file.js";
import { displayMessage, escapeControl, escapeControlKeepLines } from "../scenario/display-text.js";
import { EXIT, UsageError } from "./errors.js";
import { progressReporter } from "./progress.js";
import { workerExecutor, WORKERS_HELP } from "./workers.js";

interface SettingFlags {
  tolerance?: string[];
  direction?: string[];
}

interface BaselineFlags extends SettingFlags {
  out: string;
  replications?: string;
}

interface CheckFlags extends SettingFlags {
  baseline: string;
  format: CheckFormat;
  markdown?: string;
  junit?: string;
  allowNew?: boolean;
}

/** Collects a repeatable flag (no commander default, so that help does not print "default: []"). */
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds `baseline` and `check` to the program. */
export function registerCheckCommands(program: Command): void {
  program
    .command("baseline")
    .description("run scenarios and record their metrics, with each replication's values, as a regression baseline for `check`")
    .argument("<files...>", "scenario files (.yaml, .yml or .json); a file with a sweep records each point")
    .requiredOption("--out <file>", "baseline file to write (atomically), e.g. ci/baseline.json")
    .option("--replications <n>", "replications for every scenario (overrides each scenario's)")
    .option("--tolerance <metric=tolerance>", "record a tolerance, e.g. mttr_s=+5% or availability=-0.0001 (repeatable)", collect)
    .option("--direction <metric=direction>", "record a direction: higher-is-better, lower-is-better or none (repeatable)", collect)
    .option("--workers <n>", WORKERS_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  ftsim baseline scenarios/*.yaml --out ci/baseline.json\n" +
        "  ftsim baseline scenarios/*.yaml --out ci/baseline.json --tolerance mttr_s=+5% --tolerance availability=-0.0001",
    )
    .action(reportingInputErrors(baselineCommand));

  program
    .command("check")
    .description("re-run scenarios and compare them with a baseline; exit 1 when a metric regressed (docs/ci.md)")
    .argument("[files...]", "scenario files, matched to the baseline by scenario name (default: every scenario of the baseline, from its recorded path)")
    .requiredOption("--baseline <file>", "baseline file made by `ftsim baseline`")
    .option("--tolerance <metric=tolerance>", "tolerance, e.g. mttr_s=+5% or availability=-0.0001; overrides the baseline's (repeatable)", collect)
    .option("--direction <metric=direction>", "direction: higher-is-better, lower-is-better or none; overrides the baseline's (repeatable)", collect)
    .addOption(new Option("--format <format>", "output format on stdout").choices(CHECK_FORMATS).default("table"))
    .option("--markdown <file>", "also write a Markdown summary (for a pull-request comment)")
    .option("--junit <file>", "also write a JUnit XML report (for CI)")
    .option("--allow-new", "report scenarios missing from the baseline as new instead of failing with exit code 2")
    .option("--workers <n>", WORKERS_HELP)
    .addHelpText(
      "after",
      "\nExit codes: 0 no regression, 1 a metric regressed, 2 bad input, 3 a run stopped by a limit, 4 an output could not be written.\n" +
        "\nExamples:\n  ftsim check scenarios/*.yaml --baseline ci/baseline.json\n" +
        "  ftsim check --baseline ci/baseline.json --markdown summary.md --junit junit.xml --tolerance mttr_s=+10%",
    )
    .action(reportingInputErrors(checkCommand));
}

/** Wraps an action: the gate's own input errors become usage errors (exit 2), an incomplete run exit 3. */
function reportingInputErrors<A extends unknown[]>(action: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      action(...args);
    } catch (e) {
      if (e instanceof BaselineError || e instanceof ToleranceError) throw new UsageError(e.message);
      if (e instanceof OverrideError) throw new UsageError(`the baseline's seed or replications cannot be used: ${e.message}`);
      if (e instanceof IncompleteRunError) {
        process.stderr.write(`ftsim: ${displayMessage(e.message)}\nftsim: a baseline or check needs complete runs; raise limits.max_events in the scenario\n`);
        process.exitCode = EXIT.limitHit;
        return;
      }
      throw e;
    }
  };
}

/** The --tolerance and --direction flags as raw records and as parsed settings (the highest layer). */
function flagSettings(flags: SettingFlags): { raw: { tolerances: Record<string, string>; directions: Record<string, string> }; settings: GateSettings } {
  // Null prototypes: `--tolerance __proto__=5%` is a setting for a metric of that name (then refused as unknown), not lost.
  const tolerances: Record<string, string> = Object.create(null) as Record<string, string>;
  const directions: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of flags.tolerance ?? []) {
    const [metric, value] = parseAssignment("--tolerance", t, "mttr_s=+5% or availability=-0.0001");
    tolerances[metric] = value;
  }
  for (const d of flags.direction ?? []) {
    const [metric, value] = parseAssignment("--direction", d, "events=lower-is-better");
    directions[metric] = value;
  }
  const settings = gateSettings({ tolerances, directions }, (kind, metric) =>
    kind === "tolerances" ? `--tolerance ${metric}=${tolerances[metric]}` : `--direction ${metric}=${directions[metric]}`,
  );
  return { raw: { tolerances, directions }, settings };
}

/** Runs a unit to completion behind a progress bar (on stderr, when it is a terminal). */
function runWithProgress(unit: GateUnit): RunResult {
  const progress = progressReporter(unit.identity.name);
  try {
    return runComplete(unit.scenario, unit.identity, { onProgress: progress.update, executor: workerExecutor() });
  } finally {
    progress.stop();
  }
}

function baselineCommand(files: string[], flags: BaselineFlags): void {
  checkWritable(flags.out, "--out", files);
  const { raw, settings } = flagSettings(flags);
  let replications: number | undefined;
  if (flags.replications !== undefined) {
    if (!/^\d+$/.test(flags.replications) || !(Number(flags.replications) >= 2) || !Number.isSafeInteger(Number(flags.replications))) {
      throw new UsageError(`--replications: expected an integer of at least 2, got "${flags.replications}"`);
    }
    replications = Number(flags.replications);
  }
  const doc = recordBaseline(loadGateUnits(files), { raw, parsed: settings }, runWithProgress, replications);
  writeFileAtomic(flags.out, formatBaseline(doc));
  process.stdout.write(escapeControl(`wrote ${flags.out}: ${doc.scenarios.length} scenario${doc.scenarios.length === 1 ? "" : "s"}`) + "\n");
  for (const e of doc.scenarios) {
    process.stdout.write(
      escapeControl(`  ${e.scenario.name} (${e.scenario.file}): seed ${e.seed}, ${e.replications} replications, ${Object.keys(e.metrics).length} metrics`) + "\n",
    );
  }
}

function checkCommand(files: string[], flags: CheckFlags): void {
  const inputs = [flags.baseline, ...files];
  if (flags.markdown !== undefined) checkWritable(flags.markdown, "--markdown", inputs);
  if (flags.junit !== undefined) checkWritable(flags.junit, "--junit", inputs);
  if (flags.markdown !== undefined && flags.junit !== undefined) {
    checkDistinctOutputs([{ flag: "--markdown", path: flags.markdown }, { flag: "--junit", path: flags.junit }]);
  }
  const doc = readBaseline(flags.baseline);
  let report;
  try {
    report = runGateCheck(doc, flags.baseline, files, flagSettings(flags).settings, runWithProgress, { allowNew: flags.allowNew === true });
  } catch (e) {
    if (e instanceof IncompleteRunError) {
      // The job's report steps still find their files, saying why there is no verdict (exit 3 follows).
      const why = `the check could not finish: ${e.message}`;
      if (flags.markdown !== undefined) writeFileAtomic(flags.markdown, `## ftsim check: stopped\n\n${why}; raise limits.max_events in the scenario.\n`);
      if (flags.junit !== undefined) writeFileAtomic(flags.junit, renderJunitError(flags.baseline, why));
    }
    throw e;
  }
  const text = renderCheck(report, flags.format);
  process.stdout.write(flags.format === "json" ? text : escapeControlKeepLines(text));
  if (flags.markdown !== undefined) writeFileAtomic(flags.markdown, escapeControlKeepLines(renderCheck(report, "markdown")));
  if (flags.junit !== undefined) writeFileAtomic(flags.junit, renderJunit(report));
  process.exitCode = report.outcome === "fail" ? EXIT.checkFailed : EXIT.ok;
}
