import type { PrecisionRecord, RunResult } from "../run/result.js";
import type { CensoredSummary, MetricSummary } from "../stats/index.js";
import { displayUnitFor, formatDuration, formatNumber as f } from "./numbers.js";
import { csvCell, markdownInline, renderGrid } from "./table.js";

/** Output formats for printed results. */
import type { Format } from "./choices.js";
export { FORMATS, type Format } from "./choices.js";

/** Renders a result in the given format (text ends with a newline). */
export function renderResult(result: RunResult, format: Format): string {
  switch (format) {
    case "json":
      return JSON.stringify(result, null, 2) + "\n";
    case "csv":
      return renderCsv(result);
    case "table":
    case "markdown":
      return renderText(result, format);
  }
}

const CSV_HEADER = ["metric", "unit", "mean", "stddev", "ci95_lo", "ci95_hi", "min", "max", "p50", "p90", "p99", "n", "censored", "estimator"];

/** What a summary's `mean` is, for the CSV's `estimator` column: `mean` of replications, or a `pooled-ratio` (Σ/Σ). */
export function metricEstimator(m: MetricSummary): string {
  return m.spread === undefined ? "mean" : "pooled-ratio";
}

/**
 * What a time to event's `mean` is: `sample-mean`, or
 * `kaplan-meier-restricted-mean(tau=<τ in its unit>)`, the restricted mean up to τ.
 */
export function timeEstimator(t: CensoredSummary): string {
  return t.method === "sample-mean" ? "sample-mean" : `kaplan-meier-restricted-mean(tau=${t.restricted_to})`;
}

/**
 * The CSV rows of one time to event (after `lead` cells): its mean (sample
 * or Kaplan–Meier restricted, named in `estimator`) with the Kaplan–Meier
 * median in `p50`, then the exponential MLE on a row of its own
 * (`estimator` = `exponential-mle`); a bound that does not exist, such as
 * the MLE's upper one with no event, is an empty cell.
 */
export function timeCsvRows(name: string, t: CensoredSummary): string[][] {
  const cell = (x: number | null) => (x === null ? "" : String(x));
  const mle = t.exponential_mle;
  return [
    [name, t.unit, String(t.mean), "", String(t.ci95[0]), String(t.ci95[1]), "", "", cell(t.median), "", "", String(t.n), String(t.censored), timeEstimator(t)],
    [name, t.unit, cell(mle.estimate), "", cell(mle.ci95[0]), cell(mle.ci95[1]), "", "", "", "", "", String(t.n), String(t.censored), "exponential-mle"],
  ];
}

/** One row per metric, then two per time to event ({@link timeCsvRows}); `estimator` says what each `mean` is. */
function renderCsv(result: RunResult): string {
  const rows = Object.entries(result.metrics).map(([name, m]) =>
    [...[name, m.unit, m.mean, m.stddev, m.ci95[0], m.ci95[1], m.min, m.max, m.p50, m.p90, m.p99, m.n, ""].map(String), metricEstimator(m)].map(csvCell).join(","),
  );
  const times = Object.entries(result.time_to_event).flatMap(([name, t]) => timeCsvRows(name, t).map((r) => r.map(csvCell).join(",")));
  return [CSV_HEADER.join(","), ...rows, ...times].join("\n") + "\n";
}

/** The header line of a run: scenario, seed, replications, horizon, warm-up. */
export function runHeadline(result: Pick<RunResult, "seed" | "replications" | "horizon_s" | "warmup_s">): string {
  return (
    `seed ${result.seed}, ${result.replications} replications, horizon ${formatDuration(result.horizon_s)}` +
    (result.warmup_s > 0 ? `, warm-up ${formatDuration(result.warmup_s)}` : "")
  );
}

/** How a `--precision` run ended, in one line. */
export function precisionLine(p: PrecisionRecord): string {
  const target = `${Number((100 * p.target).toPrecision(3))}%`;
  return `precision ${target} on ${p.metrics.join(", ")}: ${p.achieved ? "met" : "NOT met"}; ${p.reason}`;
}

/** The scale (and its name) a duration metric is shown in, from its mean; other units as they are. */
export function displayOf(unit: string, mean: number): { unit: string; factor: number } {
  return unit === "s" ? displayUnitFor(mean) : { unit, factor: 1 };
}

