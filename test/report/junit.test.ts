import { describe, expect, it } from "vitest";
import { renderJunit, xmlEscape } from "../../src/report/junit.js";
import { checkReport, compareScenario, gateSettings } from "../../src/report/regression.js";
import { around, entry, run } from "./gate-fixtures.js";
import { findAll, readXml } from "./xml-reader.js";

const noSettings = gateSettings({}, () => "flags");
const mttr = around(3600, 1200);
const events = around(140, 10).map(Math.round);

/** Two scenarios: `fast` unchanged, `slow` with MTTR +20% (regressed), a metric gone and one new. */
function report() {
  const fast = compareScenario(entry({ mttr_s: ["s", mttr], events: ["count", events] }, "fast"), run({ mttr_s: ["s", mttr], events: ["count", events] }, { name: "fast" }), [noSettings]);
  const slow = compareScenario(
    entry({ mttr_s: ["s", mttr], events: ["count", events] }, "slow"),
    run({ mttr_s: ["s", mttr.map((x) => x * 1.2)], outages: ["count", events] }, { name: "slow", hash: "sha256:bb" }),
    [noSettings],
  );
  return checkReport("ci/baseline.json", [fast, slow]);
}

describe("xmlEscape", () => {
  it("escapes the five special characters", () => {
    expect(xmlEscape(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
  });

  it("replaces characters XML 1.0 cannot carry, and keeps a valid surrogate pair", () => {
    expect(xmlEscape("a\u0000b\u001Bc\uD800d😀")).toBe("a\uFFFDb\uFFFDc\uFFFDd😀");
  });

  it("keeps newlines in content but writes them as references in attributes", () => {
    expect(xmlEscape("a\nb\tc\rd")).toBe("a\nb\tc&#13;d");
    expect(xmlEscape("a\nb\tc", true)).toBe("a&#10;b&#9;c");
  });
});

describe("readXml (the test's own reader)", () => {
  it.each([
    ["<a><b></a></b>", /closes/],
    ["<a x=1/>", /key="value"/],
    ['<a x="1" x="2"/>', /duplicate/],
    ["<a>1 < 2</a>", /expected a name|raw/],
    ["<a>&nbsp;</a>", /unknown entity/],
    ["<a>\u0001</a>", /not allowed/],
    ["<a></a><b/>", /after the root/],
  ])("rejects %j", (text, message) => {
    expect(() => readXml(text)).toThrow(message);
  });
});

describe("renderJunit", () => {
  const xml = renderJunit(report());
  const root = readXml(xml);

  it("is well-formed XML with a UTF-8 prolog", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe("testsuites");
  });

  it("has one testsuite per scenario and one testcase per metric", () => {
    const suites = findAll(root, "testsuite");
    expect(suites.map((s) => s.attributes.name)).toEqual(["fast", "slow"]);
    expect(findAll(suites[0]!, "testcase").map((t) => t.attributes.name)).toEqual(["events", "mttr_s"]);
    expect(findAll(suites[1]!, "testcase").map((t) => t.attributes.name)).toEqual(["events", "mttr_s", "outages"]);
    expect(suites.map((s) => s.attributes.tests)).toEqual(["2", "3"]);
  });

  it("counts and marks the regression with a <failure> naming the metric and its change", () => {
    expect(root.attributes).toMatchObject({ tests: "5", failures: "1", errors: "0" });
    const failures = findAll(root, "failure");
    expect(failures).toHaveLength(1);
    expect(failures[0]!.attributes.type).toBe("regressed");
    expect(failures[0]!.attributes.message).toMatch(/^mttr_s: .* \(change \+.*, \+20%\); tolerance 0 \(lower-is-better\); paired-t p .*; regressed$/);
    expect(failures[0]!.text).toContain("the scenario file differs");
    const slow = findAll(root, "testsuite")[1]!;
    expect(slow.attributes).toMatchObject({ failures: "1", skipped: "2" });
  });

  it("skips new and missing metrics, and passes the others with their figures in <system-out>", () => {
    const skipped = findAll(root, "skipped").map((s) => s.attributes.message);
    expect(skipped).toEqual(["missing: not in this run", "new: not in the baseline"]);
    const fastCases = findAll(findAll(root, "testsuite")[0]!, "testcase");
    expect(findAll(fastCases[1]!, "system-out")[0]!.text).toMatch(/^mttr_s: 59.9421 -> 59.9421 min \(change 0, 0%\); .*identical values; ok$/);
  });

  it("escapes names that carry XML's special characters, so they read back unchanged", () => {
    const name = `a<b>&"c'\u0007`;
    const weird = compareScenario(entry({ [`m<&>"`]: ["count", events] }, name), run({ [`m<&>"`]: ["count", events] }, { name }), [noSettings]);
    const back = readXml(renderJunit(checkReport(`x&y.json`, [weird])));
    expect(back.attributes.name).toBe("ftsim check against x&y.json");
    expect(findAll(back, "testsuite")[0]!.attributes.name).toBe(`a<b>&"c'\uFFFD`);
    expect(findAll(back, "testcase")[0]!.attributes.name).toBe(`m<&>"`);
  });

  it("gives the same bytes for the same check (no timestamps)", () => {
    expect(renderJunit(report())).toBe(xml);
  });
});
