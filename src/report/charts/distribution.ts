/**
 * Kind `distribution`: how a metric varies between replications (MTTR,
 * down time, outages...), from the per-replication `values` of a result.
 * `histogram` shows one distribution with the estimate and its 95% CI;
 * `ecdf` (empirical cumulative distribution) overlays several (the points
 * of a sweep, or several results), which histograms cannot do legibly.
 */
import type { TopLevelSpec } from "vega-lite";
import { suggest } from "../../math/did-you-mean.js";
import { ChartInputError, ownValue, plural, requireMetric, resultLabels, type LabelledResult } from "./input.js";
import { provenanceOfMany } from "./describe.js";
import { axisTitle, chartName, displayScale, extent as extentOf, formatScaled, inSentence, metricLabel, typicalMagnitude } from "./labels.js";
import type { UnitSpec } from "vega-lite/types_unstable/spec/unit.js";
import { CHART_CONFIG, PALETTE, PLOT, VEGA_LITE_SCHEMA, titleBlock } from "./style.js";
import { formatNumber } from "../numbers.js";

import type { DistributionStyle } from "../choices.js";
export { DISTRIBUTION_STYLES, type DistributionStyle } from "../choices.js";

export interface DistributionChartOptions {
  /** Metric name as in the result, e.g. `mttr_s`. */
  metric: string;
  /** Histogram (one distribution) or ECDF (one or several). Default histogram. */
  style?: DistributionStyle;
  /** For sweep results: the points to show, by name (default: every point). */
  points?: readonly string[];
}

/** Most distributions one ECDF overlays: one per palette colour. */
export const MAX_ECDF_SERIES = PALETTE.length;

interface Series {
  name: string;
  /** The sweep point it comes from, if any. */
  point?: string;
  values: number[];
  /** Replications without a value (null). */
  undefinedCount: number;
  /** The summary's mean and CI, in base units. */
  mean: number;
  ci95: [number, number];
  unit: string;
}

function seriesOf(inputs: readonly LabelledResult[], options: DistributionChartOptions): Series[] {
  const series: Series[] = [];
  const wanted = options.points;
  const allPoints = inputs.flatMap((i) => i.result.points?.map((p) => p.name) ?? []);
  for (const name of wanted ?? []) {
    if (!allPoints.includes(name)) {
      const guess = suggest(name, allPoints);
      throw new ChartInputError(
        allPoints.length === 0
          ? `--point: the input is not a sweep, it has no points`
          : `--point: no point named "${name}"${guess === undefined ? "" : `; did you mean "${guess}"?`} (points: ${allPoints.join(", ")})`,
      );
    }
  }
  const labels = resultLabels(inputs);
  inputs.forEach(({ source, result }, k) => {
    const label = labels[k]!;
    const entries = result.points
      ? result.points.filter((p) => wanted === undefined || wanted.includes(p.name)).map((p) => ({ name: inputs.length > 1 ? `${label}: ${p.name}` : p.name, point: p.name as string | undefined, values: p.values, metrics: p.metrics }))
      : [{ name: label, point: undefined, values: result.values, metrics: result.metrics }];
    for (const e of entries) {
      const summary = ownValue(e.metrics, options.metric);
      if (summary === undefined) continue;
      const raw = ownValue(e.values, options.metric);
      if (raw === undefined) {
        throw new ChartInputError(
          `${source} has no per-replication values of "${options.metric}" (no "values" field): re-run it with this version of ftsim, whose results carry them`,
        );
      }
      const values = raw.filter((v): v is number => v !== null);
      series.push({ name: chartName(e.name), ...(e.point !== undefined ? { point: e.point } : {}), values, undefinedCount: raw.length - values.length, mean: summary.mean, ci95: summary.ci95, unit: summary.unit });
    }
  });
  return series;
}

/** Integer values spanning at most this many units get one bar per integer rather than bins. */
const MAX_INTEGER_BARS = 40;

type XEncoding = { type: "quantitative"; title: string; scale: { zero: false } };

/**
 * The bars of a histogram: one per integer for integer values over a short
 * range (outage counts: a bar at 3 means "3 outages", not "[2.5, 3.5)"),
 * else up to 20 bins of equal width counted by {@link histogramBins}.
 */
