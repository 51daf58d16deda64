/**
 * `ftsim baseline` and `ftsim check`: the CI regression gate (docs/ci.md).
 * Their definitions (options, help); the actions are in check-actions.ts and
 * load only when one of these commands runs.
 */
import { Command, Option } from "commander";
import { CHECK_FORMATS } from "../report/choices.js";
import { lazyAction } from "./lazy.js";
import { WORKERS_HELP } from "./workers.js";

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
    .action(lazyAction(async () => (await import("./check-actions.js")).baselineAction));

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
    .action(lazyAction(async () => (await import("./check-actions.js")).checkAction));
}
