import { describe, expect, it } from "vitest";
import { headline, markdownCell, renderCheck } from "../../src/report/check-text.js";
import { checkReport, compareScenario, gateSettings, type CheckReport } from "../../src/report/regression.js";
import { around, entry, run } from "./gate-fixtures.js";

const noSettings = gateSettings({}, () => "flags");
const mttr = around(3 * 3600, 3600);
const availability = around(0.999, 0.0004);

function failing(name = "slow"): CheckReport {
  const check = compareScenario(
    entry({ availability: ["fraction", availability], mttr_s: ["s", mttr] }, name),
    run({ availability: ["fraction", availability], mttr_s: ["s", mttr.map((x) => x * 1.2)] }, { name, hash: "sha256:bb" }),
    [noSettings],
  );
  return checkReport("ci/baseline.json", [check], { not_checked: ["other"] });
}

function passing(): CheckReport {
  const check = compareScenario(entry({ mttr_s: ["s", mttr] }, "fast"), run({ mttr_s: ["s", mttr] }, { name: "fast" }), [noSettings]);
  return checkReport("ci/baseline.json", [check]);
}

describe("headline", () => {
  it("says pass or fail and counts the regressions", () => {
    expect(headline(passing())).toBe("PASS: no regression in 1 scenario");
    expect(headline(failing())).toBe("FAIL: 1 metric regressed in 1 of 1 scenario");
  });

  it("says when baseline metrics are missing from a passing run (a renamed mechanism is no longer gated)", () => {
    const check = compareScenario(
      entry({ mttr_s: ["s", mttr], "ras.false_takeovers": ["count", mttr] }, "fast"),
      run({ mttr_s: ["s", mttr], "rasx.false_takeovers": ["count", mttr] }, { name: "fast" }),
      [noSettings],
    );
    expect(headline(checkReport("ci/baseline.json", [check]))).toBe("PASS: no regression in 1 scenario; 1 baseline metric missing from this run, not gated");
  });
});

describe("table", () => {
  const text = renderCheck(failing(), "table");

  it("starts with the baseline and the verdict", () => {
    expect(text.split("\n")[0]).toBe("ftsim check against ci/baseline.json: FAIL: 1 metric regressed in 1 of 1 scenario");
  });

  it("has a row per metric with baseline, now, change, tolerance, test and verdict; durations in a readable unit", () => {
    expect(text).toMatch(/^mttr_s\s+lower\s+\d\.\d+\s+\d\.\d+\s+\+0\.\d+\s+\+20%\s+0\s+paired-t\s+<0\.0001\s+regressed\s+h$/m);
    expect(text).toMatch(/^availability\s+higher\s+0\.99\d*\s+0\.99\d*\s+0\s+0%\s+0\s+identical\s+-\s+ok\s+fraction$/m);
  });

  it("flags a changed scenario file and lists the baseline's scenarios that were not checked", () => {
    expect(text).toContain("SCENARIO CHANGED: slow.yaml differs from the file the baseline was made from (slow.yaml)");
    expect(text).toContain("in the baseline but not checked: other");
  });

  it("ends by naming each regression", () => {
    expect(text).toMatch(/FAIL: 1 metric regressed in 1 of 1 scenario:\n {2}slow: mttr_s \d\.\d+ -> \d\.\d+ h \(\+0\.\d+ h, \+20%; tolerance 0; paired-t p <0\.0001\)\n$/);
  });
});

describe("markdown", () => {
  it("opens with a marker comment and a headline a pull request shows at a glance", () => {
    const [marker, title] = renderCheck(failing(), "markdown").split("\n");
    expect(marker).toBe("<!-- ftsim-check -->");
    expect(title).toBe("### ❌ ftsim check: FAIL: 1 metric regressed in 1 of 1 scenario");
    expect(renderCheck(passing(), "markdown").split("\n")[1]).toBe("### ✅ ftsim check: PASS: no regression in 1 scenario");
  });

  it("has one table of every metric, regressions first", () => {
    const rows = renderCheck(failing(), "markdown")
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| |"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\| ❌ \| slow \| `mttr_s` \| \d\.\d+ h \| \d\.\d+ h \| \+0\.\d+ h \(\+20%\) \| 0 \| paired-t \| &lt;0\.0001 \| \*\*regressed\*\* \|$/);
    expect(rows[1]).toMatch(/^\| {2}\| slow \| `availability` \|.*\| ok \|$/);
  });

  it("escapes what would break a table or inject HTML", () => {
    expect(markdownCell("a|b\n<script>&")).toBe("a\\|b &lt;script&gt;&amp;");
    const md = renderCheck(failing("x|<b>"), "markdown");
    expect(md).toContain("| x\\|&lt;b&gt; |");
    expect(md).not.toContain("<b>");
  });
});

describe("json", () => {
  it("is the ftsim.check/v1 report", () => {
    const parsed = JSON.parse(renderCheck(failing(), "json")) as CheckReport;
    expect(parsed).toMatchObject({ schema: "ftsim.check/v1", outcome: "fail", counts: { regressed: 1, ok: 1 } });
    expect(parsed.scenarios[0]!.rows.map((r) => r.metric)).toEqual(["availability", "mttr_s"]);
  });
});

describe("the check as CSV", () => {
  it("has one row per scenario and metric, in SI units, with the verdict", () => {
    const lines = renderCheck(failing('a,"b"'), "csv").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "scenario,metric,unit,direction,baseline,now,change,relative_change,tolerance,allowed_change,test,test_n,diff_ci95_lo,diff_ci95_hi,p_value,verdict",
    );
    const mttrRow = lines.find((l) => l.includes(",mttr_s,"))!;
    expect(mttrRow.startsWith('"a,""b""",mttr_s,s,lower-is-better,')).toBe(true);
    expect(mttrRow.endsWith(",regressed")).toBe(true);
    expect(lines).toHaveLength(1 + failing().scenarios.reduce((n, s) => n + s.rows.length, 0));
  });
});