/** Table rows of metric summaries: metric, mean, 95% CI, stddev, p50, p99, n, unit. */
export function metricRows(metrics: Record<string, MetricSummary>): string[][] {
  // Durations are shown in a unit that reads well (JSON and CSV keep seconds).
  return Object.entries(metrics).map(([name, m]) => {
    const { unit, factor } = displayOf(m.unit, m.mean);
    const g = (x: number) => f(x / factor);
    return [name, g(m.mean), `[${g(m.ci95[0])}, ${g(m.ci95[1])}]`, g(m.stddev), g(m.p50), g(m.p99), String(m.n), unit];
  });
}
export const METRIC_HEADER = ["metric", "mean", "95% CI", "stddev", "p50", "p99", "n", "unit"];

/** Table rows of times to events. */
export function timeRows(times: Record<string, CensoredSummary>): string[][] {
  return Object.entries(times).map(([name, t]) => {
    const { unit, factor } = t.unit === "s" ? displayUnitFor(t.mean) : { unit: t.unit, factor: 1 };
    const g = (x: number | null) => (x === null ? "-" : f(x / factor));
    const what = t.method === "sample-mean" ? "sample mean" : `restricted mean ≤ ${g(t.restricted_to)} ${unit}`;
    const mle = t.exponential_mle;
    return [name, g(t.mean), `[${g(t.ci95[0])}, ${g(t.ci95[1])}]`, what, g(t.median), `${g(mle.estimate)} [${g(mle.ci95[0])}, ${g(mle.ci95[1])}]`, `${t.events} of ${t.n}`, String(t.censored), unit];
  });
}
export const TIME_HEADER = ["time to event", "mean", "95% CI", "estimator", "KM median", "exp. MLE [95% CI]", "observed", "censored", "unit"];
export const TIME_NOTE =
  "(mean: the sample mean when no run was censored, else the Kaplan–Meier mean restricted to the horizon, a lower bound; " +
  "KM median: Kaplan–Meier, distribution-free; exp. MLE: total exposure / events, right only for a constant failure rate; " +
  "censored runs reached the horizon without the event)";

/** The aligned-text table, or the same content as Markdown (a heading, GFM tables, code spans). */
function renderText(result: RunResult, format: "table" | "markdown"): string {
  const md = format === "markdown";
  const lines: string[] = [];
  const grid = (header: readonly string[], rows: readonly (readonly string[])[]) => lines.push(...renderGrid(header, rows, format).trimEnd().split("\n"));
  if (md) {
    lines.push(`## ${markdownInline(result.scenario.name)}`, "", `${markdownCode(result.scenario.file)}: ${runHeadline(result)}`);
  } else {
    lines.push(`scenario  ${result.scenario.name} (${result.scenario.file})`, runHeadline(result));
  }
  if (result.outcome === "limit-hit") lines.push(md ? `\n**Stopped:** ${markdownInline(result.limit ?? "")}` : `STOPPED: ${result.limit}`);
  if (result.precision !== undefined) lines.push(md ? `\n${precisionLine(result.precision)}` : precisionLine(result.precision));
  lines.push("");
  grid(METRIC_HEADER, metricRows(result.metrics));
  const times = timeRows(result.time_to_event);
  if (times.length > 0) {
    lines.push("");
    grid(TIME_HEADER, times);
    if (md) lines.push("");
    lines.push(TIME_NOTE);
  }
  lines.push("");
  lines.push(md ? `Reproduce: ${markdownCode(result.reproduce)}` : `reproduce: ${result.reproduce}`);
  return lines.join("\n") + "\n";
}

/** A code span that its text cannot end early: fenced by more backticks than it holds in a row, on one line. */
export function markdownCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const run = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(run + 1);
  return run === 0 ? `${fence}${flat}${fence}` : `${fence} ${flat} ${fence}`;
}

const NUMERIC_CELL = /^(?:[-+]?(?:\d[\d.]*(?:e[-+]?\d+)?|Infinity|NaN)|-|\[.*\])$/;

/** Pads columns to a common width; numbers (and [lo, hi] intervals) right-aligned, text left-aligned. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row, r) =>
    row
      .map((cell, i) => {
        const numeric = r > 0 && i > 0 && NUMERIC_CELL.test(cell);
        return numeric ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join("  ")
      .trimEnd(),
  );
}
