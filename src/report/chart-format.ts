/**
 * Chart output formats and file naming, without the renderer: the CLI
 * needs these at start-up, and loading vega and resvg there would slow every
 * command (about 0.3 s) for the one that draws.
 */

/** Output formats of a chart, by file extension. */
export const CHART_FORMATS = ["svg", "png", "vl.json"] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

/** PNG pixels per SVG unit by default: a 460-unit chart becomes ~1000 px wide, ~300 dpi in one paper column. */
export const DEFAULT_PNG_SCALE = 2;

/** The format a file name asks for (`fig.png` → png, `fig.vl.json` → vl.json), or undefined. */
export function chartFormatOf(path: string): ChartFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".vl.json")) return "vl.json";
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  return undefined;
}
