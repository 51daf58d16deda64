/**
 * `ftsim chart` and `ftsim report`: their definitions (options, help). The
 * actions, with the chart and report code, are in chart-actions.ts and load
 * only when one of these commands runs.
 */
import { Command, Option } from "commander";
import { DEFAULT_MAX_ROWS, DISTRIBUTION_STYLES } from "../report/choices.js";
import { DEFAULT_PNG_SCALE } from "../report/chart-format.js";
import { lazyAction } from "./lazy.js";

/** Chart kinds of `ftsim chart --kind`. */
export const CHART_KINDS = ["sweep", "bars", "distribution", "timeline"] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** Commander's accumulator for a repeatable option. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Adds `chart` and `report` to the program. */
export function registerChartCommands(program: Command): void {
  program
    .command("chart")
    .description("draw a chart of results or of a trace, as SVG, PNG or the Vega-Lite spec (.vl.json) to restyle")
    .argument("<inputs...>", "result files (ftsim run or sweep --format json); for --kind timeline, one trace (ftsim trace)")
    .addOption(
      new Option("--kind <kind>", "sweep: metric vs a swept parameter; bars: designs side by side; distribution: over replications; timeline: a trace")
        .choices(CHART_KINDS)
        .makeOptionMandatory(),
    )
    .option("--metric <name>", "the metric to chart, e.g. availability, mttr_s (all kinds but timeline)")
    .option("--param <path>", "sweep: the parameter on the x axis (default: the first numeric one; others become colours)")
    .option("--mark <metric>", "sweep: mark a metric's mean on the x axis as a dashed line (repeat for several), e.g. job.daly_interval_s", collect, [])
    .addOption(new Option("--style <style>", "distribution: histogram (one distribution) or ecdf (overlays several)").choices(DISTRIBUTION_STYLES).default("histogram"))
    .option("--point <name>", "distribution of a sweep: a point to show (repeat for several; names may contain commas)", collect, [])
    .option("--components <filter>", "timeline: rows to show, comma-separated names or patterns with * (e.g. 'service,disk[*]')")
    .option("--max-rows <n>", `timeline: most component rows (default ${DEFAULT_MAX_ROWS})`)
    .option("--scale <n>", `png: pixels per SVG unit (default ${DEFAULT_PNG_SCALE})`)
    .requiredOption("--out <file>", "output file; the format comes from the extension: .svg, .png or .vl.json")
    .addHelpText(
      "after",
      `
Examples:
  ftsim sweep scenarios/sweep-repair.yaml --format json --out sweep.json
  ftsim chart sweep.json --kind sweep --metric availability --out availability.png
  ftsim chart a.json b.json --kind bars --metric mttr_s --out mttr.svg
  ftsim chart result.json --kind distribution --metric mttr_s --style ecdf --out mttr-ecdf.png
  ftsim chart trace.jsonl --kind timeline --components 'web[*],lb' --out timeline.png
  ftsim chart result.json --kind distribution --metric outages --out outages.vl.json   # edit, then render it yourself`,
    )
    .action(lazyAction(async () => (await import("./chart-actions.js")).chartCommand));

  program
    .command("report")
    .description("write a self-contained HTML report of a result: scenario, metrics with 95% CIs, interactive charts (works offline)")
    .argument("<result>", "result file (ftsim run or sweep --format json)")
    .requiredOption("--out <file>", "the HTML file to write (atomically)")
    .addHelpText("after", "\nExample:\n  ftsim run scenarios/quickstart.yaml --format json --out result.json && ftsim report result.json --out report.html")
    .action(lazyAction(async () => (await import("./chart-actions.js")).reportCommand));
}