function histogramBars(values: readonly number[], x: XEncoding): UnitSpec<string> {
  const { min, max } = extentOf(values);
  const yAxis = { type: "quantitative" as const, title: "Replications", axis: { tickMinStep: 1, format: "d" } };
  if (values.every(Number.isInteger) && max - min <= MAX_INTEGER_BARS) {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const rows = [...counts].sort((a, b) => a[0] - b[0]).map(([k, n]) => ({ k, lo: k - 0.4, hi: k + 0.4, n }));
    return {
      data: { values: rows },
      mark: { type: "rect", color: PALETTE[0], opacity: 0.85 },
      encoding: {
        x: { field: "lo", ...x, axis: { tickMinStep: 1, format: "d" } },
        x2: { field: "hi" },
        y: { field: "n", ...yAxis },
        tooltip: [{ field: "k", title: "value" }, { field: "n", title: "replications" }],
      },
    };
  }
  const rows = histogramBins(values).map((b) => ({ ...b, range: `[${formatNumber(b.lo)}, ${formatNumber(b.hi)}${b.closed ? "]" : ")"}` }));
  return {
    data: { values: rows },
    mark: { type: "rect", color: PALETTE[0], opacity: 0.85 },
    encoding: {
      x: { field: "lo", ...x },
      x2: { field: "hi" },
      y: { field: "n", ...yAxis },
      tooltip: [{ field: "range", title: "bin" }, { field: "n", title: "replications" }],
    },
  };
}

/** One bin of a histogram: [lo, hi), or [lo, hi] for the last (`closed`). */
export interface HistogramBin {
  lo: number;
  hi: number;
  n: number;
  closed: boolean;
}

/**
 * Bins of equal width over the values, counted here rather than by
 * vega-lite's bin transform (which clamps the values at the top of its
 * extent and floors them into the bin below: a run crowding towards an
 * availability of 1 showed 26 replications in [0.9996, 0.9998) and none in
 * [0.9998, 1], where the data had 3 and 23). The width is the smallest of
 * 1, 2 or 5 × 10^k giving at most `maxBins` bins; the edges are multiples of
 * it, each bin is [lo, hi) and the last one [lo, hi], so every value is
 * counted once and a value on an edge goes to the bin it starts. A constant
 * metric gets one bin around its value.
 */
export function histogramBins(values: readonly number[], maxBins = 20): HistogramBin[] {
  if (values.length === 0) return [];
  const { min, max } = extentOf(values); // no spread: 200 000 values would overflow the stack
  if (min === max) {
    const half = 0.5 * (Math.abs(min) || 1);
    return [{ lo: min - half, hi: max + half, n: values.length, closed: true }];
  }
  const raw = (max - min) / maxBins;
  const power = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10, 20, 50].map((m) => m * power);
  // The smallest nice width with at most maxBins bins once the edges are aligned to it (at most one step up).
  let step = nice.find((w) => w >= raw * (1 - 1e-12))!;
  const binsOf = (w: number) => Math.max(1, Math.ceil(max / w - Math.floor(min / w) - 1e-9));
  if (binsOf(step) > maxBins) step = nice[nice.indexOf(step) + 1]!;
  const first = Math.floor(min / step);
  const count = binsOf(step);
  const edges = Array.from({ length: count + 1 }, (_, i) => (first + i) * step);
  // Rounding can leave the smallest value just below the first edge or the largest above the last.
  edges[0] = Math.min(edges[0]!, min);
  edges[count] = Math.max(edges[count]!, max);
  const n = new Array<number>(count).fill(0);
  for (const v of values) {
    let i = Math.min(count - 1, Math.max(0, Math.floor((v - edges[0]!) / step)));
    while (i > 0 && v < edges[i]!) i--;
    while (i < count - 1 && v >= edges[i + 1]!) i++;
    n[i]!++;
  }
  return n.map((k, i) => ({ lo: edges[i]!, hi: edges[i + 1]!, n: k, closed: i === count - 1 }));
}

function subtitleCounts(series: readonly Series[], metric: string): string | undefined {
  if (series.length !== 1) return undefined;
  const s = series[0]!;
  const n = s.values.length + s.undefinedCount;
  return s.undefinedCount === 0
    ? undefined
    : `${s.values.length} of ${plural(n, "replication")} (${s.undefinedCount} without a value of ${metric}, e.g. no outage)`;
}

/**
 * The Vega-Lite spec of a metric's distribution over replications.
 *
 * @param inputs - one result (or sweep), or several for an ECDF overlay
 * @param options - metric, style, points of a sweep
 * @throws {ChartInputError} on an unknown metric or point, missing `values`, or a histogram of several distributions
 */
