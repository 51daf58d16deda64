/**
 * Axis titles with units: metric and parameter names as readers expect them
 * (`MTTR (h)`, not `mttr_s`), values converted to the unit they read best in.
 * Results hold base units (seconds, bytes); only charts and tables convert.
 */
import { displayUnitFor, formatNumber } from "../numbers.js";

/** A display unit and the factor that converts base units to it (value / factor). */
export interface DisplayScale {
  /** The unit shown in titles and labels; undefined for dimensionless values (fractions, counts). */
  unit: string | undefined;
  factor: number;
}

const SI_PREFIXES: readonly (readonly [string, number])[] = [
  ["", 1],
  ["k", 1e3],
  ["M", 1e6],
  ["G", 1e9],
  ["T", 1e12],
  ["P", 1e15],
];

/** Units shown without a unit in titles: the metric name already says what is counted. */
const DIMENSIONLESS = new Set(["fraction", "ratio", "count", ""]);

/**
 * The display scale for values in `unit` whose typical magnitude is
 * `magnitude` (in that unit): durations in s, min, h, d or y (as the text
 * table), sizes in B … PB and rates in B/s … PB/s (powers of 1000, as the
 * scenario format's `MB`), dimensionless units unchanged.
 */
export function displayScale(unit: string, magnitude: number): DisplayScale {
  if (unit === "s") {
    const d = displayUnitFor(magnitude);
    return { unit: d.unit, factor: d.factor };
  }
  if (unit === "bytes" || unit === "bytes/s") {
    let chosen = SI_PREFIXES[0]!;
    for (const p of SI_PREFIXES) if (Math.abs(magnitude) >= p[1]) chosen = p;
    return { unit: `${chosen[0]}B${unit === "bytes/s" ? "/s" : ""}`, factor: chosen[1] };
  }
  return { unit: DIMENSIONLESS.has(unit) ? undefined : unit, factor: 1 };
}

/**
 * The reference magnitude for a display scale: the median of the non-zero
 * finite |values| (0 when there are none). The median, not the maximum, so
 * that repair times swept over 4 h … 48 h read in hours rather than in
 * 0.17 … 2 days, and one outlier does not change the unit of the rest.
 */
export function typicalMagnitude(values: Iterable<number | null | undefined>): number {
  const magnitudes: number[] = [];
  for (const v of values) if (typeof v === "number" && Number.isFinite(v) && v !== 0) magnitudes.push(Math.abs(v));
  if (magnitudes.length === 0) return 0;
  magnitudes.sort((a, b) => a - b);
  return magnitudes[Math.floor((magnitudes.length - 1) / 2)]!;
}

/** Readable names of the service metrics (SERVICE_METRICS in metrics/metric-docs.ts). */
const KNOWN_LABELS: Readonly<Record<string, string>> = {
  availability: "Availability",
  unavailability: "Unavailability",
  downtime_s: "Down time",
  outages: "Outages",
  mttr_s: "MTTR",
  mtbf_s: "MTBF",
  component_availability: "Component availability",
  events: "Simulation events",
  first_failure_s: "Time to first failure",
};

/** Unit suffixes of metric names (`_s`, `_bytes`...), dropped from labels because titles carry the unit. */
const UNIT_SUFFIX = /_(s|ms|bytes|bytes_per_s|fraction|count|ratio)$/;

/**
 * A metric's readable name: `mttr_s` → `MTTR`; a mechanism metric
 * `pair.switchover_time_s` → `pair: switchover time`.
 */
export function metricLabel(name: string): string {
  const known = KNOWN_LABELS[name];
  if (known !== undefined) return known;
  const dot = name.lastIndexOf(".");
  const prefix = dot >= 0 ? name.slice(0, dot) : "";
  const base = dot >= 0 ? name.slice(dot + 1) : name;
  const words = (KNOWN_LABELS[base] ?? base.replace(UNIT_SUFFIX, "").replace(/_/g, " ")).trim();
  const text = prefix === "" ? words.charAt(0).toUpperCase() + words.slice(1) : `${prefix}: ${words}`;
  return text === "" ? name : text;
}

/** `Label (unit)`, or just `Label` for dimensionless values. */
export function axisTitle(label: string, scale: DisplayScale): string {
  return scale.unit === undefined ? label : `${label} (${scale.unit})`;
}

/**
 * A value in its display scale, as text for chart titles and tooltips:
 * `4.21 h`, `2 TB`. Four significant digits, except for values within 1 %
 * of 1 (availabilities), which keep six so that 0.99934 and 0.99961 differ.
 */
export function formatScaled(value: number, scale: DisplayScale): string {
  const x = value / scale.factor;
  const n = Math.abs(x) >= 0.99 && Math.abs(x) <= 1 ? formatNumber(x) : formatNumber(Number(x.toPrecision(4)));
  return scale.unit === undefined ? n : `${n} ${scale.unit}`;
}

/** A label inside a sentence: `Outages` → `outages`, but `MTTR` and `pair: ...` unchanged. */
export function inSentence(label: string): string {
  const second = label.charAt(1);
  return second !== "" && second === second.toUpperCase() && /[A-Z]/.test(second) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * A user's name (a design, a point, a component) as a value in chart data.
 * Vega looks some values up as object keys, so a name that is also a
 * property of every object (`constructor`, `toString`, `__proto__`) breaks
 * the rendering ("Operator not defined"); such a name gets an invisible
 * zero-width space appended, and reads the same.
 */
export function chartName(name: string): string {
  return name in Object.prototype ? `${name}\u200b` : name;
}

/** The smallest and largest of many values, without spreading them into arguments (which overflows the stack near 150 000). */
export function extent(values: Iterable<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
