/**
 * Kind `sweep`: a metric against one swept parameter, the mean as a line
 * with points and its 95% CI as a band; the other parameters of a grid, if
 * any, as colour (one line per combination).
 */
import type { TopLevelSpec } from "vega-lite";
import { suggest } from "../../math/did-you-mean.js";
import { ChartInputError, ownValue, plural, requireMetric, type ChartableResult, type SweepPoint } from "./input.js";
import { provenance } from "./describe.js";
import { axisTitle, displayScale, formatScaled, metricLabel, typicalMagnitude, type DisplayScale } from "./labels.js";
import { scenarioFieldUnit } from "./parameter-units.js";
import { CHART_CONFIG, PALETTE, PLOT, VEGA_LITE_SCHEMA, titleBlock } from "./style.js";

export interface SweepChartOptions {
  /** Metric name as in the result, e.g. `availability`, `mttr_s`. */
  metric: string;
  /** Parameter path on the x axis; default: the first swept parameter whose values are all numbers. */
  param?: string;
  /**
   * Metrics to mark on the x axis as dashed vertical lines, each at its mean
   * over the points (e.g. `job.daly_interval_s` on a sweep of τ); each must
   * be in the x parameter's unit.
   */
  marks?: readonly string[];
}

/** The base unit of a parameter: the sweep's own `units`, else the scenario format's. */
export function parameterUnit(result: ChartableResult, param: string): string | undefined {
  return result.sweep?.units?.[param] ?? scenarioFieldUnit(param);
}

/** The swept parameters: the sweep's list, else every key the points set. */
export function sweptParameters(result: ChartableResult): string[] {
  if (result.sweep !== undefined) return [...result.sweep.parameters];
  return [...new Set((result.points ?? []).flatMap((p) => Object.keys(p.params)))];
}

function requirePoints(result: ChartableResult, source: string): SweepPoint[] {
  const points = result.points;
  if (points === undefined || points.length === 0) {
    throw new ChartInputError(
      `${source} is not a sweep result (it has no "points"): --kind sweep needs the output of ftsim sweep --format json; for one result use --kind distribution, for several --kind bars`,
    );
  }
  return points;
}

function chooseParam(result: ChartableResult, points: readonly SweepPoint[], wanted: string | undefined): string {
  const params = sweptParameters(result);
  if (wanted !== undefined) {
    if (params.includes(wanted)) return wanted;
    const guess = suggest(wanted, params);
    throw new ChartInputError(
      `--param: "${wanted}" is not a swept parameter${guess === undefined ? "" : `; did you mean "${guess}"?`} (swept: ${params.join(", ") || "none"})`,
    );
  }
  const numeric = params.find((p) => points.every((pt) => pt.params[p] === undefined || typeof pt.params[p] === "number"));
  const chosen = numeric ?? params[0];
  if (chosen === undefined) throw new ChartInputError("the sweep has no parameters to put on the x axis");
  return chosen;
}

/** A parameter value as a reader wants it: `4 h`, `2`, `hot`. */
function formatParam(value: number | string | undefined, scale: DisplayScale): string {
  if (value === undefined) return "(base)";
  return typeof value === "number" ? formatScaled(value, scale) : value;
}

/**
 * The Vega-Lite spec of a metric against a swept parameter.
 *
 * @param result - an `ftsim.result/v1` with `points` (from `ftsim sweep`)
 * @param options - metric, and optionally the parameter on the x axis
 * @param source - where the result came from, for messages
 * @throws {ChartInputError} when the result has no points, or the metric or parameter is unknown
 */
