import { alignColumns } from "./text.js";

/** How a grid of cells is printed: aligned text, a Markdown (GFM) table, or CSV. */
export type GridFormat = "table" | "markdown" | "csv";

/** Renders a header row and data rows in one of the grid formats (ends with a newline). */
export function renderGrid(header: readonly string[], rows: readonly (readonly string[])[], format: GridFormat): string {
  switch (format) {
    case "table":
      return alignColumns([header, ...rows]).join("\n") + "\n";
    case "markdown":
      return [markdownRow(header), markdownRow(header.map(() => "---")), ...rows.map(markdownRow)].join("\n") + "\n";
    case "csv":
      return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
  }
}

function markdownRow(cells: readonly string[]): string {
  return `| ${cells.map(markdownInline).join(" | ")} |`;
}

/**
 * Text from a scenario (a name, a path) safe inside a Markdown line or table
 * cell: no line breaks (a new heading), no HTML, no pipes, and no link or
 * image syntax (`![x](https://...)` would load a remote image when the
 * Markdown is shown). Instance ids such as `host[3]` stay as they are.
 */
export function markdownInline(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/!\[/g, "!\\[")
    .replace(/\]\(/g, "\\](")
    .replace(/\]\[/g, "\\][");
}

/** A number as CSV writes it: a leading sign is data, not a formula. */
const CSV_NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * RFC 4180: quote a cell that holds a comma, a quote or a line break. A cell
 * that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return, and not a number) gets a leading `'`, as OWASP
 * recommends against CSV injection (docs/robustness.md).
 */
export function csvCell(cell: string): string {
  const safe = /^[=+\-@\t\r]/.test(cell) && !CSV_NUMBER.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
