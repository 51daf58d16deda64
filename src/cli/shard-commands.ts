/** `ftsim merge` and the `--shard` flag of `ftsim run`: definitions (options, help); the actions are in shard-actions.ts. */
import { Option, type Command } from "commander";
import { FORMATS } from "../report/choices.js";
import { lazyAction } from "./lazy.js";

/** `--shard i/n` of `ftsim run`. */
export const SHARD_HELP =
  "run only the i-th of n equal slices of the replications and write an ftsim.partial/v1 JSON document for `ftsim merge` (needs --format json)";

/** Registers `ftsim merge`. */
export function registerMergeCommand(program: Command): void {
  program
    .command("merge")
    .description("combine the ftsim.partial/v1 documents of `ftsim run --shard i/n` into the result of the whole run (the same bytes as an unsharded run)")
    .argument("<parts...>", "partial results, one per shard, in any order")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("table"))
    .option("--out <file>", "write the result to this file (atomically) instead of stdout")
    .addHelpText(
      "after",
      "\nExamples:\n  for i in 1 2 3 4; do ftsim run s.yaml --shard $i/4 --format json --out part$i.json; done\n  ftsim merge part*.json --format json --out result.json",
    )
    .action(lazyAction(async () => (await import("./shard-actions.js")).mergeCommand));
}
