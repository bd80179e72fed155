/** Renders a document (shared/document/document.ts) as GitHub-flavoured markdown. */
import type { Block } from "./document.ts";

/** Escapes the characters that would change markdown structure inside a line of text (brackets only where they would start a link). */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*<>|]/g, (c) => `\\${c}`).replace(/\]\(/g, "]\\(").replace(/\n/g, " ");
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case "title":
      return `# ${escapeMarkdown(block.text)}`;
    case "section":
      return `## ${escapeMarkdown(block.text)}`;
    case "subsection":
      return `### ${escapeMarkdown(block.text)}`;
    case "paragraph":
      return escapeMarkdown(block.text);
    case "facts":
      return block.items.map((f) => `- **${escapeMarkdown(f.label)}**: ${escapeMarkdown(f.value)}`).join(
        "\n",
      );
    case "list":
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "-"} ${escapeMarkdown(item)}`)
        .join("\n");
    case "table": {
      const head = `| ${block.columns.map((c) => escapeMarkdown(c.header)).join(" | ")} |`;
      const rule = `| ${block.columns.map((c) => (c.align === "right" ? "---:" : "---")).join(" | ")} |`;
      const rows = block.rows.map((row) => `| ${row.map(escapeMarkdown).join(" | ")} |`);
      return [head, rule, ...rows].join("\n");
    }
  }
}

/** The document as markdown: blocks separated by blank lines, ending with a newline. */
export function renderMarkdown(blocks: Block[]): string {
  return blocks.map(renderBlock).join("\n\n") + "\n";
}
