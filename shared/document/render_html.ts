/**
 * Renders a document (shared/document/document.ts) as one self-contained HTML page: inline CSS,
 * no scripts, no external resources, every text escaped.
 */
import type { Block } from "./document.ts";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

const STYLE = `
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
  h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #eaeef2; padding-bottom: .2rem; }
  h3 { font-size: 1.05rem; }
  table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
  th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; }
  th { background: #f6f8fa; text-align: left; }
  td.r, th.r { text-align: right; }
  ul.facts { list-style: none; padding-left: 0; }
  ul.facts li { margin: .15rem 0; }
  @media (max-width: 600px) { body { font-size: 14px; } table { display: block; overflow-x: auto; } }
`;

function renderBlock(block: Block): string {
  switch (block.kind) {
    case "title":
      return `<h1>${escapeHtml(block.text)}</h1>`;
    case "section":
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case "subsection":
      return `<h3>${escapeHtml(block.text)}</h3>`;
    case "paragraph":
      return `<p>${escapeHtml(block.text)}</p>`;
    case "facts":
      return `<ul class="facts">${
        block.items.map((f) => `<li><strong>${escapeHtml(f.label)}</strong>: ${escapeHtml(f.value)}</li>`)
          .join("")
      }</ul>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</${tag}>`;
    }
    case "table": {
      const cls = (i: number) => (block.columns[i]?.align === "right" ? ` class="r"` : "");
      const head = block.columns.map((c, i) => `<th${cls(i)}>${escapeHtml(c.header)}</th>`).join("");
      const rows = block.rows.map((row) =>
        `<tr>${row.map((cell, i) => `<td${cls(i)}>${escapeHtml(cell)}</td>`).join("")}</tr>`
      );
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
    }
  }
}

/** The document as a complete HTML page titled `title`. */
export function renderHtml(title: string, blocks: Block[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${blocks.map(renderBlock).join("\n")}
</body>
</html>
`;
}
