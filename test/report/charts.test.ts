/**
 * Chart specs (titles with units, CI layers, palette), their rendering to
 * SVG and PNG (text present, PNG size, identical bytes on every run), and
 * the inputs they refuse with a clear message.
 */
import { describe, expect, it } from "vitest";
import { barsChart } from "../../src/report/charts/bars.js";
import { shortDuration } from "../../src/report/charts/describe.js";
import { distributionChart } from "../../src/report/charts/distribution.js";
import { asResult, ChartInputError, type ChartableResult } from "../../src/report/charts/input.js";
import { displayScale, formatScaled, inSentence, metricLabel } from "../../src/report/charts/labels.js";
import { scenarioFieldUnit } from "../../src/report/charts/parameter-units.js";
import { PALETTE } from "../../src/report/charts/style.js";
import { sweepChart } from "../../src/report/charts/sweep.js";
import { naturalCompare, timelineChart, traceIntervals } from "../../src/report/charts/timeline.js";
import { parseTrace } from "../../src/report/charts/trace-input.js";
import { chartFormatOf, renderChart, renderSvg, svgToPng } from "../../src/report/render.js";
import { gridSweep, plainResult, traceFixture, variantsSweep } from "./chart-fixtures.js";

const HOUR = 3600;

/** The spec as plain JSON, for structural assertions without vega-lite's union types. */
type Json = any;
const json = (spec: unknown): Json => JSON.parse(JSON.stringify(spec));
const one = (result: ChartableResult, source = "r.json") => [{ source, result }];

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!m) throw new Error("no svg size");
  return { width: Number(m[1]), height: Number(m[2]) };
}

function expectInputError(f: () => unknown, pattern: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ChartInputError);
  expect((error as Error).message).toMatch(pattern);
}

describe("labels and units", () => {
  it("names metrics as readers expect, units out of the name", () => {
    expect(metricLabel("mttr_s")).toBe("MTTR");
    expect(metricLabel("downtime_s")).toBe("Down time");
    expect(metricLabel("pair.switchover_time_s")).toBe("pair: switchover time");
    expect(metricLabel("rebuild_bytes")).toBe("Rebuild");
    expect(inSentence("Outages")).toBe("outages");
    expect(inSentence("MTTR")).toBe("MTTR");
  });

  it("shows durations in s…y, sizes and rates in powers of 1000, fractions and counts without a unit", () => {
    expect(displayScale("s", 5 * HOUR)).toEqual({ unit: "h", factor: HOUR });
    expect(displayScale("bytes", 16e12)).toEqual({ unit: "TB", factor: 1e12 });
    expect(displayScale("bytes/s", 2e8)).toEqual({ unit: "MB/s", factor: 1e6 });
    expect(displayScale("fraction", 0.99).unit).toBeUndefined();
    expect(displayScale("count", 12).unit).toBeUndefined();
    expect(formatScaled(4.2133 * HOUR, displayScale("s", HOUR * 4))).toBe("4.213 h");
    expect(formatScaled(0.999339, displayScale("fraction", 1))).toBe("0.999339");
  });

  it("writes durations in subtitles as scenarios are written", () => {
    expect(shortDuration(31_557_600)).toBe("1 y");
    expect(shortDuration(30 * 86_400)).toBe("30 d");
    expect(shortDuration(50_000 * HOUR)).toBe("50000 h");
    expect(shortDuration(50_000 * HOUR + 1)).toBe("5.704 y");
  });

  it("finds the unit of a swept parameter from the scenario format", () => {
    expect(scenarioFieldUnit("components.web.mttr")).toBe("s");
    expect(scenarioFieldUnit("components.0.failure.mean")).toBe("s");
    expect(scenarioFieldUnit("horizon")).toBe("s");
    expect(scenarioFieldUnit("repair.crews")).toBeUndefined();
    expect(scenarioFieldUnit("components.web.count")).toBeUndefined();
    expect(scenarioFieldUnit("no.such.path")).toBeUndefined();
  });
});

