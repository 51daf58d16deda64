/**
 * Kind `bars`: one bar per design with its 95% CI as an error bar. A design
 * is a point of a sweep (a variant, or a grid combination), or a whole
 * result when several result files are given. Bars are horizontal so long
 * design names stay readable.
 *
 * Bars start at zero, as bars must. When the designs' values and intervals
 * span less than a fifth of the values themselves (availabilities of 0.85
 * and 0.92, or 0.9993 and 0.9996), bars from zero would look alike, so the
 * chart becomes a dot plot on an axis that does not start at zero, and the
 * subtitle says so.
 */
import type { TopLevelSpec } from "vega-lite";
import { ChartInputError, ownValue, requireMetric, resultLabels, type LabelledResult } from "./input.js";
import { provenanceOfMany } from "./describe.js";
import { axisTitle, chartName, displayScale, extent, formatScaled, metricLabel, typicalMagnitude } from "./labels.js";
import { CHART_CONFIG, PALETTE, PLOT, VEGA_LITE_SCHEMA, titleBlock } from "./style.js";

export interface BarsChartOptions {
  /** Metric name as in the results, e.g. `availability`, `mttr_s`. */
  metric: string;
}

/** Below this spread (max CI end − min CI end) relative to the largest |mean|, bars become dots. */
export const DOT_PLOT_THRESHOLD = 0.2;

interface Design {
  name: string;
  mean: number;
  lo: number;
  hi: number;
  unit: string;
}

function designsOf(inputs: readonly LabelledResult[], metric: string): { designs: Design[]; missing: string[] } {
  const labels = resultLabels(inputs);
  const designs: Design[] = [];
  const missing: string[] = [];
  inputs.forEach((input, k) => {
    const prefix = inputs.length > 1 ? `${labels[k]}: ` : "";
    const entries = input.result.points?.map((p) => ({ name: chartName(prefix + p.name), m: ownValue(p.metrics, metric) })) ?? [
      { name: chartName(labels[k]!), m: ownValue(input.result.metrics, metric) },
    ];
    for (const { name, m } of entries) {
      if (m === undefined) missing.push(name);
      else designs.push({ name, mean: m.mean, lo: m.ci95[0], hi: m.ci95[1], unit: m.unit });
    }
  });
  return { designs, missing };
}

/**
 * The Vega-Lite spec comparing designs on one metric.
 *
 * @param inputs - one sweep result (a bar per point), or several results (a bar per result, or per point of each)
 * @param options - the metric
 * @throws {ChartInputError} on an unknown metric, or when no design has it
 */
export function barsChart(inputs: readonly LabelledResult[], options: BarsChartOptions): TopLevelSpec {
  if (inputs.length === 0) throw new ChartInputError("no results to compare");
  requireMetric(options.metric, inputs);
  const { designs, missing } = designsOf(inputs, options.metric);
  if (designs.length === 0) throw new ChartInputError(`no design has the metric "${options.metric}"`);
  const units = [...new Set(designs.map((d) => d.unit))];
  if (units.length > 1) throw new ChartInputError(`"${options.metric}" has different units in the inputs (${units.join(", ")}); compare like with like`);

  const scale = displayScale(units[0]!, typicalMagnitude(designs.map((d) => d.mean)));
  const label = metricLabel(options.metric);
  const title = axisTitle(label, scale);
  const spread = extent(designs.map((d) => d.hi)).max - extent(designs.map((d) => d.lo)).min;
  const dots = spread < DOT_PLOT_THRESHOLD * typicalMagnitude(designs.map((d) => d.mean));
  const rows = designs.map((d) => ({
    design: d.name,
    mean: d.mean / scale.factor,
    lo: d.lo / scale.factor,
    hi: d.hi / scale.factor,
    estimate: `${formatScaled(d.mean, scale)} [${formatScaled(d.lo, scale)}, ${formatScaled(d.hi, scale)}]`,
  }));
  const order = rows.map((r) => r.design);
  const y = { field: "design", type: "nominal" as const, title: null, sort: order, axis: { labelLimit: 260 } };
  const tooltip = [
    { field: "design", title: "design" },
    { field: "estimate", title: `${label}, mean [95% CI]` },
  ];
  const mean = dots
    ? { mark: { type: "point" as const, filled: true, size: 70, opacity: 1, color: PALETTE[0] }, encoding: { x: { field: "mean", type: "quantitative" as const, title, scale: { zero: false } }, tooltip } }
    : { mark: { type: "bar" as const, color: PALETTE[0], opacity: 0.85 }, encoding: { x: { field: "mean", type: "quantitative" as const, title }, tooltip } };
  const errors = {
    mark: { type: "errorbar" as const, ticks: { size: 10 }, color: "#000000", thickness: 1.5 },
    encoding: { x: { field: "lo", type: "quantitative" as const, title }, x2: { field: "hi" } },
  };
  const notes = [
    dots ? "dot: mean; whiskers: 95% confidence interval; the axis does not start at 0" : "bar: mean; whiskers: 95% confidence interval",
    missing.length > 0 ? `without ${options.metric}: ${missing.join(", ")}` : undefined,
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleBlock(`${label} by design`, [provenanceOfMany(inputs.map((i) => i.result)), ...notes]),
    width: PLOT.width,
    height: { step: 30 },
    data: { values: rows },
    encoding: { y },
    layer: [mean, errors],
    config: CHART_CONFIG,
  };
}