export function distributionChart(inputs: readonly LabelledResult[], options: DistributionChartOptions): TopLevelSpec {
  requireMetric(options.metric, inputs);
  const style = options.style ?? "histogram";
  const series = seriesOf(inputs, options).filter((s) => s.values.length > 0);
  if (series.length === 0) throw new ChartInputError(`"${options.metric}" has no value in any replication (undefined everywhere, e.g. no outage at all)`);
  const units = [...new Set(series.map((s) => s.unit))];
  if (units.length > 1) throw new ChartInputError(`"${options.metric}" has different units in the inputs (${units.join(", ")})`);
  const scale = displayScale(units[0]!, typicalMagnitude(series.flatMap((s) => s.values)));
  const label = metricLabel(options.metric);
  const xTitle = axisTitle(`${label} per replication`, scale);
  const provenance = provenanceOfMany(inputs.map((i) => i.result));

  if (style === "histogram") {
    if (series.length > 1) {
      throw new ChartInputError(
        `a histogram shows one distribution, and this input has ${series.length} (${series.map((s) => s.name).join(", ")}): pick one with --point, or overlay them with --style ecdf`,
      );
    }
    const s = series[0]!;
    const estimate = { mean: s.mean / scale.factor, lo: s.ci95[0] / scale.factor, hi: s.ci95[1] / scale.factor };
    const x: XEncoding = { type: "quantitative", title: xTitle, scale: { zero: false } };
    return {
      $schema: VEGA_LITE_SCHEMA,
      title: titleBlock(`Distribution of ${inSentence(label)} over replications`, [
        s.point === undefined ? provenance : `${provenance} · point ${s.point}`,
        subtitleCounts(series, options.metric),
        `dashed line: estimate ${formatScaled(s.mean, scale)}; shaded: its 95% CI [${formatScaled(s.ci95[0], scale)}, ${formatScaled(s.ci95[1], scale)}]`,
      ]),
      width: PLOT.width,
      height: PLOT.height,
      layer: [
        {
          data: { values: [estimate] },
          mark: { type: "rect", color: PALETTE[1], opacity: 0.25 },
          encoding: { x: { field: "lo", ...x }, x2: { field: "hi" } },
        },
        histogramBars(s.values.map((v) => v / scale.factor), x),
        {
          data: { values: [estimate] },
          mark: { type: "rule", color: "#000000", strokeDash: [6, 4], strokeWidth: 2 },
          encoding: { x: { field: "mean", ...x } },
        },
      ],
      config: CHART_CONFIG,
    };
  }

  if (series.length > MAX_ECDF_SERIES) {
    throw new ChartInputError(
      `an ECDF overlays at most ${MAX_ECDF_SERIES} distributions and this input has ${series.length}: choose some with --point (e.g. ${series.slice(0, 2).map((s) => `--point '${s.name}'`).join(" ")})`,
    );
  }
  const rows = series.flatMap((s) => {
    const sorted = [...s.values].sort((a, b) => a - b);
    const n = sorted.length;
    // Start at 0 left of the smallest value, so the first step is drawn.
    // `i` fixes the drawing order: at tied x the line must rise, not fall.
    return [{ series: s.name, i: 0, x: sorted[0]! / scale.factor, p: 0 }, ...sorted.map((v, i) => ({ series: s.name, i: i + 1, x: v / scale.factor, p: (i + 1) / n }))];
  });
  const coloured = series.length > 1;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleBlock(`Distribution of ${inSentence(label)} over replications (ECDF)`, [provenance, subtitleCounts(series, options.metric)]),
    width: PLOT.width,
    height: PLOT.height,
    data: { values: rows },
    mark: { type: "line", interpolate: "step-after", ...(coloured ? {} : { color: PALETTE[0] }) },
    encoding: {
      x: { field: "x", type: "quantitative", title: xTitle, scale: { zero: false } },
      y: { field: "p", type: "quantitative", title: "Fraction of replications ≤ x", scale: { domain: [0, 1] } },
      order: { field: "i", type: "quantitative" },
      ...(coloured
        ? { color: { field: "series", type: "nominal" as const, title: null, sort: series.map((s) => s.name), scale: { range: [...PALETTE] }, legend: { orient: "bottom", direction: "vertical", labelLimit: 560 } } }
        : {}),
    },
    config: CHART_CONFIG,
  };
}