describe("sweep chart", () => {
  const spec = json(sweepChart(gridSweep(), { metric: "mttr_s" }));

  it("has a title naming metric and parameter, and a subtitle with scenario, seed, replications and the 95% CI", () => {
    expect(spec.title.text).toBe("MTTR vs components.web.mttr");
    const subtitle = spec.title.subtitle.join("\n");
    expect(subtitle).toContain("quickstart");
    expect(subtitle).toContain("seed 1");
    expect(subtitle).toContain("20 replications per point");
    expect(subtitle).toContain("95% confidence interval");
  });

  it("puts the parameter on x in hours and the metric on y in hours, with units in the axis titles", () => {
    expect(spec.encoding.x.title).toBe("components.web.mttr (h)");
    expect(spec.layer[1].encoding.y.title).toBe("MTTR (h)");
    expect([...new Set(spec.data.values.map((r: Json) => r.x))]).toEqual([4, 8, 16, 32]);
  });

  it("draws the CI as a band from lo to hi under the mean line, one colour per value of the other parameter", () => {
    const [band, line] = spec.layer;
    expect(band.mark.type).toBe("area");
    expect(band.encoding.y.field).toBe("lo");
    expect(band.encoding.y2.field).toBe("hi");
    expect(band.encoding.y.stack).toBeNull();
    expect(line.mark.type).toBe("line");
    expect(line.encoding.y.field).toBe("mean");
    expect(spec.encoding.color.field).toBe("series");
    expect(spec.encoding.color.title).toBe("repair.crews");
    expect(spec.encoding.color.scale.range).toEqual([...PALETTE]);
    for (const r of spec.data.values) expect(r.lo).toBeLessThanOrEqual(r.mean), expect(r.hi).toBeGreaterThanOrEqual(r.mean);
  });

  it("takes the parameter asked for, and suggests one for a typo", () => {
    const crews = json(sweepChart(gridSweep(), { metric: "availability", param: "repair.crews" }));
    expect(crews.encoding.x.title).toBe("repair.crews");
    expect(crews.encoding.color.title).toBe("components.web.mttr");
    // Whole-number parameters get whole-number ticks (no "1.5 crews").
    expect(crews.encoding.x.axis).toEqual({ tickMinStep: 1, format: "d" });
    expectInputError(() => sweepChart(gridSweep(), { metric: "availability", param: "repair.crew" }), /did you mean "repair\.crews"/);
  });

  it("--mark draws a metric's mean over the points as a labelled dashed rule on the x axis, in the x unit", () => {
    const result = gridSweep();
    const spec = json(sweepChart(result, { metric: "availability", param: "components.web.mttr", marks: ["mttr_s"] }));
    expect(spec.layer).toHaveLength(4); // band, means, the rule, its label
    const rule = spec.layer[2];
    expect(rule.mark.type).toBe("rule");
    const mean = result.points!.reduce((a, p) => a + p.metrics.mttr_s!.mean, 0) / result.points!.length;
    expect(rule.data.values[0].x).toBeCloseTo(mean / HOUR, 9); // the axis is in hours
    expect(spec.layer[3].data.values[0].label).toMatch(/^MTTR = /);
    expectInputError(() => sweepChart(result, { metric: "availability", param: "components.web.mttr", marks: ["mtr_s"] }), /--mark: no point has the metric "mtr_s"; did you mean "mttr_s"\?/);
    expectInputError(() => sweepChart(result, { metric: "availability", param: "components.web.mttr", marks: ["availability"] }), /--mark: availability is in fraction, but the x axis is in s/);
  });

  it("refuses a result that is not a sweep, and a misspelt metric with a suggestion", () => {
    expectInputError(() => sweepChart(plainResult(), { metric: "availability" }, "run.json"), /run\.json is not a sweep result.*--kind distribution/);
    expectInputError(() => sweepChart(gridSweep(), { metric: "mtr_s" }), /unknown metric "mtr_s".*did you mean "mttr_s"/);
  });
});

