#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { ScenarioError } from "../scenario/scenario-error.js";
import { displayMessage } from "../scenario/display-text.js";
import { LimitSettingError, setLimitsFromEnv } from "../scenario/limits.js";
import { OutputError, outputError, removePendingTemps } from "../report/write-file.js";
import { VERSION } from "../version.js";
import { registerChartCommands } from "./chart-commands.js";
import { registerCheckCommands } from "./check-commands.js";
import { EXIT, UsageError } from "./errors.js";
import { lazyAction } from "./lazy.js";
import { registerWorkflowCommands, runOptions } from "./workflow-commands.js";
import { registerTraceCommand } from "./trace-command.js";
import { closeWorkers, registerWorkers } from "./workers.js";
import { registerMergeCommand, SHARD_HELP } from "./shard-commands.js";

function program(): Command {
  const cli = new Command("ftsim")
    .description("Deterministic discrete-event simulator for fault-tolerant systems")
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError(true);

  const run = cli
    .command("run")
    .description("run a scenario's replications and print availability, MTTR and the other metrics with 95% CIs")
    .argument("<file>", "scenario file (.yaml, .yml or .json)");
  runOptions(run)
    .option("--shard <i/n>", SHARD_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  ftsim run scenarios/quickstart.yaml\n  ftsim run scenarios/quickstart.yaml --replications 100 --format json --out result.json",
    )
    .action(lazyAction(async () => (await import("./run-commands.js")).runCommand));

  cli
    .command("validate")
    .description("check a scenario file without running it; errors are reported as file:line:col")
    .argument("<file...>", "scenario files")
    .action(lazyAction(async () => (await import("./run-commands.js")).validateCommand));

  cli.command("list").description("list hardware kinds, fault kinds, distributions, metrics and mechanisms").action(lazyAction(async () => (await import("./list.js")).listCommand));

  cli.command("schema").description("print the JSON Schema of the scenario format").action(lazyAction(async () => (await import("./run-commands.js")).schemaCommand));
  registerWorkflowCommands(cli);
  registerChartCommands(cli);
  registerCheckCommands(cli);
  registerTraceCommand(cli);
  registerMergeCommand(cli);
  registerWorkers(cli);
  return cli;
}

async function main(argv: string[]): Promise<number> {
  try {
    setLimitsFromEnv(process.env);
    await program().parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (e) {
    closeWorkers();
    if (e instanceof CommanderError) {
      // Commander has printed its message already (unknown option, missing argument...).
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput; // help/version: 0; no command (help on stderr), bad flag: 2
    }
    if (e instanceof ScenarioError) {
      process.stderr.write(e.format() + "\n");
      return EXIT.badInput;
    }
    if (e instanceof OutputError) {
      process.stderr.write(`ftsim: ${displayMessage(e.message)}\n`);
      return e.kind === "io" ? EXIT.io : EXIT.badInput;
    }
    // Loaded only on this path: units.js is not needed at start-up (and is loaded already when it threw).
    const { UnitError } = await import("../scenario/units.js");
    if (e instanceof UsageError || e instanceof UnitError || e instanceof LimitSettingError) {
      process.stderr.write(`ftsim: ${displayMessage(e.message)}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`ftsim: internal error (please report it with the command line and scenario):\n${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}

// `ftsim ... | head`: the reader has gone, which is no error of ours; end quietly.
// A failed stdout (`ftsim run q.yaml > /dev/full`, a file size limit) is an I/O error: exit 4, no stack.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok);
  process.stderr.write(`ftsim: ${outputError("stdout", e).message}\n`);
  process.exit(EXIT.io);
});

// Temporary output files not yet renamed into place (an error on the way) do not outlive the process.
process.on("exit", removePendingTemps);

// A closed stderr (`ftsim validate x 2>&1 >/dev/null | head -0`) loses only the messages: the
// command still ends with its own status (2 for a bad scenario), not a crash's 1.
process.stderr.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
});

process.exitCode = await main(process.argv);
