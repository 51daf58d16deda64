import { describe, expect, it } from "vitest";
import {
  checkReport,
  checkSettingNames,
  compareScenario,
  defaultDirection,
  gateSettings,
  pairedTest,
  parseAssignment,
  parseDirection,
  parseTolerance,
  resolveGate,
  settingsLayers,
  ToleranceError,
  welchTest,
  type CheckRow,
  type GateSettings,
} from "../../src/report/regression.js";
import { studentTQuantile, summarize } from "../../src/stats/index.js";
import { around, entry, run } from "./gate-fixtures.js";

const flags = (tolerances: Record<string, string> = {}, directions: Record<string, string> = {}): GateSettings =>
  gateSettings({ tolerances, directions }, (kind, m) => `--${kind === "tolerances" ? "tolerance" : "direction"} ${m}`);

const row = (rows: readonly CheckRow[], metric: string): CheckRow => {
  const found = rows.find((r) => r.metric === metric);
  if (found === undefined) throw new Error(`no row ${metric}`);
  return found;
};

describe("defaultDirection", () => {
  it.each([
    ["availability", "higher-is-better"],
    ["component_availability", "higher-is-better"],
    ["unavailability", "lower-is-better"],
    ["downtime_s", "lower-is-better"],
    ["outages", "lower-is-better"],
    ["mttr_s", "lower-is-better"],
    ["mtbf_s", "higher-is-better"],
    ["events", "none"],
    ["pair.switchovers", "none"],
    ["pair.switchover_time_s", "lower-is-better"],
    ["pair.uncovered_failures", "lower-is-better"],
    ["pair.uncovered_recovery_time_s", "lower-is-better"],
    ["raid.data_loss_bytes", "lower-is-better"],
    ["raid.time_to_data_loss_s", "higher-is-better"],
    ["nfv.time_to_restore_s", "lower-is-better"],
    ["ras.detection_latency_s", "lower-is-better"],
    ["dr.rto_s", "lower-is-better"],
    ["migration.pages_copied", "none"],
  ])("%s is %s", (metric, direction) => {
    expect(defaultDirection(metric)).toBe(direction);
  });

  it("applies the rule to the last segment only (a mechanism named 'outage' does not make its counts bad)", () => {
    expect(defaultDirection("outage.switchovers")).toBe("none");
  });
});

describe("parseTolerance", () => {
  it("reads a signed percentage as relative, the sign naming the bad direction", () => {
    expect(parseTolerance("+5%", "t")).toEqual({ text: "+5%", sign: "+", kind: "relative", amount: 5, duration: false });
  });

  it("reads a signed bare number as absolute, in the metric's unit", () => {
    expect(parseTolerance("-0.0001", "t")).toEqual({ text: "-0.0001", sign: "-", kind: "absolute", amount: 0.0001, duration: false });
  });

  it("accepts no sign", () => {
    expect(parseTolerance("2.5%", "t")).toMatchObject({ kind: "relative", amount: 2.5 });
    expect(parseTolerance("1e-4", "t")).toMatchObject({ kind: "absolute", amount: 1e-4 });
    expect(parseTolerance("2.5%", "t").sign).toBeUndefined();
  });

  it("reads a duration with a unit in seconds", () => {
    expect(parseTolerance("+30s", "t")).toMatchObject({ sign: "+", kind: "absolute", amount: 30, duration: true });
    expect(parseTolerance("+5min", "t")).toMatchObject({ amount: 300, duration: true });
  });

  it.each(["+5x", "", "5%%", "--5", "+-5%", "abc", "+", "%", "5 % extra"])("rejects %j with an example of what is expected", (text) => {
    expect(() => parseTolerance(text, "--tolerance mttr_s")).toThrow(ToleranceError);
    expect(() => parseTolerance(text, "--tolerance mttr_s")).toThrow(
      new RegExp(`^--tolerance mttr_s: expected a tolerance such as \\+5%, -0\\.0001 or \\+30s .*got "${text.replace(/[+%]/g, "\\$&")}"`),
    );
  });

  it("says what is wrong with a unit", () => {
    expect(() => parseTolerance("+5hr", "t")).toThrow(/unit "hr".*did you mean "h"/);
  });
});