describe("bars chart", () => {
  it("draws one horizontal bar per variant from zero with CI error bars", () => {
    const spec = json(barsChart(one(variantsSweep()), { metric: "mttr_s" }));
    expect(spec.encoding.y.sort).toEqual(["baseline", "two-crews", "fast-repair"]);
    const [bars, errors] = spec.layer;
    expect(bars.mark.type).toBe("bar");
    expect(bars.encoding.x.title).toBe("MTTR (h)");
    expect(errors.mark.type).toBe("errorbar");
    expect(errors.encoding.x.field).toBe("lo");
    expect(errors.encoding.x2.field).toBe("hi");
    expect(spec.title.subtitle.join(" ")).toContain("95% confidence interval");
  });

  it("becomes a dot plot, and says so, when bars from zero could not show the differences", () => {
    const spec = json(barsChart(one(variantsSweep()), { metric: "availability" }));
    expect(spec.layer[0].mark.type).toBe("point");
    expect(spec.layer[0].encoding.x.scale.zero).toBe(false);
    expect(spec.title.subtitle.join(" ")).toContain("does not start at 0");
  });

  it("compares several result files by scenario name, or by file name when names repeat", () => {
    const a = plainResult({ name: "a", mttrS: 4 * HOUR });
    const b = plainResult({ name: "b", mttrS: 8 * HOUR, seed: 3 });
    expect(json(barsChart([{ source: "x/a.json", result: a }, { source: "x/b.json", result: b }], { metric: "outages" })).encoding.y.sort).toEqual(["a", "b"]);
    const same = json(barsChart([{ source: "x/one.json", result: a }, { source: "x/two.json", result: { ...b, scenario: a.scenario } }], { metric: "outages" }));
    expect(same.encoding.y.sort).toEqual(["one", "two"]);
  });
});

describe("distribution chart", () => {
  it("histogram: bars of replications, the estimate as a dashed rule and its CI shaded, nulls counted in the subtitle", () => {
    const spec = json(distributionChart(one(plainResult()), { metric: "mttr_s" }));
    expect(spec.title.text).toBe("Distribution of MTTR over replications");
    expect(spec.layer.map((l: Json) => l.mark.type)).toEqual(["rect", "rect", "rule"]);
    expect(spec.layer[1].encoding.x.title).toBe("MTTR per replication (h)");
    // The bins are counted in ftsim, not by vega's bin transform: no `bin` anywhere, heights add up to the values.
    expect(JSON.stringify(spec)).not.toMatch(/"bin":/);
    const defined = plainResult().values!.mttr_s!.filter((v) => v !== null).length;
    expect(spec.layer[1].data.values.reduce((a: number, b: Json) => a + b.n, 0)).toBe(defined);
    expect(spec.layer[1].encoding.y.title).toBe("Replications");
    expect(spec.layer[2].mark.strokeDash).toBeDefined();
    const nulls = plainResult().values!.mttr_s!.filter((v) => v === null).length;
    expect(nulls).toBeGreaterThan(0);
    expect(spec.title.subtitle.join(" ")).toContain(`${nulls} without a value of mttr_s`);
  });

  it("histogram of a count: one bar per integer value, heights adding up to the replications", () => {
    const spec = json(distributionChart(one(plainResult()), { metric: "outages" }));
    const bars = spec.layer[1];
    expect(bars.mark.type).toBe("rect");
    const total = bars.data.values.reduce((s: number, r: Json) => s + r.n, 0);
    expect(total).toBe(30);
    for (const r of bars.data.values) expect(r.hi - r.lo).toBeCloseTo(0.8);
  });

  it("ECDF: a non-decreasing step line from 0 to 1 per point of a sweep", () => {
    const spec = json(distributionChart(one(gridSweep()), { metric: "downtime_s", style: "ecdf", points: ["components.web.mttr=4h, repair.crews=1", "components.web.mttr=32h, repair.crews=1"] }));
    expect(spec.mark.interpolate).toBe("step-after");
    expect(spec.encoding.y.scale.domain).toEqual([0, 1]);
    for (const series of ["components.web.mttr=4h, repair.crews=1", "components.web.mttr=32h, repair.crews=1"]) {
      const rows = spec.data.values.filter((r: Json) => r.series === series);
      expect(rows[0].p).toBe(0);
      expect(rows.at(-1).p).toBe(1);
      for (let i = 1; i < rows.length; i++) expect(rows[i].p).toBeGreaterThanOrEqual(rows[i - 1].p), expect(rows[i].x).toBeGreaterThanOrEqual(rows[i - 1].x);
    }
  });

  it("ECDF of several result files: one line per file, named by scenario", () => {
    const a = plainResult({ name: "a" });
    const b = plainResult({ name: "b", mttrS: 30 * HOUR, seed: 9 });
    const spec = json(distributionChart([{ source: "a.json", result: a }, { source: "b.json", result: b }], { metric: "mttr_s", style: "ecdf" }));
    expect(spec.encoding.color.sort).toEqual(["a", "b"]);
    const finite = (v: number | null) => v !== null;
    expect(spec.data.values.filter((r: Json) => r.series === "b")).toHaveLength(b.values!.mttr_s!.filter(finite).length + 1);
  });

  it("refuses a histogram of several distributions, points that do not exist, and results without values", () => {
    expectInputError(() => distributionChart(one(gridSweep()), { metric: "mttr_s" }), /histogram shows one distribution.*--style ecdf/);
    expectInputError(() => distributionChart(one(gridSweep()), { metric: "mttr_s", points: ["nope"] }), /no point named "nope"/);
    const { values: _dropped, ...old } = plainResult();
    expectInputError(() => distributionChart(one(old as ChartableResult, "old.json"), { metric: "mttr_s" }), /old\.json has no per-replication values/);
  });
});

