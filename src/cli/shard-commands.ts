import { Option, type Command } from "commander";
import { mergePartials, MergeError, parsePartial, parseShard, formatPartial, runShard } from "../run/shard.js";
import { loadScenario } from "../run/load.js";
import { FORMATS, renderResult, type Format } from "../report/text.js";
import { LIMIT_ENV, LIMITS } from "../scenario/limits.js";
import { readInputText } from "../scenario/read-input.js";
import { UsageError } from "./errors.js";
import { progressReporter } from "./progress.js";
import { checkWritable, emit, exitOnLimit, overridden, type RunFlags } from "./run-commands.js";
import { workerExecutor } from "./workers.js";

/** `--shard i/n` of `ftsim run`. */
export const SHARD_HELP =
  "run only the i-th of n equal slices of the replications and write an ftsim.partial/v1 JSON document for `ftsim merge` (needs --format json)";

/** `ftsim run <file> --shard i/n`: one slice of the replications, as a partial document. */
export function runShardCommand(file: string, flags: RunFlags & { shard: string }): void {
  const shard = parseShard(flags.shard);
  if (typeof shard === "string") throw new UsageError(`--shard: ${shard}`);
  if (flags.format !== "json") {
    throw new UsageError(`--shard writes an ftsim.partial/v1 JSON document for ftsim merge; add --format json (got --format ${flags.format})`);
  }
  if (flags.precision !== undefined) throw new UsageError("--shard and --precision do not go together: a precision target needs every replication in one place");
  if (flags.out !== undefined) checkWritable(flags.out, "--out", [file]);
  const loaded = loadScenario(file);
  const { scenario, extra } = overridden(loaded.scenario, flags);
  const progress = progressReporter(`${scenario.name} ${shard.index}/${shard.count}`);
  let partial;
  try {
    partial = runShard(scenario, loaded.identity, shard, { onProgress: progress.update, reproduceFlags: extra, executor: workerExecutor() });
  } finally {
    progress.stop();
  }
  emit(formatPartial(partial), flags.out);
  if (partial.limit !== undefined) exitOnLimit({ outcome: "limit-hit", limit: partial.limit });
}

interface MergeFlags {
  format: Format;
  out?: string;
}

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
    .action(mergeCommand);
}

function mergeCommand(files: string[], flags: MergeFlags): void {
  if (flags.out !== undefined) checkWritable(flags.out, "--out", files);
  const parts = files.map((file) => {
    let text: string;
    try {
      text = readInputText(file, LIMITS.maxDataBytes, LIMIT_ENV.maxDataBytes);
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    return { file, partial: parsePartial(text, file) };
  });
  let result;
  try {
    result = mergePartials(parts);
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(e.message);
    throw e;
  }
  emit(renderResult(result, flags.format), flags.out);
  exitOnLimit(result);
}
