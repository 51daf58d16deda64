import type { RunResult } from "../run/result.js";
import { formatNumber as f } from "./numbers.js";

/** Output formats for printed results. */
export const FORMATS = ["table", "json", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** Renders a result in the given format (text ends with a newline). */
export function renderResult(result: RunResult, format: Format): string {
  switch (format) {
    case "json":
      return JSON.stringify(result, null, 2) + "\n";
    case "csv":
      return renderCsv(result);
    case "table":
      return renderTable(result);
  }
}

const CSV_HEADER = ["metric", "unit", "mean", "stddev", "ci95_lo", "ci95_hi", "min", "max", "p50", "p90", "p99", "n"];

function renderCsv(result: RunResult): string {
  const rows = Object.entries(result.metrics).map(([name, m]) =>
    [name, m.unit, m.mean, m.stddev, m.ci95[0], m.ci95[1], m.min, m.max, m.p50, m.p90, m.p99, m.n].map(String).join(","),
  );
  return [CSV_HEADER.join(","), ...rows].join("\n") + "\n";
}

function renderTable(result: RunResult): string {
  const lines: string[] = [];
  lines.push(`scenario  ${result.scenario.name} (${result.scenario.file})`);
  lines.push(
    `seed ${result.seed}, ${result.replications} replications, horizon ${f(result.horizon_s)} s` +
      (result.warmup_s > 0 ? `, warm-up ${f(result.warmup_s)} s` : ""),
  );
  if (result.outcome === "limit-hit") lines.push(`STOPPED: ${result.limit}`);
  lines.push("");
  const header = ["metric", "mean", "95% CI", "stddev", "p50", "p99", "n", "unit"];
  const rows = Object.entries(result.metrics).map(([name, m]) => [
    name,
    f(m.mean),
    `[${f(m.ci95[0])}, ${f(m.ci95[1])}]`,
    f(m.stddev),
    f(m.p50),
    f(m.p99),
    String(m.n),
    m.unit,
  ]);
  lines.push(...alignColumns([header, ...rows]));
  const times = Object.entries(result.time_to_event);
  if (times.length > 0) {
    lines.push("");
    const timeRows = times.map(([name, t]) => [
      name,
      f(t.estimate),
      `[${f(t.ci95[0])}, ${f(t.ci95[1])}]`,
      `${t.events} of ${t.n}`,
      String(t.censored),
      t.unit,
    ]);
    lines.push(...alignColumns([["time to event", "estimate", "95% CI", "observed", "censored", "unit"], ...timeRows]));
    lines.push("(estimate: exponential MLE, total exposure / events; censored runs reached the horizon without the event)");
  }
  lines.push("");
  lines.push(`reproduce: ${result.reproduce}`);
  return lines.join("\n") + "\n";
}

/** Pads columns to a common width; numbers right-aligned, text left-aligned. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row, r) =>
    row
      .map((cell, i) => {
        const numeric = r > 0 && i > 0 && /^[-\d[]/.test(cell);
        return numeric ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join("  ")
      .trimEnd(),
  );
}