describe("parseAssignment and parseDirection", () => {
  it("splits metric=value", () => {
    expect(parseAssignment("--tolerance", "pair.switchover_time_s=+10%", "x")).toEqual(["pair.switchover_time_s", "+10%"]);
  });

  it("rejects a flag without '=' or without a metric name", () => {
    expect(() => parseAssignment("--tolerance", "mttr_s+5%", "mttr_s=+5%")).toThrow('--tolerance: expected metric=value such as mttr_s=+5%; got "mttr_s+5%"');
    expect(() => parseAssignment("--tolerance", "=+5%", "mttr_s=+5%")).toThrow(ToleranceError);
  });

  it("suggests the direction meant by a misspelling", () => {
    expect(parseDirection("none", "d")).toBe("none");
    expect(() => parseDirection("higher-is-beter", "--direction events")).toThrow(
      '--direction events: expected one of higher-is-better, lower-is-better, none; got "higher-is-beter" (did you mean "higher-is-better"?)',
    );
  });
});

describe("resolveGate", () => {
  it("uses ftsim's direction and no tolerance by default", () => {
    expect(resolveGate("mttr_s", "s", [flags()])).toEqual({ direction: "lower-is-better" });
  });

  it("applies an unsigned tolerance to the metric's bad direction", () => {
    expect(resolveGate("availability", "fraction", [flags({ availability: "0.0001" })])).toMatchObject({
      direction: "higher-is-better",
      tolerance: { amount: 0.0001 },
    });
  });

  it("refuses a sign against the metric's direction, and shows the sign to write", () => {
    expect(() => resolveGate("availability", "fraction", [flags({ availability: "+0.0001" })])).toThrow(
      /--tolerance availability: "\+0\.0001" says an increase of availability is bad, but availability is higher-is-better; write -0\.0001/,
    );
  });

  it("makes an informational metric gated by a signed tolerance", () => {
    expect(resolveGate("events", "count", [flags({ events: "+10%" })])).toMatchObject({ direction: "lower-is-better" });
  });

  it("refuses an unsigned tolerance on an informational metric", () => {
    expect(() => resolveGate("events", "count", [flags({ events: "10%" })])).toThrow(/events is informational.*write \+10%/);
  });

  it("refuses a duration tolerance for a metric not in seconds", () => {
    expect(() => resolveGate("availability", "fraction", [flags({ availability: "-5s" })])).toThrow(/"-5s" is a duration, but availability is in fraction/);
  });

  it("lets an explicit direction override ftsim's, and refuses a sign that contradicts it", () => {
    expect(resolveGate("pair.switchovers", "count", [flags({}, { switchovers: "lower-is-better" })])).toEqual({ direction: "lower-is-better" });
    expect(() => resolveGate("events", "count", [flags({ events: "+5%" }, { events: "none" })])).toThrow(/sets it to none/);
  });

  it("takes the highest layer (flags over the baseline file), and within a layer the full name over the last segment", () => {
    const file = gateSettings({ tolerances: { mttr_s: "+5%" } }, () => "file");
    expect(resolveGate("mttr_s", "s", [file, flags({ mttr_s: "+10%" })]).tolerance?.amount).toBe(10);
    expect(resolveGate("mttr_s", "s", [file, flags()]).tolerance?.amount).toBe(5);
    const both = flags({ switchover_time_s: "+1%", "pair.switchover_time_s": "+2%" });
    expect(resolveGate("pair.switchover_time_s", "s", [both]).tolerance?.amount).toBe(2);
    expect(resolveGate("other.switchover_time_s", "s", [both]).tolerance?.amount).toBe(1);
  });

  it("applies a '*' tolerance to every gated metric without one of its own, even one set in a lower layer", () => {
    const file = gateSettings({ tolerances: { mttr_s: "+5%" } }, () => "file");
    const every = flags({ "*": "2%" });
    expect(resolveGate("availability", "fraction", [file, every]).tolerance?.text).toBe("2%");
    expect(resolveGate("mttr_s", "s", [file, every]).tolerance?.text).toBe("+5%");
    expect(resolveGate("events", "count", [file, every])).toEqual({ direction: "none" });
  });

  it("refuses a signed or absolute '*' tolerance", () => {
    expect(() => flags({ "*": "+2%" })).toThrow(/"\*" \(every gated metric\) takes an unsigned percentage such as 2%; got "\+2%"/);
    expect(() => flags({ "*": "0.001" })).toThrow(ToleranceError);
  });

  it("names the baseline file and entry in messages from settingsLayers", () => {
    const layers = settingsLayers("ci/b.json", { tolerances: {}, directions: {} }, { tolerances: { availability: "+1%" } }, 3, flags());
    expect(() => resolveGate("availability", "fraction", layers)).toThrow(/^ci\/b\.json: scenarios\.3\.tolerances\.availability: /);
  });
});

