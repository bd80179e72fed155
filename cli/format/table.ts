/** Plain-text tables for the terminal: padded columns, numbers aligned right. */
import type { Column } from "../../shared/document/document.ts";
import { terminalSafe } from "./terminal_safe.ts";

/** Renders a table with a header and a rule under it; each line starts with `indent`. */
export function renderTable(columns: Column[], rawRows: string[][], indent = "  "): string {
  const rows = rawRows.map((row) => row.map((cell) => terminalSafe(cell)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    indent +
    cells.map((
      cell,
      i,
    ) => (columns[i]?.align === "right" ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ")
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    indent + widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
  ].join("\n");
}
