/**
 * The regression check: a baseline scenario and a new run of it → one
 * verdict per metric. Pure: no files, no runs.
 *
 * A metric regresses when it moved in its bad direction by more than its
 * tolerance AND the change is statistically significant (the 95% interval
 * of the difference excludes 0). The test is the paired Student-t test on
 * the per-replication differences when both runs have per-replication values
 * for the same seed and replications (common random numbers: unchanged code
 * gives a difference of exactly 0), else Welch's t-test from the summaries.
 * A ratio metric (`mttr_s`, `mtbf_s`, a mechanism's mean over events) is
 * tested on the difference of its pooled ratios with the paired delta-method
 * interval, the estimator `ftsim compare` reports, when both runs carry
 * its per-replication parts (`ratios`).
 */
import type { BaselineScenario, PerReplicationValues } from "../run/baseline.js";
import type { ScenarioIdentity } from "../run/result.js";
import { pairedRatioDifference, studentTCdf, studentTQuantile, type MetricSummary } from "../stats/index.js";
import { VERSION } from "../version.js";
import { resolveGate, type Direction, type Gate, type GateSettings } from "./gate-settings.js";
import { naturalCompare } from "../math/natural-order.js";

// The gate's settings are part of this module's API.
export * from "./gate-settings.js";

// ---------------------------------------------------------------- tests

/** How two runs of a metric were compared. */
export type TestKind = "identical" | "paired-t" | "paired-ratio" | "welch-t" | "none";

/** A test's outcome: the 95% interval of the difference (now − baseline) and the two-sided p-value. */
interface TestOutcome {
  test: TestKind;
  /** Pairs (paired) or replications now + baseline (Welch). */
  n: number;
  ci95: [number, number] | null;
  p: number | null;
}

function twoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
}

/**
 * Paired Student-t test on the replications where both runs have a value:
 * d_r = now_r − baseline_r, mean ± t(0.975; n − 1)·s/√n.
 */
export function pairedTest(baseline: readonly (number | null)[], now: readonly (number | null)[]): TestOutcome {
  const d: number[] = [];
  let samePattern = baseline.length === now.length;
  for (let r = 0; r < Math.max(baseline.length, now.length); r++) {
    const a = baseline[r] ?? null;
    const b = now[r] ?? null;
    if ((a === null) !== (b === null)) samePattern = false;
    if (a !== null && b !== null) d.push(b - a);
  }
  const n = d.length;
  if (samePattern && d.every((x) => x === 0)) return { test: "identical", n, ci95: [0, 0], p: 1 };
  if (n < 2) return { test: "none", n, ci95: null, p: null };
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  const se = Math.sqrt(variance / n);
  if (se === 0) return { test: "paired-t", n, ci95: [mean, mean], p: mean === 0 ? 1 : 0 };
  const half = studentTQuantile(0.975, n - 1) * se;
  return { test: "paired-t", n, ci95: [mean - half, mean + half], p: twoSidedP(mean / se, n - 1) };
}

/** Per-replication [numerator, denominator] of a ratio metric. */
type RatioParts = readonly (readonly [number, number])[];

/**
 * The paired test of two pooled ratios: the difference of Σnum/Σden now and
 * in the baseline, with the delta-method interval over the paired
 * replications (the same as `ftsim compare`).
 */
export function pairedRatioTest(baseline: RatioParts, now: RatioParts): TestOutcome {
  const n = Math.min(baseline.length, now.length);
  if (baseline.length === now.length && baseline.every(([x, y], r) => x === now[r]![0] && y === now[r]![1])) {
    return { test: "identical", n, ci95: [0, 0], p: 1 };
  }
  const cell = ([numerator, denominator]: readonly [number, number]) => ({ numerator, denominator });
  const d = pairedRatioDifference(baseline.map(cell), now.map(cell));
  if (d.ci95 === null) return { test: "none", n, ci95: null, p: null };
  return { test: "paired-ratio", n, ci95: d.ci95, p: d.p_value };
}

/**
 * The standard error of a summary's mean, from its 95% interval: the wider
 * half (the interval may be clipped on one side to the metric's range) over
 * t(0.975; n − 1). This also holds for the pooled ratios (MTTR, MTBF), whose
 * interval is the delta method's, not stddev/√n.
 */
function standardError(s: MetricSummary): number {
  const half = Math.max(s.mean - s.ci95[0], s.ci95[1] - s.mean, 0);
  return half / studentTQuantile(0.975, s.n - 1);
}