describe("timeline chart", () => {
  const trace = parseTrace(traceFixture(), "t.jsonl");

  it("turns state events into intervals (open ones end at the horizon) and keeps other events as points", () => {
    const { intervals, events } = traceIntervals(trace);
    expect(intervals).toContainEqual({ component: "web[1]", state: "down", start: 400 * HOUR, end: 412 * HOUR, cause: "failure" });
    expect(intervals).toContainEqual({ component: "web[1]", state: "down", start: 8700 * HOUR, end: trace.header.horizon_s, cause: "failure" });
    expect(intervals).toContainEqual({ component: "cpu[10]", state: "slow", start: 3000 * HOUR, end: 3400 * HOUR, cause: "fail-slow" });
    expect(intervals.filter((i) => i.component === "service")).toHaveLength(2);
    expect(events.map((e) => e.event)).toEqual(["precursor", "partition", "heal", "ue"]);
  });

  it("has the service first, then components in natural order, with time in days for a one-year horizon", () => {
    const spec = json(timelineChart(trace));
    const order = spec.layer[1].encoding.y.sort;
    expect(order).toEqual(["service", "cpu[2]", "cpu[10]", "lb", "mem[0]", "net", "web[0]", "web[1]", "web[2]"]);
    expect(spec.layer[1].encoding.x.title).toBe("Simulated time (d)");
    expect(spec.layer[0].mark.type).toBe("rect"); // warm-up shading
    expect(spec.title.subtitle.join(" ")).toContain("service: 2 outages");
    expect(spec.layer[1].encoding.color.scale.domain).toEqual(["down", "hung", "slow"]);
  });

  it("a trace without service records (ftsim trace --components left it out) has no service row and says so, not \"0 outages\"", () => {
    const text = traceFixture()
      .split("\n")
      .filter((l) => !l.includes('"component":"service"'))
      .join("\n");
    const spec = json(timelineChart(parseTrace(text, "t.jsonl")));
    expect(spec.layer[1].encoding.y.sort).not.toContain("service");
    expect(spec.title.subtitle.join(" ")).toContain("service: no record in this trace");
    expect(spec.title.subtitle.join(" ")).not.toContain("0 outages");
  });

  it("filters rows with --components (a group name selects its instances), caps them, and says so", () => {
    const web = json(timelineChart(trace, { components: "web" }));
    expect(web.layer[1].encoding.y.sort).toEqual(["service", "web[0]", "web[1]", "web[2]"]);
    const capped = json(timelineChart(trace, { maxRows: 2 }));
    expect(capped.layer[1].encoding.y.sort).toEqual(["service", "cpu[2]", "cpu[10]"]);
    expect(capped.title.subtitle.join(" ")).toContain("2 of 8 components with events shown");
    expect(json(timelineChart(trace, { components: "cpu[*]" })).layer[1].encoding.y.sort).toEqual(["service", "cpu[2]", "cpu[10]"]);
    expectInputError(() => timelineChart(trace, { components: "wbe[0]" }), /matches no component.*did you mean "web\[0\]"/);
    expectInputError(() => timelineChart(trace, { components: "wbe" }), /matches no component.*did you mean "web"\?.*web \(3\)/);
  });

  it("sorts names naturally", () => {
    expect(["disk[10]", "disk[2]", "disk[1]", "cpu"].sort(naturalCompare)).toEqual(["cpu", "disk[1]", "disk[2]", "disk[10]"]);
  });

  it("reports a damaged trace at its line, and a result given as a trace", () => {
    const damagedLine = traceFixture().trim().split("\n").length + 1;
    expectInputError(() => parseTrace(traceFixture() + "{oops\n", "t.jsonl"), new RegExp(`^t\\.jsonl:${damagedLine}: not JSON`));
    expectInputError(() => parseTrace(traceFixture() + '{"t": "soon"}\n', "t.jsonl"), new RegExp(`^t\\.jsonl:${damagedLine}: expected a record`));
    expectInputError(() => parseTrace('{"schema":"ftsim.result/v1"}\n', "r.json"), /r\.json:1: not an ftsim trace.*"ftsim\.result\/v1"/);
    expectInputError(() => parseTrace(JSON.stringify(plainResult(), null, 2), "r.json"), /r\.json is an ftsim\.result\/v1 document, not a trace/);
    expectInputError(() => parseTrace("", "e.jsonl"), /empty file/);
  });
});

