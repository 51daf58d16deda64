import type { SweepResult } from "../run/result.js";
import type { MetricSummary } from "../stats/index.js";
import { formatNumber as f } from "./numbers.js";
import { csvCell, markdownInline, renderGrid } from "./table.js";
import { displayOf, markdownCode, metricEstimator, precisionLine, runHeadline, timeCsvRows, type Format } from "./text.js";
import { naturalCompare } from "../math/natural-order.js";

/**
 * Renders a sweep result: `json` is the document itself; `table` and
 * `markdown` show the points with their parameters, then one row per
 * (metric, point), durations of one metric in one unit across the points so
 * they can be read down the column; `csv` has one row per (point, metric)
 * with the parameters as columns, every duration in seconds.
 */
export function renderSweep(result: SweepResult, format: Format): string {
  switch (format) {
    case "json":
      return JSON.stringify(result, null, 2) + "\n";
    case "csv":
      return sweepCsv(result);
    case "table":
    case "markdown":
      return sweepText(result, format);
  }
}

const param = (v: number | string | undefined): string => (v === undefined ? "" : typeof v === "number" ? String(v) : v);

function sweepText(result: SweepResult, format: "table" | "markdown"): string {
  const md = format === "markdown";
  const lines: string[] = [];
  const grid = (header: readonly string[], rows: readonly (readonly string[])[]) => lines.push(...renderGrid(header, rows, format).trimEnd().split("\n"));
  const what = `${result.sweep.kind === "grid" ? "grid over" : "variants of"} ${result.sweep.parameters.join(", ") || "nothing (every variant is the scenario as written)"}, ${result.points.length} point${result.points.length === 1 ? "" : "s"}`;
  if (md) lines.push(`## ${markdownInline(result.scenario.name)}: sweep`, "", `${markdownCode(result.scenario.file)}: ${markdownInline(what)}; ${runHeadline(result)} per point`);
  else lines.push(`sweep  ${result.scenario.name} (${result.scenario.file}): ${what}`, `${runHeadline(result)} per point`);
  if (result.outcome === "limit-hit") lines.push(md ? `\n**Stopped:** ${result.limit}` : `STOPPED: ${result.limit}`);
  if (result.precision !== undefined) lines.push(md ? `\n${precisionLine(result.precision)}` : precisionLine(result.precision));
  lines.push("");
  grid(["point", ...result.sweep.parameters], result.points.map((p) => [p.name, ...result.sweep.parameters.map((k) => param(p.params[k]))]));
  lines.push(md ? "\nParameters in SI base units (s, bytes, bytes/s).\n" : "(parameters in SI base units: s, bytes, bytes/s)\n");

  const names = [...new Set(result.points.flatMap((p) => Object.keys(p.metrics)))].sort(naturalCompare);
  const rows = names.flatMap((name) => {
    const present = result.points.filter((p) => p.metrics[name] !== undefined);
    const first = present[0]!.metrics[name]!;
    const largest = present.reduce((m, p) => Math.max(m, Math.abs(p.metrics[name]!.mean)), -Infinity);
    const { unit, factor } = displayOf(first.unit, largest);
    const g = (x: number) => f(x / factor);
    return result.points.map((p) => {
      const m: MetricSummary | undefined = p.metrics[name];
      return m === undefined
        ? [name, p.name, "-", "-", "-", "0", unit]
        : [name, p.name, g(m.mean), `[${g(m.ci95[0])}, ${g(m.ci95[1])}]`, g(m.stddev), String(m.n), unit];
    });
  });
  grid(["metric", "point", "mean", "95% CI", "stddev", "n", "unit"], rows);
  lines.push("");
  lines.push(md ? `Reproduce: ${markdownCode(result.reproduce)}` : `reproduce: ${result.reproduce}`);
  return lines.join("\n") + "\n";
}

function sweepCsv(result: SweepResult): string {
  const parameters = result.sweep.parameters;
  const header = ["point", ...parameters, "metric", "unit", "mean", "stddev", "ci95_lo", "ci95_hi", "min", "max", "p50", "p90", "p99", "n", "censored", "estimator"];
  const rows = result.points.flatMap((p) => {
    const lead = [p.name, ...parameters.map((k) => param(p.params[k]))];
    const metrics = Object.entries(p.metrics).map(([name, m]) =>
      [...lead, name, m.unit, ...[m.mean, m.stddev, m.ci95[0], m.ci95[1], m.min, m.max, m.p50, m.p90, m.p99, m.n].map(String), "", metricEstimator(m)],
    );
    const times = Object.entries(p.time_to_event).flatMap(([name, t]) => timeCsvRows(name, t).map((row) => [...lead, ...row]));
    return [...metrics, ...times];
  });
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}