describe("checkSettingNames", () => {
  it("accepts full names and last segments", () => {
    expect(() => checkSettingNames(flags({ switchover_time_s: "+1%", "pair.switchovers": "+1%" }), ["pair.switchover_time_s", "pair.switchovers"], "x")).not.toThrow();
  });

  it("accepts '*' as a tolerance key but not as a direction key", () => {
    expect(() => checkSettingNames(flags({ "*": "1%" }), ["mttr_s"], "x")).not.toThrow();
    expect(() => checkSettingNames(flags({}, { "*": "none" }), ["mttr_s"], "x")).toThrow(/no metric named "\*"/);
  });

  it("suggests the metric meant by a misspelling", () => {
    expect(() => checkSettingNames(flags({ mtr_s: "+5%" }), ["mttr_s", "availability"], "the baseline b.json")).toThrow(
      '--tolerance mtr_s: no metric named "mtr_s" in the baseline b.json (did you mean "mttr_s"?)',
    );
  });

  it("lists the metrics when nothing is close", () => {
    expect(() => checkSettingNames(flags({}, { zzzzzz: "none" }), ["mttr_s", "availability"], "x")).toThrow(/\(metrics: mttr_s, availability\)/);
  });
});

describe("pairedTest", () => {
  it("finds identical values identical: difference exactly 0, p = 1", () => {
    const v = around(10, 3);
    expect(pairedTest(v, [...v])).toEqual({ test: "identical", n: 30, ci95: [0, 0], p: 1 });
  });

  it("pairs only replications where both runs have a value", () => {
    const outcome = pairedTest([1, null, 3, 4], [2, 5, null, 6]);
    expect(outcome).toMatchObject({ test: "paired-t", n: 2 });
  });

  it("gives the Student-t interval of the mean difference", () => {
    const base = around(10, 3);
    const diffs = around(0.5, 1);
    const outcome = pairedTest(base, base.map((x, i) => x + diffs[i]!));
    const s = summarize(diffs, "s");
    expect(outcome.ci95![0]).toBeCloseTo(s.ci95[0], 10);
    expect(outcome.ci95![1]).toBeCloseTo(s.ci95[1], 10);
    const t = s.mean / (s.stddev / Math.sqrt(30));
    // p < 0.05 exactly when |t| exceeds the 97.5% quantile
    expect(outcome.p! < 0.05).toBe(Math.abs(t) > studentTQuantile(0.975, 29));
  });

  it("treats a constant non-zero shift as certain", () => {
    const base = around(10, 3);
    expect(pairedTest(base, base.map((x) => x + 1))).toMatchObject({ test: "paired-t", p: 0 });
  });

  it("cannot test with fewer than two pairs", () => {
    expect(pairedTest([1, null], [2, null])).toEqual({ test: "none", n: 1, ci95: null, p: null });
  });
});

