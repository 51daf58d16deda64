/**
 * The regression baseline (`ftsim.baseline/v1`): the metrics of a set of
 * scenarios, with each replication's value, so that `ftsim check` can re-run
 * them with the same seed and replications and compare replication by
 * replication (common random numbers: unchanged code gives a difference of
 * exactly 0).
 */
import { LIMIT_ENV, LIMITS } from "../scenario/limits.js";
import { readDataText } from "../scenario/read-input.js";
import { z } from "zod";
import type { Scenario } from "../scenario/schema.js";
import { VERSION } from "../version.js";
import type { RunResult, ScenarioIdentity } from "./result.js";
import { runScenario, type RunnerOptions } from "./runner.js";

/** Which way of a metric is bad: `higher-is-better` (a decrease is bad), `lower-is-better`, or `none` (informational). */
export const DIRECTIONS = ["higher-is-better", "lower-is-better", "none"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Each replication's value of each metric, index = replication; null where the metric was undefined in it. */
export type PerReplicationValues = RunResult["values"];

/**
 * One scenario as the baseline recorded it: the identity, settings, metric
 * summaries and per-replication values of its `ftsim.result/v1`.
 */
export interface BaselineScenario extends Pick<RunResult, "scenario" | "seed" | "replications" | "horizon_s" | "warmup_s" | "metrics" | "values"> {
  /** The run's `ratios` (per-replication parts of the pooled ratios); absent in baselines recorded before ftsim had it. */
  ratios?: RunResult["ratios"];
  /** Tolerances for this scenario only (hand-edited), overriding the document's. */
  tolerances?: Record<string, string>;
  /** Directions for this scenario only (hand-edited), overriding the document's. */
  directions?: Record<string, Direction>;
}

/** The `ftsim.baseline/v1` document. */
export interface BaselineDocument {
  schema: "ftsim.baseline/v1";
  ftsim_version: string;
  /** Tolerance per metric (full name or its last segment), e.g. `{ "mttr_s": "+5%" }`; sign = the bad direction. */
  tolerances: Record<string, string>;
  /** Direction per metric (full name or last segment), overriding ftsim's rules. */
  directions: Record<string, Direction>;
  /** In the order the files were given. */
  scenarios: BaselineScenario[];
}

/** A baseline file that cannot be read or is not a baseline; reported without a stack trace (exit 2). */
export class BaselineError extends Error {
  override readonly name = "BaselineError";
}

/** A run that stopped on a limit: a baseline or check needs complete runs (exit 3). */
export class IncompleteRunError extends Error {
  override readonly name = "IncompleteRunError";
}

/**
 * Runs a scenario (its seed, replications and horizon as given) to the end.
 * @throws {IncompleteRunError} when a replication hits the event limit: a
 *   baseline or check of fewer replications would not pair with the other run
 */
export function runComplete(scenario: Scenario, identity: ScenarioIdentity, options: RunnerOptions = {}): RunResult {
  const result = runScenario(scenario, identity, options);
  if (result.outcome === "limit-hit") throw new IncompleteRunError(`${identity.file}: ${result.limit}`);
  return result;
}

/** The baseline entry of a completed run. */
export function baselineEntry(result: RunResult): BaselineScenario {
  return {
    scenario: result.scenario,
    seed: result.seed,
    replications: result.replications,
    horizon_s: result.horizon_s,
    warmup_s: result.warmup_s,
    metrics: result.metrics,
    values: result.values,
    ratios: result.ratios,
  };
}

/**
 * A baseline document from entries (in the given order); throws
 * {@link BaselineError} when two entries share a scenario name, since
 * `check` finds a scenario's entry by its name.
 */
export function makeBaseline(
  entries: readonly BaselineScenario[],
  settings: { tolerances?: Record<string, string>; directions?: Record<string, Direction> } = {},
): BaselineDocument {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const other = seen.get(e.scenario.name);
    if (other !== undefined) {
      throw new BaselineError(
        `${other} and ${e.scenario.file} are both named "${e.scenario.name}"; a baseline finds scenarios by name, so give them different names`,
      );
    }
    seen.set(e.scenario.name, e.scenario.file);
  }
  return {
    schema: "ftsim.baseline/v1",
    ftsim_version: VERSION,
    tolerances: sortedRecord(settings.tolerances ?? {}),
    directions: sortedRecord(settings.directions ?? {}),
    scenarios: [...entries],
  };
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The document as JSON text: 2-space indent, but every array of numbers on
 * one line, so that a baseline in git diffs line by line per metric.
 */
export function formatBaseline(doc: BaselineDocument): string {
  const text = JSON.stringify(doc, null, 2);
  // A pretty-printed array opens with "[\n" (a JSON string cannot hold a raw newline), so strings are never touched.
  const number = String.raw`(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|null)`;
  const array = new RegExp(String.raw`\[\n\s*(${number}(?:,\n\s*${number})*)\n\s*\]`, "g");
  return text.replace(array, (_, items: string) => `[${items.split(/,\n\s*/).join(", ")}]`) + "\n";
}

/** Largest magnitude a baseline number may have: beyond it differences and sums of values overflow to infinity. */
const MAX_MAGNITUDE = 1e300;
const finite = z.number().refine((x) => Number.isFinite(x) && Math.abs(x) <= MAX_MAGNITUDE, `expected a finite number of magnitude at most ${MAX_MAGNITUDE}`);
const summarySchema = z.object({
  mean: finite,
  stddev: finite,
  ci95: z.tuple([finite, finite]),
  min: finite,
  max: finite,
  p50: finite,
  p90: finite,
  p99: finite,
  n: z.number().int().nonnegative(),
  unit: z.string(),
  events: z.number().nonnegative().optional(),
  spread: z.enum(["events", "replications"]).optional(),
});
const settingsSchema = {
  tolerances: z.record(z.string(), z.string()),
  directions: z.record(z.string(), z.enum(DIRECTIONS)),
};
const identitySchema = z.object({ name: z.string(), description: z.string().optional(), file: z.string(), hash: z.string() });
const scenarioSchema = z.object({
  scenario: identitySchema,
  seed: z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().max(1000)]),
  replications: z.number().int().min(2).refine((n) => n <= LIMITS.maxReplications, { error: () => `at most ${LIMITS.maxReplications} replications are allowed (set ${LIMIT_ENV.maxReplications} to raise the limit)` }),
  horizon_s: finite,
  warmup_s: finite,
  metrics: z.record(z.string(), summarySchema),
  values: z.record(z.string(), z.array(finite.nullable())).default({}),
  ratios: z.record(z.string(), z.array(z.tuple([finite, finite]))).optional(),
  tolerances: settingsSchema.tolerances.optional(),
  directions: settingsSchema.directions.optional(),
}).superRefine((s, ctx) => {
  // The counts must agree: a baseline edited by hand (or by an attacker) to hold one value where it says five replications is refused.
  for (const [metric, values] of Object.entries(s.values)) {
    if (values.length !== s.replications) {
      ctx.addIssue({ code: "custom", path: ["values", metric], message: `expected ${s.replications} values (one per replication), got ${values.length}` });
    }
    const summary = s.metrics[metric];
    if (summary === undefined) ctx.addIssue({ code: "custom", path: ["values", metric], message: `values of a metric that "metrics" does not summarise` });
    else {
      const held = values.filter((v) => v !== null).length;
      // A pooled ratio (MTTR, a mean over events) counts every replication, those without an event (null values) too.
      const pooled = summary.events !== undefined || s.ratios?.[metric] !== undefined;
      if (pooled ? summary.n < held : summary.n !== held) {
        ctx.addIssue({ code: "custom", path: ["metrics", metric, "n"], message: `n = ${summary.n}, but "values" holds ${held} values` });
      }
    }
  }
  for (const [metric, summary] of Object.entries(s.metrics)) {
    if (summary.n > s.replications) ctx.addIssue({ code: "custom", path: ["metrics", metric, "n"], message: `n = ${summary.n} is more than the ${s.replications} replications` });
    const slack = 1e-9 * Math.max(Math.abs(summary.min), Math.abs(summary.max)); // rounding of a pooled mean
    // A pooled ratio's mean (Σ up time / Σ outages) can lie outside its per-replication ratios: a replication without an outage adds up time, not a ratio.
    const pooled = summary.events !== undefined || s.ratios?.[metric] !== undefined;
    if (!pooled && summary.n > 0 && !(summary.min - slack <= summary.mean && summary.mean <= summary.max + slack)) {
      ctx.addIssue({ code: "custom", path: ["metrics", metric], message: `the mean ${summary.mean} is outside [min, max] = [${summary.min}, ${summary.max}]` });
    }
  }
});
const documentSchema = z.object({
  schema: z.literal("ftsim.baseline/v1"),
  ftsim_version: z.string(),
  tolerances: settingsSchema.tolerances.default({}),
  directions: settingsSchema.directions.default({}),
  scenarios: z.array(scenarioSchema),
});

