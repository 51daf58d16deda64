/** The actions of `ftsim run --shard i/n` and `ftsim merge` (loaded when one of them runs). */
import { mergePartials, MergeError, parsePartial, parseShard, formatPartial, runShard } from "../run/shard.js";
import { loadScenario } from "../run/load.js";
import { renderResult, type Format } from "../report/text.js";
import { LIMIT_ENV, LIMITS } from "../scenario/limits.js";
import { readInputText } from "../scenario/read-input.js";
import { UsageError } from "./errors.js";
import { progressReporter } from "./progress.js";
import { checkWritable, emit, exitOnLimit, overridden, type RunFlags } from "./run-commands.js";
import { workerExecutor } from "./workers.js";

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

export function mergeCommand(files: string[], flags: MergeFlags): void {
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