describe("result input", () => {
  it("accepts a result and refuses other JSON with what was expected and found", () => {
    expect(asResult(JSON.parse(JSON.stringify(plainResult())), "r.json").scenario.name).toBe("quickstart");
    expectInputError(() => asResult({ schema: "ftsim.compare/v1" }, "c.json"), /c\.json: not an ftsim result: expected "schema": "ftsim\.result\/v1".*found "schema": "ftsim\.compare\/v1"/);
    expectInputError(() => asResult([1, 2], "a.json"), /found a JSON array/);
    expectInputError(() => asResult({ ...plainResult(), values: { mttr_s: ["x"] } }, "v.json"), /values\.mttr_s: expected a list of numbers or nulls/);
  });
});

describe("rendering", { timeout: 60_000 }, () => {
  const spec = sweepChart(gridSweep(), { metric: "mttr_s" });

  it("knows formats by extension", () => {
    expect(chartFormatOf("a/fig.PNG")).toBe("png");
    expect(chartFormatOf("fig.vl.json")).toBe("vl.json");
    expect(chartFormatOf("fig.svg")).toBe("svg");
    expect(chartFormatOf("fig.json")).toBeUndefined();
    expect(chartFormatOf("fig.pdf")).toBeUndefined();
  });

  it("writes the title and the axis titles with units as SVG text in DejaVu Sans", async () => {
    const svg = await renderSvg(spec);
    expect(svg).toContain("MTTR vs components.web.mttr");
    expect(svg).toContain("components.web.mttr (h)");
    expect(svg).toContain("MTTR (h)");
    expect(svg).toContain('font-family="DejaVu Sans, Verdana, sans-serif"');
  });

  it("renders a PNG at twice the SVG size, with the text drawn (it differs from the same SVG without text)", async () => {
    const svg = await renderSvg(spec);
    const png = svgToPng(svg);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = svgSize(svg);
    expect(pngSize(png)).toEqual({ width: Math.round(size.width * 2), height: Math.round(size.height * 2) });
    expect(pngSize(svgToPng(svg, 1))).toEqual({ width: Math.round(size.width), height: Math.round(size.height) });
    const withoutText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, "");
    expect(withoutText.length).toBeLessThan(svg.length);
    expect(Buffer.from(svgToPng(withoutText)).equals(Buffer.from(png))).toBe(false);
  });

  it("gives identical bytes on every run, for every kind and format", async () => {
    const specs = [
      spec,
      barsChart(one(variantsSweep()), { metric: "mttr_s" }),
      distributionChart(one(plainResult()), { metric: "mttr_s" }),
      distributionChart(one(plainResult()), { metric: "mttr_s", style: "ecdf" }),
      timelineChart(parseTrace(traceFixture(), "t.jsonl")),
    ];
    for (const s of specs) {
      const [svgA, svgB] = [await renderSvg(s), await renderSvg(s)];
      expect(svgA).toBe(svgB);
      expect(Buffer.from(svgToPng(svgA)).equals(Buffer.from(svgToPng(svgB)))).toBe(true);
      expect(await renderChart(s, "vl.json")).toBe(await renderChart(s, "vl.json"));
    }
  });

  it("writes the spec as user-editable JSON with the Vega-Lite schema and the shared config", async () => {
    const text = (await renderChart(spec, "vl.json")) as string;
    const parsed = JSON.parse(text);
    expect(parsed.$schema).toMatch(/vega-lite\/v6\.json$/);
    expect(parsed.config.font).toMatch(/^DejaVu Sans/);
    expect(parsed.config.range.category).toEqual([...PALETTE]);
    expect(text.endsWith("\n")).toBe(true);
  });
});
