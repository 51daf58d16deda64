/**
 * The self-contained HTML report of a result: the scenario, the metrics
 * with their 95% CIs, the times to event, and interactive charts (vega-embed
 * with tooltips). vega, vega-lite and vega-embed are inlined from their UMD
 * builds, so the file works offline and from `file:`; nothing is fetched.
 * The output depends only on the result (no date), so it is reproducible.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import { VERSION } from "../version.js";
import { barsChart } from "./charts/bars.js";
import { distributionChart } from "./charts/distribution.js";
import { ChartInputError, metricNames, type ChartableResult, type LabelledResult } from "./charts/input.js";
import { displayScale, formatScaled, metricLabel } from "./charts/labels.js";
import { parameterUnit, sweepChart, sweptParameters } from "./charts/sweep.js";
import { displayUnitFor, formatDuration, formatNumber } from "./numbers.js";
import type { CensoredSummary, MetricSummary } from "../stats/index.js";
import { naturalCompare } from "../math/natural-order.js";

/** Most charts in one report: beyond that a page stops being read. */
export const MAX_REPORT_CHARTS = 12;

/** Metrics charted first, in this order; then mechanism metrics, then the rest. `events` (run cost) is not charted. */
const CHART_ORDER = ["availability", "downtime_s", "outages", "mttr_s", "mtbf_s"];
const NOT_CHARTED = new Set(["events", "unavailability"]);

/** A chart of the report: its anchor id, a heading, and the spec. */
export interface ReportChart {
  id: string;
  heading: string;
  spec: TopLevelSpec;
}

/**
 * The metrics worth a chart, headline metrics first, then the mechanisms'
 * (`ras.false_takeovers`), then the rest, and per-item metrics of a
 * mechanism (`storage.g3.availability`, one per group) last.
 */
function chartedMetrics(result: ChartableResult): string[] {
  const names = metricNames(result).filter((n) => !NOT_CHARTED.has(n));
  const rank = (n: string) => {
    const i = CHART_ORDER.indexOf(n);
    if (i >= 0) return i;
    const dots = n.split(".").length - 1;
    return CHART_ORDER.length + (dots === 1 ? 0 : dots === 0 ? 1 : 2);
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || naturalCompare(a, b));
}

/**
 * The charts a result calls for: a sweep chart per metric for a grid sweep
 * over a numeric parameter, bars per metric for variants, and otherwise the
 * distribution over replications of each metric with per-replication values.
 * Charts the data cannot make (a metric undefined everywhere) are left out.
 */
export function reportCharts(result: ChartableResult, source = "the result"): { charts: ReportChart[]; notes: string[] } {
  const input: LabelledResult[] = [{ source, result }];
  const points = result.points ?? [];
  const numericParam = sweptParameters(result).some((p) => points.length > 1 && points.every((pt) => typeof pt.params[p] === "number"));
  const build: (metric: string) => { heading: string; spec: TopLevelSpec } =
    points.length > 0
      ? numericParam && result.sweep?.kind !== "variants"
        ? (metric) => ({ heading: `${metricLabel(metric)} across the sweep`, spec: sweepChart(result, { metric }, source) })
        : (metric) => ({ heading: `${metricLabel(metric)} by design`, spec: barsChart(input, { metric }) })
      : (metric) => ({ heading: `${metricLabel(metric)} over replications`, spec: distributionChart(input, { metric, style: "histogram" }) });
  const charts: ReportChart[] = [];
  const notes: string[] = [];
  const hasValues = result.values !== undefined || points.some((p) => p.values !== undefined);
  if (points.length === 0 && !hasValues) {
    notes.push("This result has no per-replication values (`values`), so there are no distribution charts; re-run it with this version of ftsim.");
    return { charts, notes };
  }
  const metrics = chartedMetrics(result);
  for (const metric of metrics) {
    if (charts.length === MAX_REPORT_CHARTS) {
      const rest = metrics.slice(metrics.indexOf(metric));
      notes.push(`Charts are shown for the first ${MAX_REPORT_CHARTS} metrics; not charted: ${rest.join(", ")} (draw one with ftsim chart --metric <name>).`);
      break;
    }
    try {
      const { heading, spec } = build(metric);
      charts.push({ id: `chart-${charts.length + 1}`, heading, spec });
    } catch (e) {
      if (!(e instanceof ChartInputError)) throw e;
      notes.push(`${metric}: no chart (${e.message}).`);
    }
  }
  return { charts, notes };
}