/** Welch's t-test from two summaries (Welch–Satterthwaite degrees of freedom). */
export function welchTest(baseline: MetricSummary, now: MetricSummary): TestOutcome {
  const n = baseline.n + now.n;
  const same = baseline.mean === now.mean && baseline.stddev === now.stddev && baseline.n === now.n;
  if (same && baseline.ci95[0] === now.ci95[0] && baseline.ci95[1] === now.ci95[1]) return { test: "identical", n, ci95: [0, 0], p: 1 };
  if (baseline.n < 2 || now.n < 2) return { test: "none", n, ci95: null, p: null };
  const diff = now.mean - baseline.mean;
  const va = standardError(baseline) ** 2;
  const vb = standardError(now) ** 2;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { test: "welch-t", n, ci95: [diff, diff], p: diff === 0 ? 1 : 0 };
  const df = (va + vb) ** 2 / (va ** 2 / (baseline.n - 1) + vb ** 2 / (now.n - 1));
  const half = studentTQuantile(0.975, df) * se;
  return { test: "welch-t", n, ci95: [diff - half, diff + half], p: twoSidedP(diff / se, df) };
}

// ---------------------------------------------------------------- verdicts

/** The verdict on one metric; only `regressed` fails the check. */
export const VERDICTS = [
  "regressed",
  "changed-within-tolerance",
  "improved",
  "changed",
  "not-significant",
  "new",
  "missing",
  "ok",
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One metric of one scenario: baseline, now, change, verdict. */
export interface CheckRow {
  metric: string;
  unit: string;
  direction: Direction;
  /** Baseline mean (null for a new metric). */
  baseline: number | null;
  /** Mean now (null for a missing metric). */
  now: number | null;
  /** now − baseline. */
  change: number | null;
  /** change / |baseline|; null when either is null or the baseline is 0. */
  relative_change: number | null;
  /** The tolerance as written (`*`'s when that applied); null for the default (0). */
  tolerance: string | null;
  /** How far the metric may move in its bad direction, in its unit (0 by default; null when informational). */
  allowed_change: number | null;
  test: TestKind;
  /** Pairs (paired-t) or replications in both runs (welch-t). */
  test_n: number;
  /** 95% interval of the difference the test used (for paired-t, of the mean per-replication difference). */
  difference_ci95: [number, number] | null;
  /** Two-sided p-value of "no difference". */
  p_value: number | null;
  verdict: Verdict;
}

/** The new side of a comparison: a completed run's summaries and per-replication values. */
export interface RunSide {
  scenario: ScenarioIdentity;
  seed: number | string;
  replications: number;
  metrics: Record<string, MetricSummary>;
  values?: PerReplicationValues;
  /** Per ratio metric, each replication's [numerator, denominator] (a result's `ratios`). */
  ratios?: Record<string, [number, number][]>;
}

/** The check of one scenario. */
export interface ScenarioCheck {
  name: string;
  /** The file checked now. */
  file: string;
  /** The file the baseline was made from. */
  baseline_file: string;
  /** The scenario file's content differs from the baseline's (compared all the same). */
  scenario_changed: boolean;
  seed: number | string;
  replications: number;
  rows: CheckRow[];
  regressions: number;
}

function compareMetric(
  metric: string,
  base: MetricSummary | undefined,
  now: MetricSummary | undefined,
  pairs:
    | { baseline?: readonly (number | null)[]; now?: readonly (number | null)[]; baselineRatio?: RatioParts; nowRatio?: RatioParts }
    | undefined,
  gate: Gate,
): CheckRow {
  const unit = (base ?? now)!.unit;
  const baseline = base?.mean ?? null;
  const current = now?.mean ?? null;
  const change = baseline !== null && current !== null ? current - baseline : null;
  const tolerance = gate.tolerance;
  const allowed =
    gate.direction === "none"
      ? null
      : tolerance === undefined
        ? 0
        : tolerance.kind === "relative"
          ? (tolerance.amount / 100) * Math.abs(baseline ?? 0)
          : tolerance.amount;
  const row: CheckRow = {
    metric,
    unit,
    direction: gate.direction,
    baseline,
    now: current,
    change,
    relative_change: change !== null && baseline !== 0 ? change / Math.abs(baseline!) : null,
    tolerance: tolerance?.text ?? null,
    allowed_change: allowed,
    test: "none",
    test_n: 0,
    difference_ci95: null,
    p_value: null,
    verdict: base === undefined ? "new" : "missing",
  };
  if (base === undefined || now === undefined || change === null) return row;
  const outcome =
    pairs?.baselineRatio !== undefined && pairs.nowRatio !== undefined && pairs.baselineRatio.length === pairs.nowRatio.length
      ? pairedRatioTest(pairs.baselineRatio, pairs.nowRatio)
      : pairs?.baseline !== undefined && pairs.now !== undefined && pairs.baseline.length === pairs.now.length
      ? pairedTest(pairs.baseline, pairs.now)
      : welchTest(base, now);
  row.test = outcome.test;
  row.test_n = outcome.n;
  row.difference_ci95 = outcome.ci95;
  row.p_value = outcome.p;
  row.verdict = verdict(change, outcome, gate.direction, allowed);
  return row;
}

function verdict(change: number, outcome: TestOutcome, direction: Direction, allowed: number | null): Verdict {
  if (outcome.test === "identical") return "ok";
  const ci = outcome.ci95;
  // Significant: the interval excludes 0 on the side of the change the means show (the paired
  // ratio test is centred on the change itself; the paired t on per-replication values need not be).
  const significant = ci !== null && ((change > 0 && ci[0] > 0) || (change < 0 && ci[1] < 0));
  if (!significant) return "not-significant";
  if (direction === "none") return "changed";
  const bad = direction === "lower-is-better" ? change > 0 : change < 0;
  if (!bad) return "improved";
  return Math.abs(change) > (allowed ?? 0) ? "regressed" : "changed-within-tolerance";
}

/**
 * Compares a new run of a scenario with its baseline entry, metric by metric
 * (the union of both runs' metrics, in natural name order: g2 before g10).
 * @param layers settings, lowest precedence first: see {@link settingsLayers}
 * @throws {ToleranceError} on a conflicting setting
 */
export function compareScenario(entry: BaselineScenario, run: RunSide, layers: readonly GateSettings[]): ScenarioCheck {
  const paired = entry.seed === run.seed && entry.replications === run.replications && run.values !== undefined;
  const names = [...new Set([...Object.keys(entry.metrics), ...Object.keys(run.metrics)])].sort(naturalCompare);
  const rows = names.map((metric) => {
    const unit = (entry.metrics[metric] ?? run.metrics[metric])!.unit;
    const pairs = paired
      ? { baseline: entry.values[metric], now: run.values?.[metric], baselineRatio: entry.ratios?.[metric], nowRatio: run.ratios?.[metric] }
      : undefined;
    return compareMetric(metric, entry.metrics[metric], run.metrics[metric], pairs, resolveGate(metric, unit, layers));
  });
  return {
    name: entry.scenario.name,
    file: run.scenario.file,
    baseline_file: entry.scenario.file,
    scenario_changed: entry.scenario.hash !== run.scenario.hash,
    seed: run.seed,
    replications: run.replications,
    rows,
    regressions: rows.filter((r) => r.verdict === "regressed").length,
  };
}

/** The whole check (`ftsim.check/v1`). */
export interface CheckReport {
  schema: "ftsim.check/v1";
  ftsim_version: string;
  /** The baseline file, as given. */
  baseline: string;
  /** `fail` when any metric regressed. */
  outcome: "pass" | "fail";
  /** Metrics per verdict, over every scenario. */
  counts: Record<Verdict, number>;
  scenarios: ScenarioCheck[];
  /** Scenarios not in the baseline (allowed with --allow-new), not compared. */
  new_scenarios: { name: string; file: string }[];
  /** Scenarios in the baseline that were not checked. */
  not_checked: string[];
}

/** Puts the scenario checks together into the report. */
export function checkReport(
  baseline: string,
  scenarios: readonly ScenarioCheck[],
  extra: { new_scenarios?: { name: string; file: string }[]; not_checked?: string[] } = {},
): CheckReport {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const s of scenarios) for (const r of s.rows) counts[r.verdict]++;
  return {
    schema: "ftsim.check/v1",
    ftsim_version: VERSION,
    baseline,
    outcome: counts.regressed > 0 ? "fail" : "pass",
    counts,
    scenarios: [...scenarios],
    new_scenarios: extra.new_scenarios ?? [],
    not_checked: extra.not_checked ?? [],
  };
}
