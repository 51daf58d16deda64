/**
 * Renders a regression check (`ftsim check`) for people (a table), for a
 * pull-request comment (Markdown) and for programs (JSON, CSV).
 */
import { displayUnitFor, formatNumber } from "./numbers.js";
import { VERDICTS, type CheckReport, type CheckRow, type ScenarioCheck, type Verdict } from "./regression.js";
import { csvCell } from "./table.js";
import { alignColumns } from "./text.js";

/** Output formats of `ftsim check`. */
import type { CheckFormat } from "./choices.js";
export { CHECK_FORMATS, type CheckFormat } from "./choices.js";

/** Renders a check report (text ends with a newline). */
export function renderCheck(report: CheckReport, format: CheckFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
    case "markdown":
      return renderMarkdown(report);
    case "table":
      return renderTable(report);
    case "csv":
      return renderCsv(report);
  }
}

const CSV_HEADER = [
  "scenario", "metric", "unit", "direction", "baseline", "now", "change", "relative_change",
  "tolerance", "allowed_change", "test", "test_n", "diff_ci95_lo", "diff_ci95_hi", "p_value", "verdict",
];

/** One row per scenario and metric, in SI units (seconds), empty cells for absent values. */
function renderCsv(report: CheckReport): string {
  const cell = (x: number | string | null) => (x === null ? "" : csvCell(String(x)));
  const rows = report.scenarios.flatMap((sc) =>
    sc.rows.map((r) =>
      [sc.name, r.metric, r.unit, r.direction, r.baseline, r.now, r.change, r.relative_change, r.tolerance, r.allowed_change, r.test, r.test_n,
        r.difference_ci95?.[0] ?? null, r.difference_ci95?.[1] ?? null, r.p_value, r.verdict].map(cell).join(","),
    ),
  );
  return [CSV_HEADER.join(","), ...rows].join("\n") + "\n";
}

/** The cells of a row in display units: durations in the unit that reads best for the baseline. */
interface DisplayRow {
  better: string;
  baseline: string;
  now: string;
  change: string;
  relative: string;
  tolerance: string;
  test: string;
  p: string;
  unit: string;
}

function signed(x: number, text: string): string {
  return x > 0 ? `+${text}` : text;
}

function display(row: CheckRow): DisplayRow {
  const reference = row.baseline ?? row.now ?? 0;
  const { unit, factor } = row.unit === "s" ? displayUnitFor(reference) : { unit: row.unit, factor: 1 };
  const g = (x: number | null) => formatNumber(x === null ? null : x / factor);
  return {
    better: row.direction === "higher-is-better" ? "higher" : row.direction === "lower-is-better" ? "lower" : "info",
    baseline: g(row.baseline),
    now: g(row.now),
    change: row.change === null ? "-" : signed(row.change, g(row.change)),
    relative: row.relative_change === null ? "-" : signed(row.relative_change, `${formatNumber(Number((row.relative_change * 100).toPrecision(3)))}%`),
    tolerance: row.direction === "none" ? "-" : (row.tolerance ?? "0"),
    test: row.test === "none" ? "-" : row.test,
    p: row.test === "identical" ? "-" : formatP(row.p_value),
    unit,
  };
}

