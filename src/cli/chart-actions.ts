/** The actions of `ftsim chart` and `ftsim report` (loaded when one of them runs): read results or a trace, write a chart or the HTML report. */
import { existsSync, statSync } from "node:fs";
import { readDataText } from "../scenario/read-input.js";
import type { TopLevelSpec } from "vega-lite";
import { barsChart } from "../report/charts/bars.js";
import { distributionChart, type DistributionStyle } from "../report/charts/distribution.js";
import { asResult, ChartInputError, type LabelledResult } from "../report/charts/input.js";
import { sweepChart } from "../report/charts/sweep.js";
import { DEFAULT_MAX_ROWS, timelineChart } from "../report/charts/timeline.js";
import { parseTrace } from "../report/charts/trace-input.js";
import { renderHtmlReport } from "../report/html.js";
import { checkWritable } from "./run-commands.js";
import { chartFormatOf, DEFAULT_PNG_SCALE } from "../report/chart-format.js";
import { writeFileAtomic } from "../report/write-file.js";
import { UsageError } from "./errors.js";
import type { ChartKind } from "./chart-commands.js";

export interface ChartFlags {
  kind: ChartKind;
  metric?: string;
  param?: string;
  mark: string[];
  style: DistributionStyle;
  point: string[];
  components?: string;
  maxRows?: string;
  scale?: string;
  out: string;
}

function readText(path: string): string {
  if (!existsSync(path)) throw new UsageError(`cannot read ${path}: no such file`);
  if (statSync(path).isDirectory()) throw new UsageError(`cannot read ${path}: it is a directory; give a result file`);
  try {
    return readDataText(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Reads and checks a result file (`ftsim run|sweep --format json`). */
export function readResultFile(path: string): LabelledResult {
  const text = readText(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const trace = text.startsWith('{"schema":"ftsim.trace/v1"') ? " (it looks like a trace: chart it with ftsim chart <trace> --kind timeline)" : "";
    throw new UsageError(`${path} is not ftsim JSON: ${(e as Error).message}${trace}; expected the output of ftsim run --format json`);
  }
  return { source: path, result: asResult(doc, path) };
}

/** Checks --out before any work: a known extension, in a writable, existing directory. */
function checkOut(out: string, inputs: readonly string[]): void {
  if (chartFormatOf(out) === undefined) {
    const hint = out.toLowerCase().endsWith(".json") ? ` (for the Vega-Lite spec, name it ${out.replace(/\.json$/i, ".vl.json")})` : "";
    throw new UsageError(`--out: cannot tell the format of "${out}": expected a name ending in .svg, .png or .vl.json${hint}`);
  }
  checkWritable(out, "--out", inputs);
}

function positiveNumber(flag: string, raw: string, integer: boolean): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag}: expected a positive ${integer ? "integer" : "number"}, got "${raw}"`);
  }
  return n;
}

function requireMetricFlag(flags: ChartFlags): string {
  if (flags.metric === undefined) {
    throw new UsageError(`--kind ${flags.kind} needs --metric <name>, e.g. --metric availability or --metric mttr_s (ftsim list shows the metrics)`);
  }
  return flags.metric;
}

function specFor(inputs: string[], flags: ChartFlags): TopLevelSpec {
  if (flags.kind !== "timeline") {
    for (const [flag, value] of [["--components", flags.components], ["--max-rows", flags.maxRows]] as const) {
      if (value !== undefined) throw new UsageError(`${flag} applies to --kind timeline only`);
    }
  }
  if (flags.param !== undefined && flags.kind !== "sweep") throw new UsageError(`--param applies to --kind sweep only`);
  if (flags.point.length > 0 && flags.kind !== "distribution") throw new UsageError(`--point applies to --kind distribution only`);
  switch (flags.kind) {
    case "timeline": {
      if (inputs.length !== 1) throw new UsageError(`--kind timeline draws one trace; got ${inputs.length} files`);
      const path = inputs[0]!;
      const trace = parseTrace(readText(path), path);
      const maxRows = flags.maxRows === undefined ? DEFAULT_MAX_ROWS : positiveNumber("--max-rows", flags.maxRows, true);
      return timelineChart(trace, { components: flags.components, maxRows });
    }
    case "sweep": {
      if (inputs.length !== 1) throw new UsageError(`--kind sweep draws one sweep result; got ${inputs.length} files (compare files with --kind bars)`);
      const { source, result } = readResultFile(inputs[0]!);
      return sweepChart(result, { metric: requireMetricFlag(flags), param: flags.param, marks: flags.mark }, source);
    }
    case "bars":
      return barsChart(inputs.map(readResultFile), { metric: requireMetricFlag(flags) });
    case "distribution": {
      const points = flags.point.length > 0 ? flags.point : undefined;
      return distributionChart(inputs.map(readResultFile), { metric: requireMetricFlag(flags), style: flags.style, points });
    }
  }
}

export async function chartCommand(inputs: string[], flags: ChartFlags): Promise<void> {
  checkOut(flags.out, inputs);
  const scale = flags.scale === undefined ? DEFAULT_PNG_SCALE : positiveNumber("--scale", flags.scale, false);
  try {
    const spec = specFor(inputs, flags);
    // Loaded here, not at start-up: vega and resvg take a while to load, and only this command needs them.
    const { renderChart } = await import("../report/render.js");
    const content = await renderChart(spec, chartFormatOf(flags.out)!, { scale });
    writeFileAtomic(flags.out, content);
  } catch (e) {
    if (e instanceof ChartInputError) throw new UsageError(e.message);
    throw e;
  }
}

export function reportCommand(input: string, flags: { out: string }): void {
  if (!/\.html?$/i.test(flags.out)) throw new UsageError(`--out: the report is HTML; expected a name ending in .html, got "${flags.out}"`);
  checkWritable(flags.out, "--out", [input]);
  try {
    const { source, result } = readResultFile(input);
    writeFileAtomic(flags.out, renderHtmlReport(result, source));
  } catch (e) {
    if (e instanceof ChartInputError) throw new UsageError(e.message);
    throw e;
  }
}