describe("welchTest", () => {
  it("matches Welch's t on two samples", () => {
    const a = around(10, 2);
    const b = around(11, 4, 20);
    const sa = summarize(a, "x");
    const sb = summarize(b, "x");
    const va = sa.stddev ** 2 / 30;
    const vb = sb.stddev ** 2 / 20;
    const df = (va + vb) ** 2 / (va ** 2 / 29 + vb ** 2 / 19);
    const half = studentTQuantile(0.975, df) * Math.sqrt(va + vb);
    const outcome = welchTest(sa, sb);
    expect(outcome.test).toBe("welch-t");
    expect(outcome.ci95![0]).toBeCloseTo(sb.mean - sa.mean - half, 9);
    expect(outcome.ci95![1]).toBeCloseTo(sb.mean - sa.mean + half, 9);
  });

  it("recovers the standard error from an interval clipped on one side", () => {
    const s = summarize(around(0.5, 0.4), "fraction");
    const clipped = { ...s, ci95: [Math.max(0.45, s.ci95[0]), s.ci95[1]] as [number, number] };
    expect(welchTest(clipped, { ...s, mean: s.mean + 0.01 }).ci95).toEqual(welchTest(s, { ...s, mean: s.mean + 0.01 }).ci95);
  });

  it("finds identical summaries identical", () => {
    const s = summarize(around(3, 1), "s");
    expect(welchTest(s, { ...s }).test).toBe("identical");
  });
});