function formatP(p: number | null): string {
  if (p === null) return "-";
  if (p < 1e-4) return "<0.0001";
  return String(Number(p.toPrecision(2)));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** One line: pass or fail, and how many regressions. */
export function headline(report: CheckReport): string {
  const scenarios = plural(report.scenarios.length, "scenario");
  if (report.outcome === "fail") {
    const failing = report.scenarios.filter((s) => s.regressions > 0).length;
    return `FAIL: ${plural(report.counts.regressed, "metric")} regressed in ${failing} of ${scenarios}`;
  }
  // A metric that vanished (a renamed mechanism) is no longer gated: say so where it is read.
  const missing = report.counts.missing > 0 ? `; ${plural(report.counts.missing, "baseline metric")} missing from this run, not gated` : "";
  return `PASS: no regression in ${scenarios}${missing}`;
}

/** Counts of the verdicts that occurred, in verdict order, e.g. "1 regressed, 14 ok". */
function countsLine(report: CheckReport): string {
  return VERDICTS.filter((v) => report.counts[v] > 0)
    .map((v) => `${report.counts[v]} ${v}`)
    .join(", ");
}

/** Why a scenario's comparison deserves a second look, if it does. */
function scenarioChanged(s: ScenarioCheck): string | undefined {
  return s.scenario_changed
    ? `${s.file} differs from the file the baseline was made from (${s.baseline_file}); compared all the same`
    : undefined;
}

function renderTable(report: CheckReport): string {
  const lines = [`ftsim check against ${report.baseline}: ${headline(report)}`];
  for (const s of report.scenarios) {
    lines.push("", `scenario  ${s.name} (${s.file})`, `seed ${s.seed}, ${s.replications} replications`);
    const changed = scenarioChanged(s);
    if (changed !== undefined) lines.push(`SCENARIO CHANGED: ${changed}`);
    const header = ["metric", "better", "baseline", "now", "change", "change %", "tolerance", "test", "p", "verdict", "unit"];
    const rows = s.rows.map((row) => {
      const d = display(row);
      return [row.metric, d.better, d.baseline, d.now, d.change, d.relative, d.tolerance, d.test, d.p, row.verdict, d.unit];
    });
    lines.push(...alignColumns([header, ...rows]));
  }
  for (const n of report.new_scenarios) lines.push("", `scenario  ${n.name} (${n.file}): not in the baseline (new; not compared)`);
  if (report.not_checked.length > 0) lines.push("", `in the baseline but not checked: ${report.not_checked.join(", ")}`);
  lines.push("", countsLine(report) || "no metrics compared");
  const regressions = report.scenarios.flatMap((s) => s.rows.filter((r) => r.verdict === "regressed").map((r) => [s, r] as const));
  if (regressions.length > 0) {
    lines.push(`${headline(report)}:`);
    for (const [s, row] of regressions) {
      const d = display(row);
      lines.push(
        `  ${s.name}: ${row.metric} ${d.baseline} -> ${d.now} ${d.unit} (${d.change} ${d.unit}, ${d.relative}; tolerance ${d.tolerance}; ${d.test} p ${d.p})`,
      );
    }
  } else {
    lines.push(headline(report));
  }
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------- Markdown

const ICON: Record<Verdict, string> = {
  regressed: "❌",
  "changed-within-tolerance": "⚠️",
  improved: "✅",
  changed: "ℹ️",
  "not-significant": "",
  new: "🆕",
  missing: "❔",
  ok: "",
};

/** Text safe in a Markdown table cell: no pipes or line breaks, no HTML. */
export function markdownCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/([*_`[\]])/g, "\\$1");
}

function code(text: string): string {
  return text.includes("`") || /[\r\n|<>&]/.test(text) ? markdownCell(text) : "`" + text + "`";
}

function renderMarkdown(report: CheckReport): string {
  const failed = report.outcome === "fail";
  const lines = [
    "<!-- ftsim-check -->",
    `### ${failed ? "❌" : "✅"} ftsim check: ${markdownCell(headline(report))}`,
    "",
    `Baseline ${code(report.baseline)}, ftsim ${markdownCell(report.ftsim_version)}: ${countsLine(report) || "no metrics compared"}.`,
  ];
  const notes = report.scenarios.flatMap((s) => {
    const changed = scenarioChanged(s);
    return changed === undefined ? [] : [`> ⚠️ **${markdownCell(s.name)}**: scenario changed: ${markdownCell(changed)}`];
  });
  notes.push(...report.new_scenarios.map((n) => `> 🆕 **${markdownCell(n.name)}** (${code(n.file)}) is not in the baseline: not compared.`));
  if (report.not_checked.length > 0) notes.push(`> In the baseline but not checked: ${report.not_checked.map(markdownCell).join(", ")}.`);
  if (notes.length > 0) lines.push("", ...notes);
  const rows = report.scenarios
    .flatMap((s, si) => s.rows.map((row, ri) => ({ s, row, si, ri })))
    .sort((a, b) => VERDICTS.indexOf(a.row.verdict) - VERDICTS.indexOf(b.row.verdict) || a.si - b.si || a.ri - b.ri);
  lines.push(
    "",
    "| | scenario | metric | baseline | now | change | tolerance | test | p | verdict |",
    "|---|---|---|---:|---:|---:|---|---|---:|---|",
  );
  for (const { s, row } of rows) {
    const d = display(row);
    const unit = d.unit === "fraction" || d.unit === "count" ? "" : ` ${d.unit}`;
    const change = row.change === null ? "-" : `${d.change}${unit} (${d.relative})`;
    const cells = [ICON[row.verdict], s.name, `${d.baseline}${row.baseline === null ? "" : unit}`, `${d.now}${row.now === null ? "" : unit}`, change, d.tolerance, d.test, d.p];
    const [icon, scenario, ...numbers] = cells.map(markdownCell);
    const verdict = row.verdict === "regressed" ? "**regressed**" : markdownCell(row.verdict);
    lines.push(`| ${[icon, scenario, code(row.metric), ...numbers, verdict].join(" | ")} |`);
  }
  lines.push(
    "",
    "<sub>regressed: moved the bad way by more than its tolerance, and the 95% interval of the difference excludes 0 " +
      "(paired-t: per replication, same seeds; paired-ratio: difference of pooled ratios, paired delta method; " +
      "welch-t: from the summaries). Tolerance 0 unless set. " +
      "See ftsim's docs/ci.md.</sub>",
  );
  return lines.join("\n") + "\n";
}
