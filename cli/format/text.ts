/** Renders a document (shared/report/document.ts) as terminal text. */
import type { Block } from "../../shared/report/document.ts";
import { renderTable } from "./table.ts";

function renderBlock(block: Block): string {
  switch (block.kind) {
    case "title":
      return `${block.text}\n${"=".repeat(block.text.length)}`;
    case "section":
      return `${block.text}\n${"-".repeat(block.text.length)}`;
    case "subsection":
      return `${block.text}:`;
    case "paragraph":
      return block.text;
    case "facts": {
      const width = Math.max(...block.items.map((f) => f.label.length));
      return block.items.map((f) => `  ${f.label.padEnd(width)}  ${f.value}`).join("\n");
    }
    case "list":
      return block.items.map((item, i) => `  ${block.ordered ? `${i + 1}.` : "-"} ${item}`).join("\n");
    case "table":
      return renderTable(block.columns, block.rows);
  }
}

/** The document as text: blocks separated by blank lines, ending with a newline. */
export function renderText(blocks: Block[]): string {
  return blocks.map(renderBlock).join("\n\n") + "\n";
}
