/**
 * Vega-Lite spec → SVG → PNG, headless and deterministic.
 *
 * - SVG: vega's `View` with renderer `none` (no DOM, no canvas); text widths
 *   are vega's estimates, which are wider than DejaVu Sans's real glyphs, so
 *   labels are never clipped.
 * - PNG: resvg with the DejaVu Sans files vendored in `assets/fonts/` and no
 *   system fonts. Without font files resvg silently drops all text, and with
 *   system fonts the result depends on the machine; with the vendored files
 *   the same spec gives the same PNG bytes everywhere.
 */
import { Resvg } from "@resvg/resvg-js";
import { fileURLToPath } from "node:url";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { DEFAULT_PNG_SCALE, type ChartFormat } from "./chart-format.js";

export { CHART_FORMATS, chartFormatOf, DEFAULT_PNG_SCALE, type ChartFormat } from "./chart-format.js";

/**
 * The vendored fonts, resolved from this module: `src/report/` under tsx and
 * vitest, `dist/report/` once built; `assets/` sits two levels up from both.
 */
export const FONT_FILES: readonly string[] = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) =>
  fileURLToPath(new URL(`../../assets/fonts/${f}`, import.meta.url)),
);

/** The spec as a user-editable file: pretty JSON, ending with a newline. */
export function specToJson(spec: TopLevelSpec): string {
  return JSON.stringify(spec, null, 2) + "\n";
}

/** Renders a Vega-Lite spec to an SVG document (the chart's own size, in CSS px). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG document with the vendored DejaVu Sans, on white, at `scale` pixels per unit. */
export function svgToPng(svg: string, scale = DEFAULT_PNG_SCALE): Uint8Array {
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: [...FONT_FILES],
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return resvg.render().asPng();
}

/** Renders a spec in one of the chart formats: text for svg and vl.json, bytes for png. */
export async function renderChart(spec: TopLevelSpec, format: ChartFormat, options: { scale?: number } = {}): Promise<string | Uint8Array> {
  switch (format) {
    case "vl.json":
      return specToJson(spec);
    case "svg":
      return renderSvg(spec);
    case "png":
      return svgToPng(await renderSvg(spec), options.scale);
  }
}
