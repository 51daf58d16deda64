/** The HTML report's content (without a browser; test/e2e/report.test.ts opens it in Chromium). */
import { describe, expect, it } from "vitest";
import { escapeHtml, jsonForScript, renderHtmlReport, reportCharts } from "../../src/report/html.js";
import type { MetricSummary } from "../../src/stats/index.js";
import { gridSweep, plainResult, variantsSweep } from "./chart-fixtures.js";

describe("HTML report", () => {
  it("escapes text and keeps inlined JSON from closing its script element", () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    const json = jsonForScript({ name: "</script><script>alert(1)</script>", sep: "\u2028" });
    expect(json).not.toContain("<");
    expect(json).not.toContain("\u2028");
    expect(JSON.parse(json)).toEqual({ name: "</script><script>alert(1)</script>", sep: "\u2028" });
  });

  it("charts a run's distributions, a grid sweep's curves and a variants sweep's bars, headline metrics first", () => {
    const run = reportCharts(plainResult()).charts;
    expect(run.map((c) => c.heading)).toEqual(["Availability over replications", "Down time over replications", "Outages over replications", "MTTR over replications"]);
    const grid = reportCharts(gridSweep()).charts;
    expect(grid[0]!.heading).toBe("Availability across the sweep");
    expect(JSON.stringify(grid[0]!.spec)).toContain('"type":"area"');
    const variants = reportCharts(variantsSweep()).charts;
    expect(variants[0]!.heading).toBe("Availability by design");
  });

  it("charts a mechanism's own metrics before its per-item ones, in natural order, and names what it leaves out", () => {
    const result = plainResult();
    const values = result.values as Record<string, (number | null)[]>;
    const metrics = result.metrics as Record<string, MetricSummary>;
    const add = (name: string, from: string) => {
      values[name] = values[from]!;
      metrics[name] = { ...metrics[from]!, unit: name.endsWith("availability") ? "fraction" : "count" };
    };
    for (let g = 0; g < 12; g++) add(`storage.g${g}.availability`, "availability");
    add("storage.max_actives_per_node", "outages");
    add("ras.false_takeovers", "outages");
    const { charts, notes } = reportCharts(result);
    expect(charts.map((c) => c.heading).slice(4, 8)).toEqual([
      "ras: false takeovers over replications",
      "storage: max actives per node over replications",
      "storage.g0: Availability over replications",
      "storage.g1: Availability over replications",
    ]);
    expect(charts).toHaveLength(12);
    expect(notes.join(" ")).toContain("not charted: storage.g6.availability, storage.g7.availability, storage.g8.availability, storage.g9.availability, storage.g10.availability, storage.g11.availability");
  });

  it("says why there are no distribution charts for a result without per-replication values", () => {
    const { values: _dropped, ...old } = plainResult();
    const { charts, notes } = reportCharts(old);
    expect(charts).toEqual([]);
    expect(notes.join(" ")).toContain("no per-replication values");
  });

  it("is one self-contained page: scenario facts, the metrics with CIs, inlined libraries, no external URL loaded", () => {
    const result = plainResult();
    result.scenario.name = "web <tier>";
    const html = renderHtmlReport(result, "r.json");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("<h1>web &lt;tier&gt;</h1>");
    expect(html).toContain("sha256:00");
    expect(html).toContain("<code>mttr_s</code>");
    expect(html).toContain("95% CI");
    expect(html).toContain('data-ready');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toContain("vegaEmbed");
    // Deterministic: the same result gives the same bytes.
    expect(renderHtmlReport(result, "r.json")).toBe(html);
  });

  it("lists every point of a sweep with its parameters", () => {
    const html = renderHtmlReport(gridSweep(), "s.json");
    expect(html.match(/<details>/g)?.length).toBe(8);
    expect(html).toContain("components.web.mttr = 4 h, repair.crews = 2");
  });
});
