/** Renders a document (shared/document/document.ts) as terminal text. */
import type { Block } from "../../shared/document/document.ts";
import { renderTable } from "./table.ts";
import { terminalSafe } from "./terminal_safe.ts";

function renderBlock(block: Block): string {
  const t = (text: string): string => terminalSafe(text);
  switch (block.kind) {
    case "title":
      return `${t(block.text)}\n${"=".repeat(t(block.text).length)}`;
    case "section":
      return `${t(block.text)}\n${"-".repeat(t(block.text).length)}`;
    case "subsection":
      return `${t(block.text)}:`;
    case "paragraph":
      return terminalSafe(block.text, { keepNewlines: true });
    case "facts": {
      const width = Math.max(...block.items.map((f) => t(f.label).length));
      return block.items.map((f) => `  ${t(f.label).padEnd(width)}  ${t(f.value)}`).join("\n");
    }
    case "list":
      return block.items.map((item, i) => `  ${block.ordered ? `${i + 1}.` : "-"} ${t(item)}`).join("\n");
    case "table":
      return renderTable(block.columns, block.rows);
  }
}

/** The document as text: blocks separated by blank lines, ending with a newline; control characters escaped. */
export function renderText(blocks: Block[]): string {
  return blocks.map(renderBlock).join("\n\n") + "\n";
}
