/** Subtitle lines that say where a chart's numbers come from, so a figure stands on its own. */
import { plural, type ChartableResult } from "./input.js";
import { displayScale, formatScaled } from "./labels.js";

const WHOLE_UNITS: readonly (readonly [string, number])[] = [
  ["y", 31_557_600],
  ["d", 86_400],
  ["h", 3600],
  ["min", 60],
];

/**
 * A duration for a subtitle: a whole number of the largest unit that
 * divides it (`1 y`, `30 d`, as scenarios are written), else four
 * significant digits in its display unit (`5.704 y`).
 */
export function shortDuration(seconds: number): string {
  for (const [unit, factor] of WHOLE_UNITS) if (seconds >= factor && Number.isInteger(seconds / factor)) return `${seconds / factor} ${unit}`;
  return formatScaled(seconds, displayScale("s", seconds));
}

/** `quickstart · seed 1 · 30 replications · horizon 5 y` (`per point` for a sweep). */
export function provenance(result: ChartableResult): string {
  const perPoint = result.points !== undefined ? " per point" : "";
  const warmup = result.warmup_s > 0 ? `, warm-up ${shortDuration(result.warmup_s)}` : "";
  return `${result.scenario.name} · seed ${result.seed} · ${plural(result.replications, "replication")}${perPoint} · horizon ${shortDuration(result.horizon_s)}${warmup}`;
}

/** The same for several results: their names, and the shared seed/replications when they agree. */
export function provenanceOfMany(results: readonly ChartableResult[]): string {
  if (results.length === 1) return provenance(results[0]!);
  const same = <T>(f: (r: ChartableResult) => T): T | undefined => (results.every((r) => f(r) === f(results[0]!)) ? f(results[0]!) : undefined);
  const seed = same((r) => r.seed);
  const reps = same((r) => r.replications);
  const horizon = same((r) => r.horizon_s);
  const parts = [
    seed === undefined ? "seeds differ" : `seed ${seed}`,
    reps === undefined ? "replications differ" : plural(reps, "replication") + " each",
    horizon === undefined ? undefined : `horizon ${shortDuration(horizon)}`,
  ];
  return parts.filter((p) => p !== undefined).join(" · ");
}