// ---- HTML ----------------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON that can sit inside a `<script>` element: `<` is written `\u003c`
 * (so no `</script>` or `<!--` can end or confuse the element), and the two
 * line separators JavaScript once treated as newlines are escaped too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * A file of an installed package. The packages' `exports` maps hide their
 * `build/` files (`ERR_PACKAGE_PATH_NOT_EXPORTED`), so resolve the entry
 * point and walk up to the directory whose package.json has that name.
 */
function packageFile(pkg: string, relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(pkg)));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === pkg) break;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the package root of ${pkg}`);
    dir = up;
  }
  return readFileSync(join(dir, relative), "utf8");
}

/** The UMD builds the page runs, inlined; `</script` cannot occur in them, but is escaped in case a future build has it. */
function inlineLibraries(): string {
  return [
    packageFile("vega", "build/vega.min.js"),
    packageFile("vega-lite", "build/vega-lite.min.js"),
    packageFile("vega-embed", "build/vega-embed.min.js"),
  ]
    .map((code) => `<script>${code.replace(/<\/script/gi, "<\\/script")}</script>`)
    .join("\n");
}

/** A value with its display unit, like the text table: durations in s … y, chosen from the mean. */
function metricRow(name: string, m: MetricSummary): string {
  const { unit, factor } = m.unit === "s" ? displayUnitFor(m.mean) : { unit: m.unit, factor: 1 };
  const g = (x: number) => formatNumber(x / factor);
  const cells = [g(m.mean), `[${g(m.ci95[0])}, ${g(m.ci95[1])}]`, g(m.stddev), g(m.p50), g(m.p99), String(m.n)];
  return `<tr><th scope="row"><code>${escapeHtml(name)}</code></th>${cells.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join("")}<td>${escapeHtml(unit)}</td></tr>`;
}

function metricsTable(metrics: Record<string, MetricSummary>): string {
  const rows = Object.entries(metrics).map(([name, m]) => metricRow(name, m));
  if (rows.length === 0) return "<p>No metrics.</p>";
  return `<table class="metrics"><thead><tr><th>metric</th><th>mean</th><th>95% CI</th><th>stddev</th><th>p50</th><th>p99</th><th>n</th><th>unit</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function timeToEventTable(times: Record<string, CensoredSummary> | undefined): string {
  const entries = Object.entries(times ?? {});
  if (entries.length === 0) return "";
  const rows = entries.map(([name, t]) => {
    const { unit, factor } = t.unit === "s" ? displayUnitFor(t.mean) : { unit: t.unit, factor: 1 };
    const g = (x: number | null) => (x === null ? "–" : formatNumber(x / factor));
    const what = t.method === "sample-mean" ? "sample mean" : `restricted mean ≤ ${g(t.restricted_to)} ${unit}`;
    const mle = t.exponential_mle;
    const cells = [g(t.mean), `[${g(t.ci95[0])}, ${g(t.ci95[1])}]`, what, g(t.median), `${g(mle.estimate)} [${g(mle.ci95[0])}, ${g(mle.ci95[1])}]`, `${t.events} of ${t.n}`, String(t.censored)];
    return `<tr><th scope="row"><code>${escapeHtml(name)}</code></th>${cells.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join("")}<td>${escapeHtml(unit)}</td></tr>`;
  });
  return (
    `<table class="metrics"><thead><tr><th>time to event</th><th>mean</th><th>95% CI</th><th>estimator</th><th>KM median</th><th>exp. MLE [95% CI]</th><th>observed</th><th>censored</th><th>unit</th></tr></thead><tbody>${rows.join("")}</tbody></table>` +
    `<p class="note">Mean: the sample mean when no replication was censored, else the Kaplan–Meier mean restricted to the horizon (a lower bound of the mean); KM median: Kaplan–Meier, distribution-free; exp. MLE: total exposure / events, right only for a constant failure rate; censored replications reached the horizon without the event.</p>`
  );
}