describe("compareScenario", () => {
  const mttr = around(3600, 1200);
  const availability = around(0.999, 0.0004);
  const events = around(140, 10).map(Math.round);
  const base = entry({ mttr_s: ["s", mttr], availability: ["fraction", availability], events: ["count", events] });

  it("paired with unchanged values: every metric ok, difference exactly 0, the check passes", () => {
    const check = compareScenario(base, run({ mttr_s: ["s", mttr], availability: ["fraction", availability], events: ["count", events] }), [flags()]);
    expect(check.rows.map((r) => [r.metric, r.verdict, r.test, r.change])).toEqual([
      ["availability", "ok", "identical", 0],
      ["events", "ok", "identical", 0],
      ["mttr_s", "ok", "identical", 0],
    ]);
    expect(check.scenario_changed).toBe(false);
    expect(checkReport("b.json", [check]).outcome).toBe("pass");
  });

  const slower = run({ mttr_s: ["s", mttr.map((x) => x * 1.2)], availability: ["fraction", availability], events: ["count", events] }, { hash: "sha256:bb" });

  it("a repair time 20% longer regresses mttr_s under the default tolerance, and the check fails", () => {
    const check = compareScenario(base, slower, [flags()]);
    const r = row(check.rows, "mttr_s");
    expect(r).toMatchObject({ verdict: "regressed", test: "paired-t", tolerance: null, allowed_change: 0 });
    expect(r.relative_change).toBeCloseTo(0.2, 12);
    expect(check.regressions).toBe(1);
    expect(check.scenario_changed).toBe(true);
    const report = checkReport("b.json", [check]);
    expect(report.outcome).toBe("fail");
    expect(report.counts).toMatchObject({ regressed: 1, ok: 2 });
  });

  it("the same change within a +25% tolerance is changed-within-tolerance; beyond +15% it regresses", () => {
    expect(row(compareScenario(base, slower, [flags({ mttr_s: "+25%" })]).rows, "mttr_s").verdict).toBe("changed-within-tolerance");
    expect(row(compareScenario(base, slower, [flags({ mttr_s: "+15%" })]).rows, "mttr_s").verdict).toBe("regressed");
  });

  it("an absolute tolerance is in the metric's unit (here seconds, or a duration)", () => {
    // The change is 0.2 × mean(mttr) ≈ 720 s.
    expect(row(compareScenario(base, slower, [flags({ mttr_s: "+15min" })]).rows, "mttr_s")).toMatchObject({ verdict: "changed-within-tolerance", allowed_change: 900 });
    expect(row(compareScenario(base, slower, [flags({ mttr_s: "600" })]).rows, "mttr_s").verdict).toBe("regressed");
  });

  it("a change in the good direction is improved", () => {
    const faster = run({ mttr_s: ["s", mttr.map((x) => x * 0.9)], availability: ["fraction", availability.map((x) => x + 1e-5)], events: ["count", events] });
    const check = compareScenario(base, faster, [flags()]);
    expect(row(check.rows, "mttr_s").verdict).toBe("improved");
    expect(row(check.rows, "availability").verdict).toBe("improved");
  });

  it("a lower availability regresses; within an absolute tolerance it does not", () => {
    const worse = run({ mttr_s: ["s", mttr], availability: ["fraction", availability.map((x) => x - 5e-5)], events: ["count", events] });
    expect(row(compareScenario(base, worse, [flags()]).rows, "availability").verdict).toBe("regressed");
    expect(row(compareScenario(base, worse, [flags({ availability: "-0.0001" })]).rows, "availability").verdict).toBe("changed-within-tolerance");
  });

  it("noise with no shift is not significant, even in the bad direction", () => {
    const raw = around(0, 600);
    const noise = raw.map((x) => x - raw.reduce((s, y) => s + y, 0) / raw.length); // mean exactly ~0
    const noisy = run({ mttr_s: ["s", mttr.map((x, i) => x + noise[i]! + 20)], availability: ["fraction", availability], events: ["count", events] });
    const r = row(compareScenario(base, noisy, [flags()]).rows, "mttr_s");
    expect(r.change).toBeGreaterThan(0);
    expect(r.verdict).toBe("not-significant");
    expect(r.p_value).toBeGreaterThan(0.05);
  });

  it("an informational metric that changed is changed, never regressed", () => {
    const more = run({ mttr_s: ["s", mttr], availability: ["fraction", availability], events: ["count", events.map((x) => x * 2)] });
    const check = compareScenario(base, more, [flags()]);
    expect(row(check.rows, "events")).toMatchObject({ verdict: "changed", direction: "none", allowed_change: null });
    expect(check.regressions).toBe(0);
  });

  it("reports metrics only in the baseline as missing and only in the new run as new", () => {
    const check = compareScenario(base, run({ mttr_s: ["s", mttr], availability: ["fraction", availability], outages: ["count", events] }), [flags()]);
    expect(row(check.rows, "events")).toMatchObject({ verdict: "missing", now: null, change: null });
    expect(row(check.rows, "outages")).toMatchObject({ verdict: "new", baseline: null });
    expect(check.regressions).toBe(0);
  });

  it("falls back to Welch's test when the new run has no per-replication values or another seed", () => {
    const unpaired = run({ mttr_s: ["s", mttr.map((x) => x * 1.2)], availability: ["fraction", availability], events: ["count", events] }, { withValues: false });
    expect(row(compareScenario(base, unpaired, [flags()]).rows, "mttr_s").test).toBe("welch-t");
    const otherSeed = run({ mttr_s: ["s", mttr], availability: ["fraction", availability], events: ["count", events] }, { seed: 2 });
    expect(row(compareScenario(base, otherSeed, [flags()]).rows, "mttr_s").test).toBe("identical");
  });

  it("the unpaired Welch test misses a 20% shift that noise of this size hides, where the paired test finds it", () => {
    const noisyBase = entry({ mttr_s: ["s", around(3600, 3000)] });
    const shifted = around(3600, 3000).map((x) => x * 1.2);
    expect(row(compareScenario(noisyBase, run({ mttr_s: ["s", shifted] }), [flags()]).rows, "mttr_s").verdict).toBe("regressed");
    expect(row(compareScenario(noisyBase, run({ mttr_s: ["s", shifted] }, { withValues: false }), [flags()]).rows, "mttr_s").verdict).toBe("not-significant");
  });
});

describe("checkReport", () => {
  it("counts every verdict and passes with no regression", () => {
    const report = checkReport("b.json", [], { not_checked: ["x"] });
    expect(report).toMatchObject({ schema: "ftsim.check/v1", outcome: "pass", not_checked: ["x"], new_scenarios: [] });
    expect(Object.values(report.counts).every((n) => n === 0)).toBe(true);
  });
});

describe("compareScenario's row order (session review)", () => {
  it("lists per-group metrics in natural order, g2 before g10, as the run's results do", () => {
    const columns = { "rg.g10.availability": ["fraction", [0.9, 0.91]], "rg.g2.availability": ["fraction", [0.9, 0.91]] } satisfies Record<string, [string, number[]]>;
    const check = compareScenario(entry(columns), run(columns), [flags()]);
    expect(check.rows.map((r) => r.metric)).toEqual(["rg.g2.availability", "rg.g10.availability"]);
  });
});
