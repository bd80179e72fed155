import assert from "node:assert/strict";
import { type Block, number, tableOr, text } from "./document.ts";
import { escapeMarkdown, renderMarkdown } from "./render_markdown.ts";
import { escapeHtml, renderHtml } from "./render_html.ts";

const doc: Block[] = [
  { kind: "title", text: "Report" },
  { kind: "section", text: "1. Usage" },
  { kind: "facts", items: [{ label: "Cost", value: "$2.50" }] },
  { kind: "table", columns: [text("Model"), number("Cost")], rows: [["a|b", "$1.00"]] },
  { kind: "list", ordered: true, items: ["first", "second"] },
  { kind: "paragraph", text: "<script>alert(1)</script>" },
];

Deno.test("markdown: headings, bold facts, right-aligned numeric columns, escaped cells", () => {
  const md = renderMarkdown(doc);
  assert.match(md, /^# Report\n\n## 1\. Usage\n\n- \*\*Cost\*\*: \$2\.50\n/);
  assert.match(md, /\| Model \| Cost \|\n\| --- \| ---: \|\n\| a\\\|b \| \$1\.00 \|/);
  assert.match(md, /1\. first\n2\. second/);
  assert.ok(md.includes("\\<script\\>"));
  assert.equal(escapeMarkdown("a*b`c"), "a\\*b\\`c");
  assert.equal(escapeMarkdown("per_day[6] [x](y)"), "per_day[6] [x]\\(y)");
});

Deno.test("html: a complete page with everything escaped and no external resources", () => {
  const html = renderHtml("Report <1>", doc);
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes("<title>Report &lt;1&gt;</title>"));
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(!html.includes("<script>"));
  assert.ok(!/(src|href)=/.test(html));
  assert.ok(html.includes(`<td class="r">$1.00</td>`));
  assert.equal(escapeHtml(`"'&`), "&quot;&#39;&amp;");
});

Deno.test("tableOr says so when there are no rows", () => {
  assert.deepEqual(tableOr([text("a")], [], "Nothing."), { kind: "paragraph", text: "Nothing." });
  assert.equal(tableOr([text("a")], [["x"]], "Nothing.").kind, "table");
});
