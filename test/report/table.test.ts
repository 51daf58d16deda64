import { describe, expect, it } from "vitest";
import { csvCell, renderGrid } from "../../src/report/table.js";

describe("renderGrid", () => {
  const header = ["metric", "mean"];
  const rows = [
    ["availability", "0.99"],
    ["a|b", "1"],
  ];

  it("aligns a text table, numbers right", () => {
    expect(renderGrid(header, rows, "table")).toBe("metric        mean\navailability  0.99\na|b              1\n");
  });

  it("writes a GitHub-flavoured Markdown table, escaping pipes", () => {
    expect(renderGrid(header, rows, "markdown")).toBe("| metric | mean |\n| --- | --- |\n| availability | 0.99 |\n| a\\|b | 1 |\n");
  });

  it("quotes CSV cells that need it (RFC 4180)", () => {
    expect(csvCell('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvCell("plain")).toBe("plain");
    expect(renderGrid(["a", "b"], [["1,5", "x"]], "csv")).toBe('a,b\n"1,5",x\n');
  });
});