function scenarioFacts(result: ChartableResult): string {
  const facts: [string, string][] = [
    ["scenario file", result.scenario.file ?? "–"],
    ["scenario hash", result.scenario.hash ?? "–"],
    ["seed", String(result.seed)],
    ["replications", `${result.replications}${result.points ? " per point" : ""}`],
    ["horizon", formatDuration(result.horizon_s)],
    ["warm-up", result.warmup_s > 0 ? formatDuration(result.warmup_s) : "none"],
    ["outcome", result.outcome === "limit-hit" ? `stopped by a limit: ${result.limit ?? ""}` : (result.outcome ?? "ok")],
    ["made by", `ftsim ${result.ftsim_version ?? "?"}`],
  ];
  if (result.sweep) facts.splice(4, 0, ["sweep", `${result.sweep.kind}: ${result.sweep.parameters.join(", ")} (${result.points?.length ?? 0} points)`]);
  const rows = facts.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("");
  const reproduce = result.reproduce ? `<p>Reproduce: <code>${escapeHtml(result.reproduce)}</code></p>` : "";
  return `<table class="facts"><tbody>${rows}</tbody></table>${reproduce}`;
}

function resultTables(result: ChartableResult): string {
  const parts: string[] = [];
  if (Object.keys(result.metrics).length > 0 || !result.points) {
    parts.push(`<h2>Metrics</h2>${metricsTable(result.metrics)}${timeToEventTable(result.time_to_event)}`);
  }
  if (result.points) {
    parts.push(`<h2>Points</h2>`);
    for (const p of result.points) {
      const params = Object.entries(p.params).map(([k, v]) => `${k} = ${typeof v === "number" ? formatScaled(v, displayScale(parameterUnit(result, k) ?? "", v)) : v}`);
      parts.push(
        `<details><summary><strong>${escapeHtml(p.name)}</strong>${params.length > 0 ? ` <span class="note">(${escapeHtml(params.join(", "))})</span>` : ""}</summary>` +
          `${metricsTable(p.metrics)}${timeToEventTable(p.time_to_event)}</details>`,
      );
    }
  }
  return parts.join("\n");
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, system-ui, sans-serif; color: #111; margin: 0; background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; font-size: 0.88em; margin: 8px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e6e6e6; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #999; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts th { font-weight: normal; color: #555; }
code { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 0.95em; }
.note { color: #555; font-size: 0.88em; } .description { color: #333; margin: 0 0 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 28px 36px; } .chart-box { min-width: 0; }
details { margin: 6px 0; } summary { cursor: pointer; }
.error { color: #b00020; }
`;

/** The script that renders the charts and marks the page ready (`body[data-ready='1']`), or failed (`'error'`). */
const RENDER_SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById("ftsim-specs").textContent);
  var options = { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } };
  Promise.all(specs.map(function (c) { return vegaEmbed("#" + c.id, c.spec, options); })).then(
    function () { document.body.setAttribute("data-ready", "1"); },
    function (e) {
      console.error(e);
      var box = document.getElementById("ftsim-chart-error");
      box.textContent = "A chart could not be drawn: " + (e && e.message ? e.message : String(e));
      document.body.setAttribute("data-ready", "error");
    });
})();
`;

/**
 * The HTML report of a result, as one self-contained file.
 *
 * @param result - an `ftsim.result/v1` (a run or a sweep)
 * @param source - where it came from, for notes
 */
export function renderHtmlReport(result: ChartableResult, source = "the result"): string {
  const { charts, notes } = reportCharts(result, source);
  const title = `ftsim report: ${result.scenario.name}`;
  // Each chart carries its own title; the heading labels the box for screen readers.
  const chartBoxes = charts.map((c) => `<section class="chart-box" aria-label="${escapeHtml(c.heading)}"><div id="${c.id}" class="chart"></div></section>`).join("\n");
  const specs = charts.map((c) => ({ id: c.id, spec: c.spec }));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ftsim ${escapeHtml(VERSION)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${inlineLibraries()}
</head>
<body>
<main>
<h1>${escapeHtml(result.scenario.name)}</h1>
${result.scenario.description ? `<p class="description">${escapeHtml(result.scenario.description)}</p>` : ""}
${scenarioFacts(result)}
${resultTables(result)}
<h2>Charts</h2>
<p class="note">Means with 95% confidence intervals. Hover for values; the ⋯ menu saves a chart as SVG or PNG. The same charts, for papers: <code>ftsim chart</code>.</p>
<div class="charts">
${chartBoxes || "<p>No charts.</p>"}
</div>
${notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("\n")}
<p id="ftsim-chart-error" class="error"></p>
</main>
<script type="application/json" id="ftsim-specs">${jsonForScript(specs)}</script>
<script>${RENDER_SCRIPT}</script>
</body>
</html>
`;
}
