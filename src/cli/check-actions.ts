/**
 * The actions of `ftsim baseline` and `ftsim check`, the CI regression gate (docs/ci.md), loaded when one of them runs.
 */
import { checkWritable } from "./run-commands.js";
import { BaselineError, formatBaseline, IncompleteRunError, readBaseline, runComplete } from "../run/baseline.js";
import { OverrideError } from "../run/overrides.js";
import type { RunResult } from "../run/result.js";
import { renderCheck, type CheckFormat } from "../report/check-text.js";
import { loadGateUnits, recordBaseline, runGateCheck, type GateUnit } from "../report/gate.js";
import { renderJunit, renderJunitError } from "../report/junit.js";
import { gateSettings, parseAssignment, ToleranceError, type GateSettings } from "../report/regression.js";
import { checkDistinctOutputs, writeFileAtomic } from "../report/write-file.js";
import { displayMessage, escapeControl, escapeControlKeepLines } from "../scenario/display-text.js";
import { EXIT, UsageError } from "./errors.js";
import { progressReporter } from "./progress.js";
import { workerExecutor } from "./workers.js";

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

/** `ftsim baseline`, its input errors reported as such. */
export const baselineAction = reportingInputErrors(baselineCommand);

/** `ftsim check`, its input errors reported as such. */
export const checkAction = reportingInputErrors(checkCommand);
