/**
 * The HTML report in a real browser: `ftsim report` output opened from
 * `file:` in headless Chromium (Debian's `chromium`, driven by
 * playwright-core). Every chart must render (an <svg> or <canvas> in each
 * chart box), with no console error and no request leaving the file.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtmlReport } from "../../src/report/html.js";
import { gridSweep, plainResult } from "../report/chart-fixtures.js";
import { CLI_TIMEOUT_MS, runCli, tempDir } from "../cli/run-cli.js";
import { CHROMIUM_FLAGS, chromiumPath } from "../../scripts/browser.js";


describe("HTML report in headless Chromium", { timeout: 3 * CLI_TIMEOUT_MS }, () => {
  const tmp = tempDir("ftsim-e2e-");
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    // Never a skip: `npm test` installs the browser first (scripts/browser.ts), and without one this throws.
    context = await chromium.launchPersistentContext(join(tmp.dir, "profile"), { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_FLAGS] });
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    tmp.cleanup();
  });

  /** Opens a report, waits for the charts, takes a screenshot, and returns what the page did. */
  async function openReport(html: string, name: string) {
    const page = await context!.newPage();
    const errors: string[] = [];
    const external: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) external.push(r.url());
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    const ready = await page.getAttribute("body", "data-ready");
    const boxes = await page.$$eval(".chart", (els) => els.map((e) => e.querySelectorAll("svg, canvas").length));
    const screenshot = join(tmp.dir, `${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();
    return { ready, boxes, errors, external, screenshot };
  }

  function expectRendered(page: Awaited<ReturnType<typeof openReport>>, minCharts: number): void {
    expect(page.errors).toEqual([]);
    expect(page.external).toEqual([]);
    expect(page.ready).toBe("1");
    expect(page.boxes.length).toBeGreaterThanOrEqual(minCharts);
    for (const graphics of page.boxes) expect(graphics).toBeGreaterThanOrEqual(1);
    expect(readFileSync(page.screenshot).subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(page.screenshot).size).toBeGreaterThan(10_000);
  }

  it("renders the distribution charts of `ftsim report` on a real run", async () => {
    const result = join(tmp.dir, "run.json");
    const html = join(tmp.dir, "run.html");
    const run = runCli(["run", "scenarios/quickstart.yaml", "--replications", "10", "--format", "json", "--out", result]);
    expect(run.status).toBe(0);
    const made = runCli(["report", result, "--out", html]);
    expect(made.stderr).toBe("");
    expect(made.status).toBe(0);
    expectRendered(await openReport(html, "run"), 3);
  });

  it("renders the curves of a grid sweep", async () => {
    const html = tmp.file("sweep.html", renderHtmlReport(gridSweep(), "sweep.json"));
    expectRendered(await openReport(html, "sweep"), 3);
  });

  it("reports a chart that fails to render as data-ready='error' with the console error (the check can fail)", async () => {
    const broken = plainResult();
    // An unknown mark type passes the report's own checks but makes vega-embed reject.
    const page = await (async () => {
      const html = renderHtmlReport(broken).replace('"mark":{"type":"rect"', '"mark":{"type":"no-such-mark"');
      const file = tmp.file("broken.html", html);
      const p = await context!.newPage();
      const errors: string[] = [];
      p.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await p.goto(pathToFileURL(file).href);
      await p.waitForSelector("body[data-ready]", { timeout: 30_000 });
      const ready = await p.getAttribute("body", "data-ready");
      await p.close();
      return { ready, errors };
    })();
    expect(page.ready).toBe("error");
    expect(page.errors.length).toBeGreaterThan(0);
  });
});
