/** `ftsim sweep` and `ftsim compare`, and the flags of every running command: definitions (options, help); the actions are in workflow-actions.ts. */
import { Option, type Command } from "commander";
import { FORMATS } from "../report/choices.js";
import { lazyAction } from "./lazy.js";
import { WORKERS_HELP } from "./workers.js";

/** Help of the precision flags, shared by `run`, `sweep` and `compare`. */
export const PRECISION_HELP = {
  precision: "add replications in batches until every selected metric's 95% CI half-width is within this fraction of its mean, e.g. 1% or 0.05",
  precisionMetrics: "metrics the target applies to, comma-separated (default unavailability,mttr_s)",
  maxReplications: "cap on replications with --precision (default 10 x the initial replications)",
} as const;

/** Adds the flags every running command takes: `run`, `sweep`, `compare`. */
export function runOptions(command: Command): Command {
  return command
    .option("--seed <n>", "master seed (overrides the scenario's)")
    .option("--replications <n>", "number of replications (overrides the scenario's)")
    .option("--horizon <duration>", "simulated time per replication, e.g. 10y (overrides the scenario's)")
    .option("--max-events <n>", "cap on events per replication; a run that hits it stops with exit code 3")
    .option("--precision <p>", PRECISION_HELP.precision)
    .option("--precision-metrics <a,b>", PRECISION_HELP.precisionMetrics)
    .option("--max-replications <n>", PRECISION_HELP.maxReplications)
    .option("--workers <n>", WORKERS_HELP)
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("table"))
    .option("--out <file>", "write the result to this file (atomically) instead of stdout");
}

/** Registers `ftsim sweep` and `ftsim compare`. */
export function registerWorkflowCommands(program: Command): void {
  runOptions(
    program
      .command("sweep")
      .description("run every point of a scenario's sweep: section, all with the same seed (paired by common random numbers)")
      .argument("<file>", "scenario file with a sweep: section"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  ftsim sweep scenarios/sweep-repair.yaml\n  ftsim sweep scenarios/sweep-repair.yaml --format csv --out sweep.csv\n" +
        "  ftsim sweep scenarios/variants-standby.yaml --precision 2% --precision-metrics unavailability",
    )
    .action(lazyAction(async () => (await import("./workflow-actions.js")).sweepCommand));

  runOptions(
    program
      .command("compare")
      .description("run two designs with the same seed and report each metric's paired difference B - A with its 95% CI")
      .argument("<files...>", "two scenario files (A then B), or one file with a sweep: section and --variants")
      .option("--variants <names...>", "with one sweep file: the two points to compare, A then B (put the file first)"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  ftsim compare a.yaml b.yaml\n  ftsim compare scenarios/variants-standby.yaml --variants hot cold\n" +
        "  ftsim compare scenarios/sweep-repair.yaml --variants 'mttr=8h, crews=1' 'mttr=8h, crews=2' --format markdown",
    )
    .action(lazyAction(async () => (await import("./workflow-actions.js")).compareCommand));
}
