import type { CompareDocument, CompareSide } from "../run/compare.js";
import { formatNumber as f } from "./numbers.js";
import { csvCell, markdownInline, renderGrid } from "./table.js";
import { displayOf, markdownCode, precisionLine, type Format } from "./text.js";

/**
 * Renders an `ftsim.compare/v1` document: `json` is the document itself;
 * `table` and `markdown` show per metric A, B, the paired difference B − A
 * with its 95% interval, p-value and significance, and the unpaired (Welch)
 * interval for reference, durations of one metric in one unit; `csv` has
 * every figure at full precision, durations in seconds.
 */
export function renderComparison(doc: CompareDocument, format: Format): string {
  switch (format) {
    case "json":
      return JSON.stringify(doc, null, 2) + "\n";
    case "csv":
      return compareCsv(doc);
    case "table":
    case "markdown":
      return compareText(doc, format);
  }
}

const sideLine = (s: CompareSide) => `${s.label} (${s.scenario.file})`;

function compareText(doc: CompareDocument, format: "table" | "markdown"): string {
  const md = format === "markdown";
  const lines: string[] = [];
  const grid = (header: readonly string[], rows: readonly (readonly string[])[]) => lines.push(...renderGrid(header, rows, format).trimEnd().split("\n"));
  const headline = `seed ${doc.seed}, ${doc.replications} paired replications`;
  if (md) lines.push(`## ${markdownInline(doc.a.label)} vs ${markdownInline(doc.b.label)}`, "", `A = ${markdownInline(sideLine(doc.a))}, B = ${markdownInline(sideLine(doc.b))}; ${headline}`);
  else lines.push(`compare  A = ${sideLine(doc.a)}`, `         B = ${sideLine(doc.b)}`, headline);
  if (doc.outcome === "limit-hit") lines.push(md ? `\n**Stopped:** ${doc.limit}` : `STOPPED: ${doc.limit}`);
  if (doc.precision !== undefined) lines.push(md ? `\n${precisionLine(doc.precision)}` : precisionLine(doc.precision));
  lines.push("");
  const rows = Object.entries(doc.metrics).map(([name, m]) => {
    const { unit, factor } = displayOf(m.unit, Math.max(Math.abs(m.a), Math.abs(m.b)));
    const g = (x: number | null) => (x === null ? "-" : f(x / factor));
    const ci = (c: [number, number] | null) => (c === null ? "-" : `[${g(c[0])}, ${g(c[1])}]`);
    const relative = m.difference !== null && m.a !== 0 ? ` (${signed(String(Number(((100 * m.difference) / Math.abs(m.a)).toPrecision(3))))}%)` : "";
    return [
      name,
      g(m.a),
      g(m.b),
      m.difference === null ? "-" : `${signed(g(m.difference))}${relative}`,
      ci(m.ci95),
      m.p_value === null ? "-" : f(m.p_value),
      m.significant ? "yes" : "no",
      ci(m.unpaired.ci95),
      String(m.n),
      unit,
    ];
  });
  grid(["metric", "A", "B", "B − A", "95% CI (paired)", "p", "significant", "95% CI (unpaired)", "n", "unit"], rows);
  lines.push("");
  lines.push(
    "(B − A: mean of the per-replication differences, % of A's mean; for ratio metrics (mttr_s, mtbf_s, means over events) " +
      "the difference of the pooled ratios with a paired delta-method CI; significant: the paired 95% CI excludes 0; " +
      "unpaired: Welch's interval, for reference)",
  );
  if (doc.only_in_a.length > 0) lines.push(`only in A: ${doc.only_in_a.join(", ")}`);
  if (doc.only_in_b.length > 0) lines.push(`only in B: ${doc.only_in_b.join(", ")}`);
  lines.push("");
  lines.push(md ? `Reproduce: ${markdownCode(doc.reproduce)}` : `reproduce: ${doc.reproduce}`);
  return lines.join("\n") + "\n";
}

/** A difference with its sign: `+0.05`, `-3.4`, `0`. */
function signed(text: string): string {
  return text.startsWith("-") || text === "0" ? text : `+${text}`;
}

function compareCsv(doc: CompareDocument): string {
  const header = [
    "metric", "unit", "method", "a", "b", "difference", "stddev", "ci95_lo", "ci95_hi", "n", "significant", "p_value",
    "unpaired_difference", "unpaired_ci95_lo", "unpaired_ci95_hi", "unpaired_df",
  ];
  const cell = (x: number | null | undefined) => (x === null || x === undefined ? "" : String(x));
  const rows = Object.entries(doc.metrics).map(([name, m]) => [
    name, m.unit, m.method, cell(m.a), cell(m.b), cell(m.difference), cell(m.stddev), cell(m.ci95?.[0]), cell(m.ci95?.[1]), String(m.n),
    String(m.significant), cell(m.p_value), cell(m.unpaired.difference), cell(m.unpaired.ci95?.[0]), cell(m.unpaired.ci95?.[1]), cell(m.unpaired.df),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}
