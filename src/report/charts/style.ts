/**
 * The look every chart shares: fonts, sizes and the colour-blind-safe
 * palette. Sizes are for a figure printed one column wide in a two-column
 * paper (about 8.5 cm): the PNG is rendered at 2× (see `render.ts`), so a
 * 460-unit-wide chart becomes about 1000 px, ~300 dpi at that width, and
 * 11-unit labels print at about 7 pt.
 */
import type { Config } from "vega-lite";

/** Vega-Lite schema URL, so a saved `.vl.json` opens in the Vega editor and validates in IDEs (never fetched). */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/**
 * DejaVu Sans first: the PNG renderer loads exactly that font (vendored in
 * `assets/fonts/`), so PNGs are identical on every machine; browsers without
 * it fall back to their sans-serif.
 */
export const FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif";

/**
 * Okabe & Ito (2008), "Color Universal Design": distinguishable under the
 * common colour-vision deficiencies and in greyscale by lightness. Yellow
 * (#F0E442) is left out: it is unreadable as a line on white.
 */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"] as const;

/** Colours of component states in timelines (from the same palette). */
export const STATE_COLOURS: Readonly<Record<"down" | "hung" | "slow", string>> = {
  down: "#D55E00", // vermillion: not working
  hung: "#CC79A7", // reddish purple: alive, silent
  slow: "#E69F00", // orange: working, degraded
};

/** Plot area of the charts with a continuous x axis (units: CSS px at 1×). */
export const PLOT = { width: 460, height: 260 } as const;

/** The shared Vega-Lite config. */
export const CHART_CONFIG: Config = {
  font: FONT_FAMILY,
  background: "white",
  padding: 10,
  title: { fontSize: 14, fontWeight: "bold", subtitleFontSize: 11, subtitleColor: "#333333", subtitlePadding: 4, anchor: "start", offset: 12 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: "normal",
    titleColor: "#000000",
    labelColor: "#222222",
    gridColor: "#e4e4e4",
    domainColor: "#555555",
    tickColor: "#555555",
    labelLimit: 220,
    // Flushing moves the first and last labels inwards, where they collide with their neighbours.
    labelFlush: false,
    titlePadding: 8,
  },
  // Legend titles are parameter paths (`mechanisms.storage.standbys`): never clipped.
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: "normal", labelLimit: 220, titleLimit: 0, symbolSize: 90 },
  range: { category: [...PALETTE] },
  view: { stroke: "#cccccc" },
  line: { strokeWidth: 2 },
  point: { size: 45, filled: true },
};

/** The title block: `text` bold, then one subtitle line per entry (empty entries dropped). */
export function titleBlock(text: string, subtitle: readonly (string | undefined)[]): { text: string; subtitle: string[] } {
  return { text, subtitle: subtitle.filter((s): s is string => s !== undefined && s !== "") };
}
