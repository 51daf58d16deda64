/**
 * Sharded runs: `ftsim run --shard i/n` runs a contiguous slice of the
 * replications and writes an `ftsim.partial/v1` document holding each
 * replication's raw output; `ftsim merge` puts the slices back together and
 * summarises them with the same code as one run, so the merged result has
 * the same bytes as the run that was never split (test/run/shard.test.ts).
 *
 * A partial keeps the raw outputs, not summaries, because summaries do not
 * merge exactly: MTTR pools sums over sums, quantiles need every value, and
 * floating-point sums depend on their order. Outputs are numbers and
 * booleans, and JSON carries every finite double exactly; the non-finite
 * ones are written as strings ("Infinity", "NaN") and read back.
 */
import { VERSION } from "../version.js";
import type { ReplicationOutput } from "../metrics/replication-output.js";
import type { Scenario } from "../scenario/schema.js";
import type { RunResult, ScenarioIdentity } from "./result.js";
import { reproduceCommand, resultDocument, runReplications, summariseOutputs, type RunnerOptions } from "./runner.js";

/** Which slice of the replications a shard runs: the `index`-th (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Replications [from, to) of shard i/n: contiguous slices whose sizes differ by at most one. */
export function shardRange(replications: number, shard: Shard): { from: number; to: number } {
  return {
    from: Math.floor(((shard.index - 1) * replications) / shard.count),
    to: Math.floor((shard.index * replications) / shard.count),
  };
}

/** `i/n` with 1 ≤ i ≤ n, as in Slurm array indices and Kubernetes completion indices + 1. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) return `expected i/n such as 1/4, got "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1 && count <= 1_000_000)) return `the shard count n must be from 1 to 1000000, got ${m[2]}`;
  if (!(index >= 1 && index <= count)) return `the shard index i must be from 1 to n = ${count}, got ${m[1]}`;
  return { index, count };
}

/** One shard's output: everything `merge` needs to rebuild the unsplit run's result. */
export interface PartialResult {
  schema: "ftsim.partial/v1";
  ftsim_version: string;
  scenario: ScenarioIdentity;
  seed: number | string;
  /** Replications of the whole run, all shards together. */
  replications: number;
  horizon_s: number;
  warmup_s: number;
  shard: Shard & { from: number; to: number };
  /** Set when a replication of this shard hit the event limit; `outputs` stop before it. */
  limit?: string;
  /** The command that reproduces the whole (unsplit) run. */
  reproduce: string;
  outputs: ReplicationOutput[];
}

/** Runs the replications of one shard and returns its partial document. */
export function runShard(scenario: Scenario, source: ScenarioIdentity, shard: Shard, options: RunnerOptions = {}): PartialResult {
  const { from, to } = shardRange(scenario.replications, shard);
  const outputs: ReplicationOutput[] = [];
  const limit = runReplications(scenario, from, to, outputs, () => options.onProgress?.(outputs.length, to - from), options.executor);
  return {
    schema: "ftsim.partial/v1",
    ftsim_version: VERSION,
    scenario: source,
    seed: scenario.seed,
    replications: scenario.replications,
    horizon_s: scenario.horizon,
    warmup_s: scenario.warmup,
    shard: { ...shard, from, to },
    ...(limit === undefined ? {} : { limit }),
    reproduce: reproduceCommand("run", source.file, scenario, options.reproduceFlags),
    outputs,
  };
}

/** The partial as JSON text, with non-finite numbers as strings. */
export function formatPartial(partial: PartialResult): string {
  return JSON.stringify(partial, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? String(value) : value)) + "\n";
}

/** A part that cannot be merged (not a partial, another scenario, a gap...): exit code 2. */
export class MergeError extends Error {
  override readonly name = "MergeError";
}

const NON_FINITE: Record<string, number> = { Infinity: Infinity, "-Infinity": -Infinity, NaN: NaN };