/**
 * Reads and checks a baseline file.
 * @throws {BaselineError} naming the file and, for a bad field, its path
 */
export function readBaseline(path: string): BaselineDocument {
  let text: string;
  try {
    text = readDataText(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (e as Error).message;
    throw new BaselineError(`cannot read baseline ${path}: ${why} (make one with: ftsim baseline <files...> --out ${path})`);
  }
  return parseBaseline(text, path);
}

/** As {@link readBaseline}, from text; `path` names it in errors. */
export function parseBaseline(text: string, path: string): BaselineDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema !== "ftsim.baseline/v1") {
    const found = typeof schema === "string" ? `schema "${schema}"` : "no \"schema\" field";
    const hint =
      schema === "ftsim.result/v1"
        ? "it is a run result; make a baseline with: ftsim baseline <files...> --out baseline.json"
        : typeof schema === "string" && schema.startsWith("ftsim.baseline/")
          ? "it was written by another version of ftsim; regenerate it with ftsim baseline"
          : "make one with: ftsim baseline <files...> --out " + path;
    throw new BaselineError(`${path}: not an ftsim baseline: expected schema "ftsim.baseline/v1", found ${found} (${hint})`);
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${path}: ${i.path.map((p) => String(p).slice(0, 100)).join(".") || "(root)"}: ${i.message}`);
    const more = parsed.error.issues.length > 5 ? `\n(${parsed.error.issues.length - 5} more problems)` : "";
    throw new BaselineError(issues.join("\n") + more);
  }
  return parsed.data as BaselineDocument;
}

/** The baseline entry for a scenario name, if any. */
export function findEntry(doc: BaselineDocument, name: string): BaselineScenario | undefined {
  return doc.scenarios.find((s) => s.scenario.name === name);
}
