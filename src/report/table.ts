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
  return `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
}

/** RFC 4180: quote a cell that holds a comma, a quote or a line break. */
export function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