export function sweepChart(result: ChartableResult, options: SweepChartOptions, source = "the result"): TopLevelSpec {
  const points = requirePoints(result, source);
  requireMetric(options.metric, [{ source, result }]);
  const param = chooseParam(result, points, options.param);
  const others = sweptParameters(result).filter((p) => p !== param);
  const usable = points.filter((p) => ownValue(p.params, param) !== undefined && ownValue(p.metrics, options.metric) !== undefined);
  if (usable.length === 0) throw new ChartInputError(`no point of ${source} has both "${param}" and the metric "${options.metric}"`);

  const numericX = usable.every((p) => typeof p.params[param] === "number");
  const xScale = displayScale(numericX ? (parameterUnit(result, param) ?? "") : "", typicalMagnitude(usable.map((p) => p.params[param] as number)));
  const otherScales = others.map((o) => displayScale(parameterUnit(result, o) ?? "", typicalMagnitude(points.map((p) => p.params[o] as number))));
  const unit = usable[0]!.metrics[options.metric]!.unit;
  const yScale = displayScale(unit, typicalMagnitude(usable.map((p) => p.metrics[options.metric]!.mean)));
  const label = metricLabel(options.metric);
  const yTitle = axisTitle(label, yScale);
  const xTitle = axisTitle(param, xScale);

  const rows = usable.map((p) => {
    const m = p.metrics[options.metric]!;
    const x = p.params[param]!;
    return {
      point: p.name,
      x: typeof x === "number" ? x / xScale.factor : x,
      mean: m.mean / yScale.factor,
      lo: m.ci95[0] / yScale.factor,
      hi: m.ci95[1] / yScale.factor,
      series: others.map((o, i) => formatParam(p.params[o], otherScales[i]!)).join(", "),
      estimate: `${formatScaled(m.mean, yScale)} [${formatScaled(m.ci95[0], yScale)}, ${formatScaled(m.ci95[1], yScale)}]`,
    };
  });
  const seriesOrder = [...new Set(rows.map((r) => r.series))];
  const coloured = others.length > 0 && seriesOrder.length > 1;
  const colour = coloured
    ? { color: { field: "series", type: "nominal" as const, title: others.join(", "), sort: seriesOrder, scale: { range: [...PALETTE] }, legend: { symbolOpacity: 1 } } }
    : {};
  const fixedColour = coloured ? {} : { color: PALETTE[0] };
  const left = points.length - usable.length;
  const tooltip = [
    { field: "point", title: "point" },
    { field: "estimate", title: `${label}, mean [95% CI]` },
  ];
  // A parameter swept over whole numbers (missed beats, crews) gets whole-number ticks only.
  const wholeX = numericX && rows.every((r) => Number.isInteger(r.x));
  const x = numericX
    ? { field: "x", type: "quantitative" as const, title: xTitle, scale: { zero: false, nice: false, padding: 12 }, ...(wholeX ? { axis: { tickMinStep: 1, format: "d" } } : {}) }
    : { field: "x", type: "ordinal" as const, title: xTitle, sort: [...new Set(rows.map((r) => String(r.x)))], axis: { labelAngle: 0 } };
  const band = numericX
    ? { mark: { type: "area" as const, opacity: 0.2, ...fixedColour }, encoding: { y: { field: "lo", type: "quantitative" as const, title: yTitle, scale: { zero: false }, stack: null }, y2: { field: "hi" } } }
    : { mark: { type: "rule" as const, strokeWidth: 2, ...fixedColour }, encoding: { y: { field: "lo", type: "quantitative" as const, title: yTitle, scale: { zero: false } }, y2: { field: "hi" }, ...(coloured ? { xOffset: { field: "series" } } : {}) } };
  const means = numericX
    ? { mark: { type: "line" as const, point: true, ...fixedColour }, encoding: { y: { field: "mean", type: "quantitative" as const, title: yTitle }, tooltip } }
    : { mark: { type: "point" as const, filled: true, size: 60, ...fixedColour }, encoding: { y: { field: "mean", type: "quantitative" as const, title: yTitle }, tooltip, ...(coloured ? { xOffset: { field: "series" } } : {}) } };

  const markLayers = marksOf(options.marks ?? [], usable, numericX ? parameterUnit(result, param) : undefined, xScale);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleBlock(`${label} vs ${param}`, [
      provenance(result),
      `${numericX ? "line: mean; band" : "dot: mean; bar"}: 95% confidence interval${left > 0 ? ` · ${plural(left, "point")} without ${param} or ${options.metric} left out` : ""}`,
    ]),
    width: PLOT.width,
    height: PLOT.height,
    data: { values: rows },
    encoding: { x, ...colour },
    layer: [band, means, ...markLayers],
    config: CHART_CONFIG,
  };
}

/** The dashed rules (and their labels) of `--mark` metrics, at each one's mean over the points. */
function marksOf(marks: readonly string[], points: readonly SweepPoint[], xUnit: string | undefined, xScale: DisplayScale) {
  if (marks.length === 0) return [];
  if (xUnit === undefined) throw new ChartInputError("--mark needs a numeric x parameter");
  const rows = marks.map((name) => {
    const values = points.map((p) => p.metrics[name]).filter((m) => m !== undefined);
    if (values.length === 0) {
      const known = [...new Set(points.flatMap((p) => Object.keys(p.metrics)))];
      const guess = suggest(name, known);
      throw new ChartInputError(`--mark: no point has the metric "${name}"${guess === undefined ? "" : `; did you mean "${guess}"?`}`);
    }
    if (values[0]!.unit !== xUnit) throw new ChartInputError(`--mark: ${name} is in ${values[0]!.unit}, but the x axis is in ${xUnit || "no unit"}`);
    const mean = values.reduce((a, m) => a + m.mean, 0) / values.length;
    return { x: mean / xScale.factor, label: `${metricLabel(name)} = ${formatScaled(mean, xScale)}` };
  });
  const colour = { value: "#444" };
  const rule = { data: { values: rows }, mark: { type: "rule" as const, strokeDash: [5, 4] }, encoding: { x: { field: "x", type: "quantitative" as const }, color: colour } };
  // One label layer per mark, stacked down from the top so that close marks do not overlap.
  const labels = rows.map((row, i) => ({
    data: { values: [row] },
    mark: { type: "text" as const, align: "left" as const, baseline: "top" as const, dx: 4 },
    encoding: { x: { field: "x", type: "quantitative" as const }, y: { value: 4 + 14 * i }, text: { field: "label" }, color: colour },
  }));
  return [rule, ...labels];
}
