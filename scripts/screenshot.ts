/**
 * Screenshot of an HTML report for the docs: opens it from `file:` in
 * headless Chromium, waits until every chart has rendered, and saves the
 * top of the page (header, metrics table, first charts) as a PNG.
 *
 *   node --import tsx scripts/screenshot.ts report.html docs/img/report.png
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const [html, png] = process.argv.slice(2);
if (html === undefined || png === undefined) {
  process.stderr.write("usage: node --import tsx scripts/screenshot.ts <report.html> <out.png>\n");
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`${CHROMIUM} is missing: apt-get install chromium\n`);
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), "ftsim-shot-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 1600 });
  await page.goto(pathToFileURL(html).href);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  const ready = await page.getAttribute("body", "data-ready");
  if (ready !== "1") throw new Error(`the report's charts did not render (data-ready=${ready})`);
  await page.screenshot({ path: png, fullPage: false });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