/** Reads a partial document; `file` names it in errors. */
export function parsePartial(text: string, file: string): PartialResult {
  let doc: unknown;
  try {
    // Only the number fields of outputs are ever non-finite; a string there is read back as its number.
    doc = JSON.parse(text, (key, value: unknown) =>
      typeof value === "string" && value in NON_FINITE && (key === "value" || key === "time" || key === "numerator" || key === "denominator")
        ? NON_FINITE[value]
        : value,
    );
  } catch (e) {
    throw new MergeError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const d = doc as Partial<PartialResult> | null;
  if (d === null || typeof d !== "object" || d.schema !== "ftsim.partial/v1") {
    throw new MergeError(`${file}: not an ftsim.partial/v1 document (make one with ftsim run --shard i/n --format json)`);
  }
  const s = d.shard;
  if (
    s === undefined ||
    !Number.isInteger(s.index) ||
    !Number.isInteger(s.count) ||
    !Number.isInteger(s.from) ||
    !Number.isInteger(s.to) ||
    !Array.isArray(d.outputs) ||
    !Number.isInteger(d.replications) ||
    d.scenario === undefined
  ) {
    throw new MergeError(`${file}: a malformed ftsim.partial/v1 document (shard, replications, scenario or outputs missing)`);
  }
  return d as PartialResult;
}

/**
 * Merges the partials of one run into its `ftsim.result/v1` document.
 * @throws {MergeError} when they are of different runs (scenario hash, seed,
 *   replications, horizon, ftsim version, shard count), overlap, or leave a
 *   shard out
 */
export function mergePartials(parts: readonly { file: string; partial: PartialResult }[]): RunResult {
  if (parts.length === 0) throw new MergeError("merge needs at least one partial result");
  const first = parts[0]!;
  const key = (p: PartialResult) =>
    JSON.stringify([p.ftsim_version, p.scenario.hash, p.seed, p.replications, p.horizon_s, p.warmup_s, p.shard.count, p.reproduce]);
  for (const { file, partial } of parts) {
    if (key(partial) !== key(first.partial)) {
      const what =
        partial.ftsim_version !== first.partial.ftsim_version
          ? `ftsim ${partial.ftsim_version}, not ${first.partial.ftsim_version}`
          : partial.scenario.hash !== first.partial.scenario.hash
            ? `another scenario (${partial.scenario.name}, ${partial.scenario.hash.slice(0, 19)}…)`
            : partial.seed !== first.partial.seed
              ? `seed ${partial.seed}, not ${first.partial.seed}`
              : partial.shard.count !== first.partial.shard.count
                ? `${partial.shard.count} shards, not ${first.partial.shard.count}`
                : "other settings (replications, horizon, warm-up or flags)";
      throw new MergeError(`${file} is from another run than ${first.file}: ${what}`);
    }
  }
  const count = first.partial.shard.count;
  const byIndex = new Map<number, { file: string; partial: PartialResult }>();
  for (const part of parts) {
    const other = byIndex.get(part.partial.shard.index);
    if (other !== undefined) throw new MergeError(`${part.file} and ${other.file} are both shard ${part.partial.shard.index}/${count}`);
    const expected = shardRange(part.partial.replications, part.partial.shard);
    if (expected.from !== part.partial.shard.from || expected.to !== part.partial.shard.to) {
      throw new MergeError(`${part.file}: shard ${part.partial.shard.index}/${count} should hold replications ${expected.from}..${expected.to - 1}`);
    }
    byIndex.set(part.partial.shard.index, part);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).map((i) => `${i}/${count}`).join(", ");
    throw new MergeError(`shard${missing.length === 1 ? "" : "s"} ${shown}${missing.length > 10 ? ", …" : ""} missing: a merge needs every shard`);
  }

  // Replication order, stopping where the first shard (in that order) hit the event limit, as one run would.
  const outputs: ReplicationOutput[] = [];
  let limit: string | undefined;
  for (let i = 1; i <= count && limit === undefined; i++) {
    const { file, partial } = byIndex.get(i)!;
    const want = partial.shard.to - partial.shard.from;
    if (partial.limit === undefined && partial.outputs.length !== want) {
      throw new MergeError(`${file}: holds ${partial.outputs.length} replications, its shard has ${want}`);
    }
    partial.outputs.forEach((o, k) => {
      if (o.replication !== partial.shard.from + k) throw new MergeError(`${file}: replication ${o.replication} out of order`);
    });
    outputs.push(...partial.outputs);
    limit = partial.limit;
  }
  const p = first.partial;
  return resultDocument({ seed: p.seed, horizon: p.horizon_s, warmup: p.warmup_s }, p.scenario, {
    summaries: summariseOutputs(outputs),
    replications: outputs.length,
    limit,
    reproduce: p.reproduce,
  });
}
