/**
 * The result documents charts read, as charts see them: an `ftsim.result/v1`
 * with its optional per-replication `values`, and, for a sweep, its `sweep`
 * and `points`. Checked here, on parsed JSON, so that a wrong file gives a
 * message rather than a crash deep inside a chart.
 */
import { suggest } from "../../math/did-you-mean.js";
import type { CensoredSummary, MetricSummary } from "../../stats/index.js";

/** Bad input to a chart (wrong file, unknown metric, a chart the data cannot make); the CLI reports it with exit code 2. */
export class ChartInputError extends Error {
  override readonly name = "ChartInputError";
}

/** One point of a sweep (a grid combination or a named variant). */
export interface SweepPoint {
  /** Variant name, or for a grid a label such as `mttr=4h, crews=2`. */
  name: string;
  /** Swept parameter path → value (SI base units for durations, sizes and rates). */
  params: Record<string, number | string>;
  metrics: Record<string, MetricSummary>;
  time_to_event?: Record<string, CensoredSummary>;
  /** Per-replication values by metric, index = replication; null where undefined in that replication. */
  values?: Record<string, (number | null)[]>;
}

/** What a result document must hold for the charts and the HTML report. */
export interface ChartableResult {
  schema: "ftsim.result/v1";
  ftsim_version?: string;
  outcome?: string;
  limit?: string;
  scenario: { name: string; file?: string; hash?: string; description?: string };
  seed: number | string;
  replications: number;
  horizon_s: number;
  warmup_s: number;
  metrics: Record<string, MetricSummary>;
  time_to_event?: Record<string, CensoredSummary>;
  /** Per-replication values by metric, index = replication; null where undefined in that replication. */
  values?: Record<string, (number | null)[]>;
  reproduce?: string;
  /** Present on the output of `ftsim sweep`. */
  sweep?: {
    kind: "grid" | "variants";
    parameters: string[];
    /** Optional unit of each parameter ("s", "bytes", "bytes/s"); inferred from the scenario format when absent. */
    units?: Record<string, string>;
  };
  points?: SweepPoint[];
}

/** A result with a label for legends and bar names. */
export interface LabelledResult {
  /** Where it came from, for messages (a path). */
  source: string;
  result: ChartableResult;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

function describeSchema(doc: unknown): string {
  if (!isObject(doc)) return Array.isArray(doc) ? "a JSON array" : `JSON ${JSON.stringify(doc)?.slice(0, 40)}`;
  return "schema" in doc ? `"schema": ${JSON.stringify(doc.schema)}` : "an object without a \"schema\" field";
}

function checkSummaries(where: string, x: unknown): void {
  if (!isObject(x)) throw new ChartInputError(`${where}: expected an object of metric summaries`);
  for (const [name, m] of Object.entries(x)) {
    if (!isObject(m) || typeof m.mean !== "number" || !Array.isArray(m.ci95) || typeof m.unit !== "string") {
      throw new ChartInputError(`${where}.${name}: expected a summary {mean, ci95, unit, ...}`);
    }
  }
}

function checkValues(where: string, x: unknown): void {
  if (x === undefined) return;
  if (!isObject(x)) throw new ChartInputError(`${where}: expected an object of per-replication value lists`);
  for (const [name, list] of Object.entries(x)) {
    if (!Array.isArray(list) || !list.every((v) => v === null || typeof v === "number")) {
      throw new ChartInputError(`${where}.${name}: expected a list of numbers or nulls`);
    }
  }
}

/**
 * Checks that `doc` (parsed JSON from `source`) is an `ftsim.result/v1`
 * document and returns it typed. Throws ChartInputError saying what was
 * expected and what was found.
 */
export function asResult(doc: unknown, source: string): ChartableResult {
  if (!isObject(doc) || doc.schema !== "ftsim.result/v1") {
    const trace = isObject(doc) && doc.schema === "ftsim.trace/v1" ? " (a trace: only --kind timeline draws traces)" : "";
    throw new ChartInputError(
      `${source}: not an ftsim result: expected "schema": "ftsim.result/v1" (the output of ftsim run or ftsim sweep with --format json), found ${describeSchema(doc)}${trace}`,
    );
  }
  const scenario = doc.scenario;
  if (!isObject(scenario) || typeof scenario.name !== "string") throw new ChartInputError(`${source}: "scenario" must be an object with a "name"`);
  for (const key of ["replications", "horizon_s", "warmup_s"]) {
    if (typeof doc[key] !== "number") throw new ChartInputError(`${source}: "${key}" must be a number, found ${JSON.stringify(doc[key])}`);
  }
  checkSummaries(`${source}: metrics`, doc.metrics);
  checkValues(`${source}: values`, doc.values);
  if (doc.points !== undefined) {
    if (!Array.isArray(doc.points)) throw new ChartInputError(`${source}: "points" must be a list`);
    doc.points.forEach((p: unknown, i) => {
      if (!isObject(p) || typeof p.name !== "string" || !isObject(p.params)) {
        throw new ChartInputError(`${source}: points[${i}] must have a "name" and "params"`);
      }
      checkSummaries(`${source}: points[${i}].metrics`, p.metrics);
      checkValues(`${source}: points[${i}].values`, p.values);
    });
  }
  return doc as unknown as ChartableResult;
}

/** Short labels for results in a legend or on bars: their scenario names, or their file names when names repeat. */
export function resultLabels(inputs: readonly LabelledResult[]): string[] {
  const names = inputs.map((i) => i.result.scenario.name);
  const unique = new Set(names).size === names.length;
  return inputs.map((i, k) => (unique ? names[k]! : i.source.replace(/^.*[\\/]/, "").replace(/\.json$/i, "")));
}

/** Every metric name a result holds (top level and points), in first-seen order. */
export function metricNames(result: ChartableResult): string[] {
  const names = new Set(Object.keys(result.metrics));
  for (const p of result.points ?? []) for (const n of Object.keys(p.metrics)) names.add(n);
  return [...names];
}

/** Throws a did-you-mean error when `metric` is in none of the results. */
export function requireMetric(metric: string, results: readonly LabelledResult[]): void {
  const known = [...new Set(results.flatMap((r) => metricNames(r.result)))];
  if (known.includes(metric)) return;
  const timeToEvent = results.some((r) => ownValue(r.result.time_to_event, metric) !== undefined);
  if (timeToEvent) {
    throw new ChartInputError(`"${metric}" is a time to event (right-censored, no per-replication mean): charts of times to event are not supported; see the table of ftsim run`);
  }
  const guess = suggest(metric, known);
  const where = results.length === 1 ? results[0]!.source : `${results.length} inputs`;
  throw new ChartInputError(
    `unknown metric "${metric}" in ${where}${guess === undefined ? "" : `; did you mean "${guess}"?`} (metrics: ${known.join(", ") || "none"})`,
  );
}

/**
 * `record[key]` if `record` has it as its own key: a metric or point named
 * `constructor`, `toString` or `__proto__` is not found on Object.prototype.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** "1 replication", "3 replications". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
