import { SECONDS_PER_YEAR } from "../engine/reliability-params.js";

/**
 * Formats a number for people: 6 significant digits, no exponent for
 * ordinary magnitudes. A value that is not 1 but would round to it (an
 * availability of 0.9999995) keeps the digits that tell it from 1: three
 * significant digits of its distance to 1.
 */
export function formatNumber(x: number | null): string {
  if (x === null) return "-";
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const magnitude = Math.abs(x);
  if (magnitude >= 1e9 || magnitude < 1e-4) return x.toExponential(4);
  if (Number.isInteger(x)) return String(x);
  const rounded = Number(x.toPrecision(6));
  if (Math.abs(rounded) === 1 && magnitude < 1) {
    return String(Number(x.toPrecision(Math.min(15, 3 + Math.floor(-Math.log10(1 - magnitude))))));
  }
  return String(rounded);
}

const DISPLAY_UNITS: readonly (readonly [string, number])[] = [
  ["s", 1],
  ["min", 60],
  ["h", 3600],
  ["d", 86_400],
  ["y", SECONDS_PER_YEAR],
];

/**
 * The unit a duration of about `seconds` reads best in (s, min, h, d, y):
 * the largest whose value stays at or above 2.
 */
export function displayUnitFor(seconds: number): { unit: string; factor: number } {
  const magnitude = Math.abs(seconds);
  let chosen = DISPLAY_UNITS[0]!;
  for (const unit of DISPLAY_UNITS) if (magnitude >= 2 * unit[1]) chosen = unit;
  return { unit: chosen[0], factor: chosen[1] };
}

/** A duration in its best display unit, e.g. `5 y` or `18.4 h`. */
export function formatDuration(seconds: number): string {
  const { unit, factor } = displayUnitFor(seconds);
  return `${formatNumber(seconds / factor)} ${unit}`;
}
