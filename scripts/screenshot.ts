/**
 * Screenshot of an HTML report for the docs: opens it from `file:` in
 * headless Chromium, waits until every chart has rendered, and saves the
 * top of the page (header, metrics table, first charts) as a PNG.
 *
 *   node --import tsx scripts/screenshot.ts report.html docs/img/report.png
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, findChromium } from "./browser.js";

const [html, png] = process.argv.slice(2);
if (html === undefined || png === undefined) {
  process.stderr.write("usage: node --import tsx scripts/screenshot.ts <report.html> <out.png>\n");
  process.exit(2);
}
const browser = findChromium();
if (browser.kind !== "found") {
  process.stderr.write("no Chromium found: run `node --import tsx scripts/browser.ts` (installs Debian's chromium as root) or set CHROMIUM\n");
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), "ftsim-shot-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: browser.path,
  headless: true,
  args: [...CHROMIUM_FLAGS],
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
