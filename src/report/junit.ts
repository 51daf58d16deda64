/**
 * A regression check as JUnit XML, the report format CI systems read
 * (GitHub Actions test reporters, GitLab `artifacts:reports:junit`, Jenkins):
 * one `<testsuite>` per scenario, one `<testcase>` per metric, a
 * `<failure>` for each regression. New and missing metrics are `<skipped>`.
 * No timestamps or durations: the same check gives the same bytes.
 */
import { displayUnitFor, formatNumber } from "./numbers.js";
import type { CheckReport, CheckRow, ScenarioCheck } from "./regression.js";

/**
 * Text safe in XML 1.0 content and attribute values: the five special
 * characters escaped, and characters XML 1.0 cannot carry at all (control
 * characters other than tab, newline and carriage return; lone surrogates;
 * U+FFFE and U+FFFF) replaced by U+FFFD. Carriage returns are written as
 * character references (a parser would drop them), and in an attribute value
 * tabs and newlines too (a parser would turn them into spaces).
 */
export function xmlEscape(text: string, attribute = false): string {
  const escaped = text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;"); // a parser would turn a raw CR (or CR LF) into LF
  return attribute ? escaped.replace(/\t/g, "&#9;").replace(/\n/g, "&#10;") : escaped;
}

/** `name="value"` pairs, escaped. */
function attributes(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v), true)}"`)
    .join("");
}

/** A one-line account of a row, e.g. `mttr_s: 4.87 h -> 5.85 h (+0.97 h, +20%); tolerance +5%; paired-t p <0.0001; regressed`. */
export function describeRow(row: CheckRow): string {
  const reference = row.baseline ?? row.now ?? 0;
  const { unit, factor } = row.unit === "s" ? displayUnitFor(reference) : { unit: row.unit, factor: 1 };
  const g = (x: number | null) => formatNumber(x === null ? null : x / factor);
  const plus = (x: number | null) => (x !== null && x > 0 ? "+" : "");
  const relative = row.relative_change === null ? "" : `, ${plus(row.relative_change)}${formatNumber(Number((row.relative_change * 100).toPrecision(3)))}%`;
  const tolerance = row.direction === "none" ? "informational" : `tolerance ${row.tolerance ?? "0"} (${row.direction})`;
  const p = row.p_value === null ? "-" : row.p_value < 1e-4 ? "<0.0001" : String(Number(row.p_value.toPrecision(2)));
  const test = row.test === "none" ? "no test" : row.test === "identical" ? "identical values" : `${row.test} p ${p}`;
  return (
    `${row.metric}: ${g(row.baseline)} -> ${g(row.now)} ${unit} (change ${plus(row.change)}${g(row.change)}${relative}); ` +
    `${tolerance}; ${test}; ${row.verdict}`
  );
}

function testcase(s: ScenarioCheck, row: CheckRow): string {
  const open = `    <testcase${attributes({ classname: `ftsim.${s.name}`, name: row.metric, file: s.file })}>`;
  const text = describeRow(row);
  const body =
    row.verdict === "regressed"
      ? `      <failure${attributes({ type: "regressed", message: text })}>${xmlEscape(failureDetail(s, row))}</failure>`
      : row.verdict === "new" || row.verdict === "missing"
        ? `      <skipped${attributes({ message: `${row.verdict}: ${row.verdict === "new" ? "not in the baseline" : "not in this run"}` })}/>`
        : `      <system-out>${xmlEscape(text)}</system-out>`;
  return `${open}\n${body}\n    </testcase>`;
}

function failureDetail(s: ScenarioCheck, row: CheckRow): string {
  const lines = [describeRow(row), `scenario ${s.name} (${s.file}), seed ${s.seed}, ${s.replications} replications`];
  if (row.difference_ci95 !== null) {
    // In the unit of the account above (h for a duration shown in h), not always the base unit.
    const reference = row.baseline ?? row.now ?? 0;
    const { unit, factor } = row.unit === "s" ? displayUnitFor(reference) : { unit: row.unit, factor: 1 };
    lines.push(`95% interval of the mean difference (${row.test}): [${row.difference_ci95.map((x) => formatNumber(x / factor)).join(", ")}] ${unit}`);
  }
  if (s.scenario_changed) lines.push(`the scenario file differs from the one the baseline was made from (${s.baseline_file})`);
  return lines.join("\n");
}

/**
 * A check that could not finish (a run stopped by the event limit) as a
 * JUnit document with one errored test case, so that a CI job that
 * publishes the file always has one, and shows why.
 */
export function renderJunitError(baseline: string, message: string): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attributes({ name: `ftsim check against ${baseline}`, tests: 1, failures: 0, errors: 1 })}>`,
    `  <testsuite${attributes({ name: "ftsim check", tests: 1, failures: 0, errors: 1, skipped: 0 })}>`,
    `    <testcase${attributes({ classname: "ftsim", name: "check" })}>`,
    `      <error${attributes({ type: "incomplete-run", message })}/>`,
    "    </testcase>",
    "  </testsuite>",
    "</testsuites>",
  ].join("\n") + "\n";
}

/** The report as a JUnit XML document (ends with a newline). */
export function renderJunit(report: CheckReport): string {
  const tests = report.scenarios.reduce((n, s) => n + s.rows.length, 0);
  const skipped = (s: ScenarioCheck) => s.rows.filter((r) => r.verdict === "new" || r.verdict === "missing").length;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attributes({ name: `ftsim check against ${report.baseline}`, tests, failures: report.counts.regressed, errors: 0 })}>`,
  ];
  for (const s of report.scenarios) {
    const props = [
      ["scenario_file", s.file],
      ["baseline_scenario_file", s.baseline_file],
      ["scenario_changed", String(s.scenario_changed)],
      ["seed", String(s.seed)],
      ["replications", String(s.replications)],
    ];
    out.push(
      `  <testsuite${attributes({ name: s.name, tests: s.rows.length, failures: s.regressions, errors: 0, skipped: skipped(s) })}>`,
      "    <properties>",
      ...props.map(([name, value]) => `      <property${attributes({ name: name!, value: value! })}/>`),
      "    </properties>",
      ...s.rows.map((row) => testcase(s, row)),
      "  </testsuite>",
    );
  }
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}
